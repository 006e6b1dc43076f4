import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Postgres
import Testing

@Suite("Access control")
struct AuthTests {
    @Test("/health answers without a token; other routes need one (401 problem+json with WWW-Authenticate)")
    func anonymous() async throws {
        try await withAPI { client, tokens, _, _ in
            let health = try await client.execute(uri: "/health", method: .get)
            #expect(health.status == .ok)
            // Up or down and nothing else: projection lag moves with every contact (docs/DISCLOSURE.md).
            #expect(try object(health).keys.sorted() == ["status"])
            #expect(try object(health)["status"] as? String == "ok")
            #expect(try await client.execute(uri: "/v1/health", method: .get).status == .unauthorized)
            let details = try object(try await client.execute(uri: "/v1/health", method: .get, headers: bearer(tokens.read)))
            #expect(details["database"] as? String == "ok")
            #expect((details["projections"] as? [[String: Any]])?.isEmpty == false)
            for (uri, method) in [
                ("/v1/events", HTTPRequest.Method.post), ("/v1/reports/monthly", .get), ("/v1/campaigns", .get), ("/metrics", .get),
                ("/openapi.yaml", .get), ("/v1/campaigns/x/start", .post),
            ] {
                let response = try await client.execute(uri: uri, method: method)
                #expect(response.status == .unauthorized, "\(method) \(uri)")
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
        }
    }

    @Test("an unknown, malformed or revoked token is 401")
    func badTokens() async throws {
        try await withAPI(configure: { $0.tokenCacheSeconds = 0 }) { client, tokens, pool, _ in
            #expect(try await client.execute(uri: "/v1/campaigns", method: .get, headers: bearer(tokens.read)).status == .ok)
            for header in ["Bearer hs_nope", "Basic dXNlcjpwYXNz", "Bearer", tokens.read] {
                let response = try await client.execute(uri: "/v1/campaigns", method: .get, headers: [.authorization: header])
                #expect(response.status == .unauthorized, "\(header)")
            }
            _ = try await TokenStore(pool: pool).revoke("read")
            let revoked = try await client.execute(uri: "/v1/campaigns", method: .get, headers: bearer(tokens.read))
            #expect(revoked.status == .unauthorized)
            #expect(try object(revoked)["detail"] as? String == "the bearer token is unknown or revoked")
        }
    }

    @Test("ingest cannot read reports, read cannot write (403 naming the needed scope), admin can do both")
    func scopes() async throws {
        try await withAPI { client, tokens, _, _ in
            let ingestReads = try await client.execute(uri: "/v1/reports/monthly", method: .get, headers: bearer(tokens.ingest))
            #expect(ingestReads.status == .forbidden)
            #expect((try object(ingestReads)["detail"] as? String)?.contains("needs read") == true)
            let readWrites = try await client.execute(
                uri: "/v1/events", method: .post, headers: jsonHeaders(tokens.read), body: json(receivedEvent(contact: "a")))
            #expect(readWrites.status == .forbidden)
            #expect(try await client.execute(uri: "/metrics", method: .get, headers: bearer(tokens.ingest)).status == .forbidden)
            let adminReads = try await client.execute(uri: "/v1/reports/monthly", method: .get, headers: bearer(tokens.admin))
            #expect(adminReads.status == .ok)
            let adminWrites = try await client.execute(
                uri: "/v1/events", method: .post, headers: jsonHeaders(tokens.admin), body: json(receivedEvent(contact: "b")))
            #expect(adminWrites.status == .created)
            // Any valid token may read the API description.
            #expect(try await client.execute(uri: "/openapi.yaml", method: .get, headers: bearer(tokens.ingest)).status == .ok)
        }
    }

    @Test("tokens are stored only as hashes")
    func onlyHashes() async throws {
        try await withAPI { _, tokens, pool, _ in
            let rows = try await pool.query(
                "SELECT count(*) FROM auth.api_tokens WHERE position(convert_to(\(tokens.admin), 'UTF8') in token_hash) > 0 OR name = \(tokens.admin)"
            )
            #expect(try rows[0].decode(Int.self, at: 0) == 0)
            let hashes = try await pool.query("SELECT length(token_hash) FROM auth.api_tokens")
            #expect(try hashes.map { try $0.decode(Int.self, at: 0) } == [32, 32, 32])
        }
    }
}
