import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

@testable import Projections

@Suite("Transient database errors in a projection")
struct ProjectionTransientErrorTests {
    @Test("a lock timeout while another session locks the tables is retried, not marked as a poison event")
    func lockTimeoutIsRetried() async throws {
        try await HorizonLock.run {
            try await withProjectionDatabase { store, configuration in
                let database = configuration.database
                try await store.pool.execute(PostgresQuery(unsafeSQL: "ALTER DATABASE \"\(database)\" SET lock_timeout = '100ms'"))
                try await importCSV(calls(30, in: "2023-06", idPrefix: "t"), pool: store.pool)
                let blocker = try await PostgresConnection.connect(configuration: configuration, logger: TestDatabase.logger)
                try await blocker.execute("BEGIN")
                try await blocker.execute("LOCK TABLE rm.contact_facts IN ACCESS EXCLUSIVE MODE")
                var options = ProjectionWorker.Options()
                options.pollInterval = .milliseconds(100)
                let worker = ProjectionWorker(
                    projection: ContactCountsProjection(), configuration: configuration, options: options, logger: TestDatabase.logger)
                let task = Task { try await worker.run() }
                try await Task.sleep(for: .seconds(2))
                try await blocker.execute("COMMIT")
                await blocker.close()
                var received = 0
                let deadline = ContinuousClock.now + .seconds(20)
                while received < 30 && ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(100))
                    received = try await store.pool.query("SELECT coalesce(sum(received), 0)::int FROM rm.daily_contact_counts")[0].decode(
                        Int.self, at: 0)
                }
                #expect(received == 30, "the projection caught up once the lock was released")
                let status = try await store.pool.query("SELECT status FROM rm.projection_checkpoints WHERE projection = 'contact_counts:v1'")
                #expect(try status[0].decode(String.self, at: 0) == "running")
                task.cancel()
                _ = try? await task.value
            }
        }
    }
}
