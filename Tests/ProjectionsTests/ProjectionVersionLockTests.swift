import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

@testable import Projections

/// The contact projection under another version number: what a newer build runs during a rolling deploy.
struct NextContactCounts: Projection {
    let name = "contact_counts"
    let version = 2
    let tables = ContactCountsProjection().tables
    func apply(_ range: EventRange, schema: String, on connection: PostgresConnection) async throws {
        try await ContactCountsProjection().apply(range, schema: schema, on: connection)
    }
}

@Suite("Two versions of a projection")
struct ProjectionVersionLockTests {
    @Test("a v2 worker waits while the v1 worker runs on the live tables, so the counts are never applied twice")
    func versionsShareTheLock() async throws {
        try await HorizonLock.run {
            try await withProjectionDatabase { store, configuration in
                try await importCSV(calls(40, in: "2023-06", idPrefix: "v"), pool: store.pool)
                var options = ProjectionWorker.Options()
                options.pollInterval = .milliseconds(100)
                options.standbyInterval = .milliseconds(100)
                let current = ProjectionWorker(
                    projection: ContactCountsProjection(), configuration: configuration, options: options, logger: TestDatabase.logger)
                let next = ProjectionWorker(
                    projection: NextContactCounts(), configuration: configuration, options: options, logger: TestDatabase.logger)
                let currentTask = Task { try await current.run() }
                try await Task.sleep(for: .milliseconds(500))
                let nextTask = Task { try await next.run() }
                try await Task.sleep(for: .seconds(1))
                let v2 = try await store.pool.query("SELECT count(*) FROM rm.projection_checkpoints WHERE projection = 'contact_counts:v2'")
                #expect(try v2[0].decode(Int.self, at: 0) == 0, "the v2 worker did not start on the live tables")
                let received = try await store.pool.query("SELECT coalesce(sum(received), 0)::int FROM rm.daily_contact_counts")
                #expect(try received[0].decode(Int.self, at: 0) == 40, "each contact counted once")
                currentTask.cancel()
                nextTask.cancel()
                _ = try? await currentTask.value
                _ = try? await nextTask.value
            }
        }
    }

    @Test("once v1 is gone, a v2 worker without a checkpoint refuses to start from zero on v1's tables and names the rebuild")
    func newVersionNeedsRebuild() async throws {
        try await withProjectionDatabase { store, configuration in
            try await importCSV(calls(12, in: "2023-06", idPrefix: "w"), pool: store.pool)
            try await catchUp(configuration)
            var options = ProjectionWorker.Options()
            options.untilCaughtUp = true
            let next = ProjectionWorker(projection: NextContactCounts(), configuration: configuration, options: options, logger: TestDatabase.logger)
            do {
                try await next.run()
                Issue.record("v2 ran on v1's tables")
            } catch let error as ProjectionNeedsRebuild {
                #expect(error.description.contains("project rebuild contact_counts"))
            }
            let received = try await store.pool.query("SELECT coalesce(sum(received), 0)::int FROM rm.daily_contact_counts")
            #expect(try received[0].decode(Int.self, at: 0) == 12)
        }
    }
}
