import Hummingbird

/// Whether a request gets public figures (docs/DISCLOSURE.md): anonymous requests, tokens without the `read` scope
/// (a `public` token) and `?public=true` do; a `read` token sees every figure unless it asks for the public ones.
enum PublicUse {
    static func isPublic(_ query: QueryParameters, context: AppRequestContext) throws -> Bool {
        let asked: Bool
        switch query["public"] {
        case nil, "false": asked = false
        case "true": asked = true
        case let other?:
            throw Problem.badRequest(
                "query parameter \"public\" must be true or false, got \"\(other.prefix(40))\"",
                errors: [.init(field: "public", message: "expected true or false")])
        }
        guard let principal = context.principal else { return true }
        return asked || !principal.allows(.read)
    }
}
