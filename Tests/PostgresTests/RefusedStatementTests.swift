import Foundation
import PostgresTestSupport
import Testing

@testable import Postgres

@Suite("What the client refuses instead of doing silently wrong")
struct RefusedStatementTests {
    @Test("COPY … TO STDOUT through query() is an error, and the connection works afterwards (it used to spin forever)")
    func copyOut() async throws {
        try await TestDatabase.withConnection { c, _ in
            try await c.execute("CREATE TABLE t AS SELECT generate_series(1, 5000) AS n")
            let started = ContinuousClock.now
            await #expect(throws: PostgresError.self) { _ = try await c.query("COPY t TO STDOUT") }
            #expect(ContinuousClock.now - started < .seconds(10))
            #expect(try await c.query("SELECT count(*) FROM t")[0].decode(Int.self, at: 0) == 5000)
        }
    }

    @Test("a text parameter holding a NUL is refused, not stored cut short")
    func nulParameter() async throws {
        try await TestDatabase.withConnection { c, _ in
            try await c.execute("CREATE TABLE t (s text)")
            let value = "abc\u{0}def"
            do {
                try await c.execute("INSERT INTO t VALUES (\(value))")
                Issue.record("a NUL parameter was accepted")
            } catch let error as PostgresError {
                #expect(error.message.contains("NUL"), "\(error)")
            }
            #expect(try await c.query("SELECT count(*) FROM t")[0].decode(Int.self, at: 0) == 0)
        }
    }
}
