import PostgresTestSupport
import Synchronization
import Testing

@testable import Postgres

@Suite("Connection pool")
struct PoolTests {
    @Test("a pool of 4 connections serves 64 concurrent tasks and never opens a fifth")
    func boundedConcurrency() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let pool = PostgresPool(configuration: configuration, pool: .init(size: 4, acquireTimeout: .seconds(30)))
            let inUse = ConcurrencyGauge()
            try await withThrowingTaskGroup(of: Int.self) { group in
                for task in 0..<64 {
                    group.addTask {
                        try await pool.withConnection { c in
                            inUse.enter()
                            defer { inUse.leave() }
                            let rows = try await c.query("SELECT \(task) + 0 AS v, pg_sleep(0.01)")
                            return try rows[0].decode(Int.self, column: "v")
                        }
                    }
                }
                var seen = Set<Int>()
                for try await value in group { seen.insert(value) }
                #expect(seen == Set(0..<64))
            }
            #expect(inUse.peak <= 4)
            #expect(pool.statistics.open <= 4)
            let backends = try await pool.query(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'helpline-stats'")
            #expect(try backends[0].decode(Int.self, at: 0) <= 4)
            await pool.close()
        }
    }

    @Test("waiting longer than the acquire timeout is a poolTimeout error")
    func timeout() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let pool = PostgresPool(configuration: configuration, pool: .init(size: 1, acquireTimeout: .milliseconds(200)))
            let holder = Task { try await pool.withConnection { c in try await c.query("SELECT pg_sleep(60)") } }
            try await Task.sleep(for: .milliseconds(300))
            let start = ContinuousClock.now
            let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            #expect(error?.code == .poolTimeout)
            // The only connection is busy for a minute: failing well before that is the timeout.
            let waited = ContinuousClock.now - start
            #expect(waited >= .milliseconds(200) && waited < .seconds(10), "waited \(waited)")
            holder.cancel()
            _ = try? await holder.value
            #expect(try await pool.query("SELECT 1").count == 1)
            await pool.close()
        }
    }

    @Test("broken connections are replaced: killed backends fail in flight, the next calls work")
    func replacesBrokenConnections() async throws {
        try await TestDatabase.withConnection { admin, configuration in
            let pool = PostgresPool(configuration: configuration, pool: .init(size: 3))
            // Warm up all three connections.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 { group.addTask { try await pool.query("SELECT pg_sleep(0.05)") } }
                try await group.waitForAll()
            }
            let inFlight = Task { try await pool.query("SELECT pg_sleep(5)") }
            try await Task.sleep(for: .milliseconds(200))
            try await admin.execute(
                "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
            let error = await #expect(throws: PostgresError.self) { try await inFlight.value }
            #expect(error?.isConnectionFailure == true, "\(String(describing: error))")
            for _ in 0..<6 {
                #expect(try await pool.query("SELECT 1").count == 1)
            }
            await pool.close()
        }
    }

    @Test("a closed pool refuses new work with poolClosed")
    func closed() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let pool = PostgresPool(configuration: configuration, pool: .init(size: 2))
            try await pool.query("SELECT 1")
            await pool.close()
            let error = await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            #expect(error?.code == .poolClosed)
        }
    }
}

/// Counts how many tasks are inside a section at once, and the most ever seen.
final class ConcurrencyGauge: Sendable {
    private let state = Mutex((now: 0, peak: 0))
    func enter() {
        state.withLock {
            $0.now += 1
            $0.peak = max($0.peak, $0.now)
        }
    }
    func leave() { state.withLock { $0.now -= 1 } }
    var peak: Int { state.withLock { $0.peak } }
}
