import Foundation
import LocalPostgres
import Logging
import PostgresTestSupport
import Testing

@testable import Postgres

@Suite("A pool across a server restart")
struct ServerRestartTests {
    @Test("the server restarted under a pool: in-flight calls fail with a clear error, the next ones work")
    func restartUnderPool() async throws {
        try await HorizonLock.run {
            let folder = URL(fileURLWithPath: "/tmp/restart-\(UUID().uuidString.prefix(8).lowercased())", isDirectory: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var logger = Logger(label: "test.localpg")
            logger.logLevel = .warning
            let cluster = LocalPostgres(directory: folder, logger: logger)
            try await cluster.start()
            do {
                let pool = PostgresPool(
                    configuration: try PostgresConfiguration(url: cluster.connectionURL), pool: .init(size: 3), logger: TestDatabase.logger)
                // Three open connections, one of them busy when the server goes down.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<3 { group.addTask { try await pool.query("SELECT pg_sleep(0.05)") } }
                    try await group.waitForAll()
                }
                let inFlight = Task { try await pool.query("SELECT pg_sleep(10)") }
                try await Task.sleep(for: .milliseconds(300))
                try await cluster.stop()
                let error = await #expect(throws: PostgresError.self) { try await inFlight.value }
                #expect(error?.isConnectionFailure == true, "\(String(describing: error))")
                // While the server is down, calls fail fast with a connection error, not a hang.
                let down = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
                #expect(down?.code == .connectionRefused || down?.code == .connectionClosed, "\(String(describing: down))")

                try await cluster.start()
                for n in 0..<6 {
                    let rows = try await pool.query("SELECT \(n) + 1")
                    #expect(try rows[0].decode(Int.self, at: 0) == n + 1)
                }
                await pool.close()
                try await cluster.stop()
            } catch {
                try? await cluster.stop()
                throw error
            }
        }
    }
}
