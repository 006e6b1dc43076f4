import Foundation
import HTTPServer
import HelplineSchema
import Hummingbird
import HummingbirdTesting
import Logging
import Postgres
import PostgresTestSupport
import Projections

/// Tokens of each scope for a test.
struct APITokens: Sendable {
    let ingest: String
    let read: String
    let admin: String
}

/// A migrated fresh database, the API on it (router-level test client), and a token per scope.
func withAPI<T: Sendable>(
    configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: @escaping @Sendable (any TestClientProtocol, APITokens, PostgresPool, PostgresConfiguration) async throws -> T
) async throws -> T {
    try await TestDatabase.withMigratedPool { pool, configuration in
        var server = ServerConfiguration()
        server.port = 0
        configure(&server)
        let store = TokenStore(pool: pool)
        let tokens = APITokens(
            ingest: try await store.create(name: "ingest", scopes: [.ingest]).token,
            read: try await store.create(name: "read", scopes: [.read]).token,
            admin: try await store.create(name: "admin", scopes: [.admin]).token)
        let services = APIServices(pool: pool, configuration: server, logger: TestDatabase.logger)
        let app = Application(router: APIApplication.buildRouter(services), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.router) { client in try await body(client, tokens, pool, configuration) }
    }
}

func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

func jsonHeaders(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

/// The response body parsed as a JSON object (or array).
func parse(_ response: TestResponse) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView), options: [.fragmentsAllowed])
}

func object(_ response: TestResponse) throws -> [String: Any] {
    guard let object = try parse(response) as? [String: Any] else { throw TestDatabaseError("not a JSON object: \(String(buffer: response.body))") }
    return object
}

/// A valid ContactReceived event document.
func receivedEvent(id: UUID = UUID(), contact: String, at: String = "2023-03-02T09:15:00Z", extraData: String = "") -> String {
    """
    {"eventId":"\(id.uuidString.lowercased())","type":"ContactReceived","schemaVersion":1,"occurredAt":"\(at)","source":"telephony",
     "helpline":"1712","contactId":"\(contact)","data":{"channel":"phone","receivedAt":"\(at)"\(extraData)}}
    """
}

/// Brings the read models up to date.
func catchUpProjections(_ configuration: PostgresConfiguration) async throws {
    var options = ProjectionWorker.Options()
    options.untilCaughtUp = true
    try await ProjectionWorkers(configuration: configuration, options: options, logger: TestDatabase.logger).run()
}
