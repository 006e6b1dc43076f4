import Foundation
import HTTPServer
import HelplineSchema
import Hummingbird
import HummingbirdTesting
import LocalPostgres
import Logging
import Postgres
import PostgresTestSupport
import Testing

@Suite("Database outage")
struct OutageRecoveryTests {
    @Test("the database stops: requests get 503 with Retry-After; it comes back: the same server answers again, without a restart")
    func recoversByItself() async throws {
        try await HorizonLock.run {
            let folder = URL(fileURLWithPath: "/tmp/outage-\(UUID().uuidString.prefix(8).lowercased())", isDirectory: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var logger = Logger(label: "test.outage")
            logger.logLevel = .critical
            let cluster = LocalPostgres(directory: folder, logger: logger)
            try await cluster.start()
            do {
                let configuration = try PostgresConfiguration(url: cluster.connectionURL)
                let connection = try await PostgresConnection.connect(configuration: configuration, logger: logger)
                try await PostgresMigrator(directory: try #require(HelplineSchema.migrationsDirectory), logger: logger).migrate(on: connection)
                await connection.close()
                let pool = PostgresPool(configuration: configuration, pool: .init(size: 2, acquireTimeout: .seconds(2)), logger: logger)
                let token = try await TokenStore(pool: pool).create(name: "t", scopes: [.admin]).token
                var server = ServerConfiguration()
                server.tokenCacheSeconds = 0
                let app = Application(router: APIApplication.buildRouter(APIServices(pool: pool, configuration: server, logger: logger)))
                try await app.test(.router) { client in
                    func post(_ n: Int) async throws -> TestResponse {
                        try await client.execute(
                            uri: "/v1/events", method: .post, headers: jsonHeaders(token), body: json(receivedEvent(contact: "outage-\(n)")))
                    }
                    #expect(try await post(1).status == .created)
                    try await cluster.stop()
                    for n in 2...3 {
                        let down = try await post(n)
                        #expect(down.status == .serviceUnavailable)
                        #expect(down.headers[.retryAfter] == "5")
                    }
                    #expect(try await client.execute(uri: "/health", method: .get).status == .serviceUnavailable)
                    try await cluster.start()
                    #expect(try await post(4).status == .created)
                    #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
                }
                let stored = try await pool.query("SELECT count(*) FROM es.events")[0].decode(Int.self, at: 0)
                #expect(stored == 2, "what was acknowledged is stored; what got 503 is not")
                await pool.close()
                try await cluster.stop()
            } catch {
                try? await cluster.stop()
                throw error
            }
        }
    }
}
