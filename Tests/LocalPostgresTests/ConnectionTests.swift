import Foundation
import Postgres
import Testing

@testable import LocalPostgres

/// The URLs `LocalPostgres` hands out, used by the Postgres module as the CLI and `scripts/test` use them.
@Suite("LocalPostgres: its URLs connect")
struct LocalPostgresConnectionTests {
    @Test("the socket URL logs in without a password; the TCP URL with it, and not with another")
    func urlsConnect() async throws {
        try await withScratchFolder { folder in
            let cluster = LocalPostgres(
                directory: folder.appendingPathComponent("urls"), port: try LocalPostgres.freeTCPPort(), logger: LocalPostgresTests.logger)
            defer { stopQuietly(cluster) }
            let status = try await cluster.start()

            let socket = try await PostgresConnection.connect(url: status.connectionURL)
            let rows = try await socket.query("SELECT current_user, current_setting('server_encoding'), current_setting('fsync')")
            #expect(try rows[0].decode(String.self, at: 0) == "postgres")
            #expect(try rows[0].decode(String.self, at: 1) == "UTF8")
            #expect(try rows[0].decode(String.self, at: 2) == "on")
            await socket.close()

            let tcpURL = try #require(status.tcpConnectionURL)
            let tcp = try await PostgresConnection.connect(url: tcpURL)
            #expect(try await tcp.query("SELECT inet_server_addr()::text")[0].decode(String.self, at: 0) == "127.0.0.1/32")
            await tcp.close()

            let wrong = tcpURL.replacingOccurrences(of: try #require(cluster.readPassword()), with: "not-the-password")
            await #expect(throws: PostgresError.self) { try await PostgresConnection.connect(url: wrong) }

            try await cluster.stop()
        }
    }
}
