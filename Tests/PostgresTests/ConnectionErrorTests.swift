import Foundation
import PostgresTestSupport
import Testing

@testable import Postgres

@Suite("Connecting and server errors")
struct ConnectionErrorTests {
    @Test("a refused connection is a connectionRefused error naming the endpoint")
    func refused() async throws {
        let configuration = PostgresConfiguration(host: "127.0.0.1", port: 1, user: "nobody", database: "none")
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresConnection.connect(configuration: configuration)
        }
        #expect(error?.code == .connectionRefused)
        #expect(error?.message.contains("127.0.0.1:1") == true)
    }

    @Test("a missing socket is a connectionRefused error")
    func missingSocket() async throws {
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresConnection.connect(url: "postgresql://postgres@/postgres?host=/nonexistent-dir")
        }
        #expect(error?.code == .connectionRefused)
    }

    @Test("a wrong password is an authenticationFailed error that does not echo the password")
    func badPassword() async throws {
        let url = try #require(
            ProcessInfo.processInfo.environment["HELPLINE_TEST_DATABASE_TCP_URL"],
            "scripts/test sets HELPLINE_TEST_DATABASE_TCP_URL (password login over TCP)")
        var configuration = try PostgresConfiguration(url: url)
        configuration.password = "definitely-wrong-\(UUID())"
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresConnection.connect(configuration: configuration)
        }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.sqlState == "28P01", "classified by the server's SQLSTATE, not by its English text")
        #expect(error?.message.contains("definitely-wrong") == false)
    }

    @Test("a unique violation carries SQLSTATE 23505 and the constraint name")
    func uniqueViolation() async throws {
        try await TestDatabase.withConnection { connection, _ in
            try await connection.execute("CREATE TABLE t (id int CONSTRAINT t_id_key UNIQUE)")
            try await connection.execute("INSERT INTO t VALUES (\(1))")
            let error = await #expect(throws: PostgresError.self) {
                try await connection.execute("INSERT INTO t VALUES (\(1))")
            }
            #expect(error?.sqlState == PostgresError.SQLState.uniqueViolation)
            #expect(error?.constraintName == "t_id_key")
            #expect(error?.tableName == "t")
            #expect(error?.detail?.contains("(id)=(1)") == true)
            // The connection stays usable after a server error.
            let rows = try await connection.query("SELECT count(*) FROM t")
            #expect(try rows[0].decode(Int.self, at: 0) == 1)
        }
    }

    @Test("a syntax error carries SQLSTATE 42601")
    func syntaxError() async throws {
        try await TestDatabase.withConnection { connection, _ in
            let error = await #expect(throws: PostgresError.self) { try await connection.query("SELEC 1") }
            #expect(error?.sqlState == PostgresError.SQLState.syntaxError)
            #expect(error?.code == .server)
        }
    }

    @Test("a RAISE with detail and hint reaches the error")
    func detailAndHint() async throws {
        try await TestDatabase.withConnection { connection, _ in
            let error = await #expect(throws: PostgresError.self) {
                try await connection.runScript(
                    "DO $$ BEGIN RAISE EXCEPTION 'nope' USING DETAIL = 'the detail', HINT = 'the hint', ERRCODE = 'P0001'; END $$")
            }
            #expect(error?.message == "nope")
            #expect(error?.detail == "the detail")
            #expect(error?.hint == "the hint")
            #expect(error?.sqlState == "P0001")
        }
    }

    @Test("values interpolated into a query are parameters, never SQL")
    func injectionIsImpossible() async throws {
        try await TestDatabase.withConnection { connection, _ in
            try await connection.execute("CREATE TABLE t (name text)")
            let hostile = "x'); DROP TABLE t; --"
            try await connection.execute("INSERT INTO t VALUES (\(hostile))")
            let rows = try await connection.query("SELECT name FROM t")
            #expect(try rows[0].decode(String.self, column: "name") == hostile)
        }
    }

    @Test("a cancelled task cancels its running statement on the server")
    func cancellation() async throws {
        try await TestDatabase.withConnection { connection, _ in
            let start = ContinuousClock.now
            let task = Task { try await connection.query("SELECT pg_sleep(30)") }
            try await Task.sleep(for: .milliseconds(200))
            task.cancel()
            let error = await #expect(throws: PostgresError.self) { try await task.value }
            #expect(error?.sqlState == PostgresError.SQLState.queryCanceled)
            #expect(ContinuousClock.now - start < .seconds(10))
            #expect(try await connection.query("SELECT 1").count == 1)
        }
    }
}
