import Foundation
import Postgres
import Synchronization

/// A scope of an API token.
public enum TokenScope: String, Sendable, CaseIterable, Codable {
    /// Append events and record campaigns.
    case ingest
    /// Read reports, campaigns and the dashboard.
    case read
    /// Read the public figures only: the reports and the dashboard with disclosure control (docs/DISCLOSURE.md).
    case `public`
    /// Everything.
    case admin
}

/// Who made a request: a verified, unrevoked token.
public struct TokenPrincipal: Sendable, Equatable {
    public var tokenID: UUID
    public var name: String
    public var scopes: Set<TokenScope>

    public func allows(_ scope: TokenScope) -> Bool { scopes.contains(scope) || scopes.contains(.admin) }
}

/// A token as listed (never the token itself).
public struct TokenInfo: Sendable, Equatable {
    public var tokenID: UUID
    public var name: String
    public var scopes: [TokenScope]
    public var createdAt: Date
    public var revokedAt: Date?
}

/// API tokens in `auth.api_tokens`. Only the SHA-256 of a token is stored (computed by PostgreSQL's
/// `sha256()`), so a database dump does not reveal usable tokens. Verified tokens are cached for a few
/// seconds; a revocation takes effect within that time.
public final class TokenStore: Sendable {
    let pool: PostgresPool
    let cacheSeconds: Double
    private let cache = Mutex<[String: (principal: TokenPrincipal?, until: ContinuousClock.Instant)]>([:])

    public init(pool: PostgresPool, cacheSeconds: Double = 5) {
        self.pool = pool
        self.cacheSeconds = cacheSeconds
    }

    /// Creates a token and returns it with its id. The token is not stored and cannot be shown again.
    public func create(name: String, scopes: [TokenScope]) async throws -> (token: String, id: UUID) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token =
            "hs_"
            + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let rows = try await pool.query(
            """
            INSERT INTO auth.api_tokens (name, scopes, token_hash)
            VALUES (\(name), \(Set(scopes).map(\.rawValue).sorted())::text[], sha256(convert_to(\(token), 'UTF8')))
            RETURNING token_id
            """)
        return (token, try rows[0].decode(UUID.self, at: 0))
    }

    public func list() async throws -> [TokenInfo] {
        try await pool.query("SELECT token_id, name, scopes, created_at, revoked_at FROM auth.api_tokens ORDER BY created_at").map { row in
            TokenInfo(
                tokenID: try row.decode(UUID.self, at: 0), name: try row.decode(String.self, at: 1),
                scopes: try row.decode([String].self, at: 2).compactMap(TokenScope.init(rawValue:)), createdAt: try row.decode(Date.self, at: 3),
                revokedAt: try row.decode(Date?.self, at: 4))
        }
    }

    /// Revokes by id or by name; returns how many tokens were revoked.
    public func revoke(_ idOrName: String) async throws -> Int {
        let id = UUID(uuidString: idOrName)
        let count = try await pool.execute(
            """
            UPDATE auth.api_tokens SET revoked_at = now()
             WHERE revoked_at IS NULL AND (token_id = \(id) OR (\(id)::uuid IS NULL AND name = \(idOrName)))
            """)
        cache.withLock { $0.removeAll() }
        return count
    }

    /// The principal of a presented token, or nil if it is unknown or revoked.
    public func verify(_ token: String) async throws -> TokenPrincipal? {
        let now = ContinuousClock.now
        if let cached = cache.withLock({ $0[token] }), cached.until > now { return cached.principal }
        guard token.hasPrefix("hs_"), token.utf8.count <= 100 else { return nil }
        let rows = try await pool.query(
            """
            SELECT token_id, name, scopes FROM auth.api_tokens
             WHERE token_hash = sha256(convert_to(\(token), 'UTF8')) AND revoked_at IS NULL
            """)
        let principal = try rows.first.map { row in
            TokenPrincipal(
                tokenID: try row.decode(UUID.self, at: 0), name: try row.decode(String.self, at: 1),
                scopes: Set(try row.decode([String].self, at: 2).compactMap(TokenScope.init(rawValue:))))
        }
        cache.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[token] = (principal, now + .milliseconds(Int(cacheSeconds * 1000)))
        }
        return principal
    }
}
