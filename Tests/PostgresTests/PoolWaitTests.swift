import Foundation
import PostgresTestSupport
import Testing

@testable import Postgres

@Suite("Waiting for a pooled connection")
struct PoolWaitTests {
    @Test("a task cancelled before it waits fails at once with CancellationError, not after the acquire timeout")
    func cancelledBeforeWaiting() async throws {
        try await TestDatabase.withConnection { _, configuration in
            let pool = PostgresPool(configuration: configuration, pool: .init(size: 1, acquireTimeout: .seconds(5)))
            let holding = AsyncStream<Void>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await pool.withConnection { _ in
                    holding.continuation.yield()
                    for await _ in release.stream { break }
                }
            }
            for await _ in holding.stream { break }
            let started = ContinuousClock.now
            let cancelled = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await pool.withConnection { c in try await c.query("SELECT 1")[0].decode(Int.self, at: 0) }
            }
            let outcome = await cancelled.result
            let waited = ContinuousClock.now - started
            #expect(waited < .seconds(2), "waited \(waited)")
            if case .failure(let error) = outcome {
                #expect(error is CancellationError, "\(error)")
            } else {
                Issue.record("a cancelled task got a connection")
            }
            release.continuation.yield()
            try await holder.value
            // The pool still serves.
            #expect(try await pool.withConnection { c in try await c.query("SELECT 2")[0].decode(Int.self, at: 0) } == 2)
            await pool.close()
        }
    }
}
