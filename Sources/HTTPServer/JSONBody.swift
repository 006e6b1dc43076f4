import HelplineDomain
import Hummingbird
import NIOCore

/// Reading request bodies strictly: JSON only (415 otherwise), at most the configured size (413), well-formed
/// (400 naming the position of the syntax error).
enum JSONBody {
    static func read(_ request: Request, limit: Int) async throws -> JSONValue {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/json") else {
            throw Problem(
                .unsupportedMediaType, "Unsupported media type",
                detail: type.isEmpty
                    ? "send the body as application/json (Content-Type is missing)" : "send the body as application/json, not \(type)")
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw Problem(.contentTooLarge, "Request body too large", detail: "the request body exceeds the limit of \(limit) bytes")
        }
        do {
            return try JSONParser.parse(buffer.readableBytesView)
        } catch {
            throw Problem.badRequest("the body is not valid JSON: \(error.description)")
        }
    }

    /// The members of an object body, refusing keys not in `allowed`.
    static func object(_ value: JSONValue, allowed: Set<String>, what: String) throws -> [String: JSONValue] {
        guard case .object(let members) = value else {
            throw Problem.badRequest("\(what) must be a JSON object, got \(value.typeDescription)")
        }
        var result: [String: JSONValue] = [:]
        for (key, member) in members {
            guard allowed.contains(key) else {
                throw Problem.badRequest(
                    "unknown field \"\(key)\" in \(what); allowed: \(allowed.sorted().joined(separator: ", "))",
                    errors: [.init(field: key, message: "unknown field")])
            }
            result[key] = member
        }
        return result
    }
}

/// Query parameters, refusing unknown ones so a typo is an error rather than an ignored filter.
struct QueryParameters {
    let values: [String: String]

    init(_ request: Request, allowed: Set<String>) throws {
        var values: [String: String] = [:]
        for (key, value) in request.uri.queryParameters {
            let name = String(key)
            guard allowed.contains(name) else {
                throw Problem.badRequest(
                    "unknown query parameter \"\(name)\"; allowed: \(allowed.sorted().joined(separator: ", "))",
                    errors: [.init(field: name, message: "unknown query parameter")])
            }
            guard values[name] == nil else { throw Problem.badRequest("query parameter \"\(name)\" is given twice") }
            values[name] = String(value)
        }
        self.values = values
    }

    subscript(_ name: String) -> String? { values[name] }
}
