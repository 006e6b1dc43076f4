import CLibPQ
import Foundation
import PostgresTestSupport
import Testing

@testable import Postgres

#if canImport(Glibc)
    import Glibc
#endif

/// A server that stops answering, a slow statement, a late cancel request: the connection gives up in bounded time and
/// never lets one statement's trouble reach the next.
@Suite("Query deadlines, keepalives and cancel requests")
struct QueryDeadlineTests {
    @Test("with a query timeout the server cancels a slow statement (57014) and the connection stays usable")
    func serverCancelsAtTheTimeout() async throws {
        try await TestDatabase.withFreshDatabase { base in
            var configuration = base
            configuration.queryTimeout = .milliseconds(500)
            let c = try await PostgresConnection.connect(configuration: configuration, logger: TestDatabase.logger)
            let started = ContinuousClock.now
            let error = await #expect(throws: PostgresError.self) { try await c.query("SELECT pg_sleep(10)") }
            #expect(error?.sqlState == PostgresError.SQLState.queryCanceled)
            #expect(error?.isTransient == true)
            #expect(ContinuousClock.now - started < .seconds(3))
            #expect(try await c.query("SELECT 7")[0].decode(Int.self, at: 0) == 7)
            #expect(!c.isBroken)
            await c.close()
        }
    }

    @Test(
        "a server that stops answering (its backend frozen with SIGSTOP) fails the statement with queryTimeout, and the pool replaces the connection")
    func frozenServerIsAbandoned() async throws {
        try await TestDatabase.withFreshDatabase { base in
            var configuration = base
            configuration.queryTimeout = .seconds(1)
            let pool = PostgresPool(configuration: configuration, pool: .init(size: 1), logger: TestDatabase.logger)
            let pid = try await pool.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)
            // The backend's socket stays open and the kernel keeps acknowledging: only a client-side deadline helps.
            try #require(kill(pid, SIGSTOP) == 0, "the tests run as root or as the server's user")
            let started = ContinuousClock.now
            let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            let elapsed = ContinuousClock.now - started
            kill(pid, SIGCONT)
            #expect(error?.code == .queryTimeout)
            #expect(error?.isConnectionFailure == true, "answered 503 by the API")
            #expect(elapsed >= .seconds(1) && elapsed < .seconds(6), "gave up after \(elapsed), not the TCP timeout")
            let next = try await pool.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)
            #expect(next != pid, "a fresh connection replaced the abandoned one")
            await pool.close()
        }
    }

    @Test("TCP connections have keepalives and tcp_user_timeout set, so a dead host is noticed in about a minute")
    func keepalivesOnTCP() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["HELPLINE_TEST_DATABASE_TCP_URL"])
        let c = try await PostgresConnection.connect(configuration: try PostgresConfiguration(url: url), logger: TestDatabase.logger)
        let options = try await c.onQueue { conn -> [Int32] in
            let fd = PQsocket(conn)
            func option(_ level: Int32, _ name: Int32) -> Int32 {
                var value: Int32 = -1
                var length = socklen_t(MemoryLayout<Int32>.size)
                _ = getsockopt(fd, level, name, &value, &length)
                return value
            }
            let tcp = Int32(IPPROTO_TCP)
            return [
                option(SOL_SOCKET, SO_KEEPALIVE), option(tcp, TCP_KEEPIDLE), option(tcp, TCP_KEEPINTVL), option(tcp, TCP_KEEPCNT),
                option(tcp, TCP_USER_TIMEOUT),
            ]
        }
        #expect(options == [1, 30, 10, 3, 30_000])
        await c.close()
    }

    @Test("a cancel request that reaches the server late does not cancel the next statement")
    func lateCancelCannotHitTheNextStatement() async throws {
        try await HorizonLock.run {
            try await TestDatabase.withConnection { c, _ in
                let admin = try await PostgresConnection.connect(configuration: try TestDatabase.serverConfiguration(), logger: TestDatabase.logger)
                let directory = try await admin.query("SHOW data_directory")[0].decode(String.self, at: 0)
                await admin.close()
                let pidFile = try String(contentsOfFile: directory + "/postmaster.pid", encoding: .utf8)
                let postmaster = try #require(Int32(pidFile.split(separator: "\n").first ?? ""))
                // A frozen postmaster accepts the cancel connection (the kernel does) but passes nothing on until it runs
                // again, one second from now: the cancel arrives after its statement has finished.
                try #require(kill(postmaster, SIGSTOP) == 0)
                let thaw = Task.detached {
                    try? await Task.sleep(for: .seconds(1))
                    kill(postmaster, SIGCONT)
                }
                let statement = Task { try await c.query("SELECT pg_sleep(0.3)") }
                try await Task.sleep(for: .milliseconds(100))
                Task.detached { statement.cancel() }
                _ = try? await statement.value
                // Sent before the cancel request has been delivered, this statement would be the one it cancels.
                let outcome: Result<Int, any Error>
                do {
                    outcome = .success(try await c.query("SELECT pg_sleep(1.2), 42")[0].decode(Int.self, at: 1))
                } catch {
                    outcome = .failure(error)
                }
                await thaw.value
                kill(postmaster, SIGCONT)
                #expect(try outcome.get() == 42)
            }
        }
    }

    @Test("a notice about a result kept after its connection closed goes to the fallback logger, not to freed memory")
    func noticeAfterClose() async throws {
        try await TestDatabase.withConnection { c, _ in
            let rows = try await c.query("SELECT 1")
            await c.close()
            let before = NoticeSinks.orphanedNotices
            // libpq reports a read outside a result as a notice, through the receiver it copied from the connection.
            _ = PQgetvalue(try #require(rows.handle).result, 5, 0)
            #expect(NoticeSinks.orphanedNotices == before + 1)
        }
    }

    @Test("connect errors are classified by the SQLSTATE the server sends, whatever language it words them in")
    func connectErrorsBySQLState() {
        let german = ConnectFailure(
            text: """
                connection to server at "127.0.0.1", port 5432 failed: FATAL:  28P01: Passwort-Authentifizierung für Benutzer »x« fehlgeschlagen
                LOCATION:  auth_failed, auth.c:326
                """)
        #expect(german.sqlState == "28P01")
        #expect(german.message == "Passwort-Authentifizierung für Benutzer »x« fehlgeschlagen")
        let russian = ConnectFailure(text: "ВАЖНО:  3D000: база данных \"nope\" не существует")
        #expect(russian.sqlState == "3D000")
        let refused = ConnectFailure(
            text: "connection to server at \"127.0.0.1\", port 1 failed: Connection refused\n\tIs the server running on that host?")
        #expect(refused.sqlState == nil)
        #expect(refused.message == "Is the server running on that host?")
    }

    @Test("an unknown database is connectionFailed with SQLSTATE 3D000, read from the server's error")
    func unknownDatabase() async throws {
        var configuration = try TestDatabase.serverConfiguration()
        configuration.database = "no_such_database_\(UInt32.random(in: 0...UInt32.max))"
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresConnection.connect(configuration: configuration, logger: TestDatabase.logger)
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.sqlState == "3D000")
        #expect(error?.message.contains("does not exist") == true)
        #expect(error?.message.contains("LOCATION") == false)
    }
}
