import PostgresTestSupport
import Testing

@testable import Postgres

@Suite("Transactions and concurrent use of one connection")
struct TransactionTests {
    struct Boom: Error {}

    @Test("withTransaction commits when the body returns")
    func commits() async throws {
        try await TestDatabase.withConnection { c, _ in
            try await c.execute("CREATE TABLE t (n int)")
            let value = try await c.withTransaction { tx in
                try await tx.execute("INSERT INTO t VALUES (\(1)), (\(2))")
                return 42
            }
            #expect(value == 42)
            #expect(try await c.query("SELECT count(*) FROM t")[0].decode(Int.self, at: 0) == 2)
        }
    }

    @Test("a throw inside withTransaction rolls back and leaves no rows")
    func rollsBack() async throws {
        try await TestDatabase.withConnection { c, _ in
            try await c.execute("CREATE TABLE t (n int)")
            await #expect(throws: Boom.self) {
                try await c.withTransaction { tx in
                    try await tx.execute("INSERT INTO t VALUES (\(1))")
                    throw Boom()
                }
            }
            #expect(try await c.query("SELECT count(*) FROM t")[0].decode(Int.self, at: 0) == 0)
            // A failed statement inside the transaction also rolls it back.
            await #expect(throws: PostgresError.self) {
                try await c.withTransaction { tx in
                    try await tx.execute("INSERT INTO t VALUES (\(1))")
                    try await tx.execute("INSERT INTO t VALUES (\("not a number"))")
                }
            }
            #expect(try await c.query("SELECT count(*) FROM t")[0].decode(Int.self, at: 0) == 0)
            #expect(await c.isIdleOutsideTransaction)
        }
    }

    @Test("many tasks sharing one connection never see each other's transaction")
    func concurrentUse() async throws {
        try await TestDatabase.withConnection { c, _ in
            try await c.execute("CREATE TABLE t (task int, n int)")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<32 {
                    group.addTask {
                        if task.isMultiple(of: 2) {
                            // Even tasks write inside a transaction and roll back.
                            try? await c.withTransaction { tx in
                                for n in 0..<5 { try await tx.execute("INSERT INTO t VALUES (\(task), \(n))") }
                                try await Task.sleep(for: .milliseconds(5))
                                throw Boom()
                            }
                        } else {
                            for n in 0..<5 { try await c.execute("INSERT INTO t VALUES (\(task), \(n))") }
                            let mine = try await c.query("SELECT count(*) FROM t WHERE task = \(task)")
                            #expect(try mine[0].decode(Int.self, at: 0) == 5)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let rows = try await c.query("SELECT count(*), count(*) FILTER (WHERE task % 2 = 0) FROM t")
            #expect(try rows[0].decode(Int.self, at: 0) == 16 * 5)
            #expect(try rows[0].decode(Int.self, at: 1) == 0)
        }
    }

    @Test("an isolation level is one of the enum's, and the transaction runs at it")
    func isolationLevels() async throws {
        try await TestDatabase.withConnection { c, _ in
            for level in IsolationLevel.allCases {
                let shown = try await c.withTransaction(isolation: level) { tx in
                    try await tx.query("SHOW transaction_isolation")[0].decode(String.self, at: 0)
                }
                #expect(shown == level.rawValue.lowercased())
            }
        }
    }
}
