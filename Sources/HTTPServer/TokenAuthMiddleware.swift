import Foundation
import Hummingbird

/// Requires a valid bearer token with `scope` (admin tokens pass every scope): 401 without or with a bad
/// token, 403 with a token that lacks the scope.
struct TokenAuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let tokens: TokenStore
    /// The scope required; nil accepts any valid token.
    let scope: TokenScope?
    /// When true, anonymous requests pass through (with no principal): the public dashboard.
    var allowAnonymous = false
    /// A second scope that also passes (the route then serves only public figures to it).
    var orScope: TokenScope? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        guard let header = request.headers[.authorization] else {
            if allowAnonymous { return try await next(request, context) }
            throw Problem.unauthorized(
                "this route needs a bearer token\(scope.map { " with scope \($0.rawValue)" } ?? "") (Authorization: Bearer hs_…)")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem.unauthorized("the Authorization header must be `Bearer <token>`")
        }
        guard let principal = try await tokens.verify(String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw Problem.unauthorized("the bearer token is unknown or revoked")
        }
        if let scope, !principal.allows(scope), !(orScope.map(principal.allows) ?? false) {
            throw Problem.forbidden(
                "token \"\(principal.name)\" has scope(s) \(principal.scopes.map(\.rawValue).sorted().joined(separator: ", ")); this route needs \(scope.rawValue)\(orScope.map { " or \($0.rawValue)" } ?? "")"
            )
        }
        context.principal = principal
        return try await next(request, context)
    }
}
