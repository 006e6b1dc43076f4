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

    @Test("after v2 is rebuilt and switched in, v1's checkpoint is gone: an old v1 worker refuses instead of resuming on v2's tables")
    func rebuildRetiresOtherVersions() async throws {
        try await withProjectionDatabase { store, configuration in
            try await importCSV(calls(8, in: "2023-06", idPrefix: "r"), pool: store.pool)
            try await catchUp(configuration)
            _ = try await ProjectionRebuilder(configuration: configuration, logger: TestDatabase.logger).rebuild(NextContactCounts())
            let names = try await store.pool.query("SELECT projection FROM rm.projection_checkpoints WHERE projection LIKE 'contact_counts%'")
            #expect(try names.map { try $0.decode(String.self, at: 0) } == ["contact_counts:v2"])
            var options = ProjectionWorker.Options()
            options.untilCaughtUp = true
            let old = ProjectionWorker(
                projection: ContactCountsProjection(), configuration: configuration, options: options, logger: TestDatabase.logger)
            await #expect(throws: ProjectionNeedsRebuild.self) { try await old.run() }
            let received = try await store.pool.query("SELECT coalesce(sum(received), 0)::int FROM rm.daily_contact_counts")
            #expect(try received[0].decode(Int.self, at: 0) == 8)
        }
    }

    @Test("a v1 worker whose checkpoint a v2 switch removed while it ran stops as superseded, and marks nothing failed")
    func runningOldVersionIsSuperseded() async throws {
        try await withProjectionDatabase { store, configuration in
            try await importCSV(calls(3, in: "2023-06", idPrefix: "s"), pool: store.pool)
            try await catchUp(configuration)
            // What the switch does to a v1 worker that is between two batches.
            try await store.pool.execute(
                "UPDATE rm.projection_checkpoints SET projection = 'contact_counts:v2' WHERE projection = 'contact_counts:v1'")
            try await importCSV(calls(2, in: "2023-06", idPrefix: "t"), pool: store.pool)
            let error = await #expect(throws: ProjectionSuperseded.self) {
                try await store.pool.withConnection { c in
                    try await ProjectionBatch.run(ContactCountsProjection(), checkpoint: "contact_counts:v1", schema: "rm", limit: 100, on: c)
                }
            }
            #expect(error?.by == "contact_counts:v2")
            #expect(error?.description.contains("upgrade or restart") == true)
            let failed = try await store.pool.query("SELECT count(*)::int FROM rm.projection_checkpoints WHERE status = 'failed'")
            #expect(try failed[0].decode(Int.self, at: 0) == 0)
        }
    }

    @Test("--until-caught-up of one version returns when the leader of another version has caught up")
    func untilCaughtUpAcrossVersions() async throws {
        try await HorizonLock.run {
            try await withProjectionDatabase { store, configuration in
                try await importCSV(calls(10, in: "2023-06", idPrefix: "x"), pool: store.pool)
                var leading = ProjectionWorker.Options()
                leading.pollInterval = .milliseconds(100)
                let leader = ProjectionWorker(
                    projection: ContactCountsProjection(), configuration: configuration, options: leading, logger: TestDatabase.logger)
                let leaderTask = Task { try await leader.run() }
                try await Task.sleep(for: .milliseconds(500))
                var once = ProjectionWorker.Options()
                once.untilCaughtUp = true
                once.standbyInterval = .milliseconds(100)
                let next = ProjectionWorker(
                    projection: NextContactCounts(), configuration: configuration, options: once, logger: TestDatabase.logger)
                let done = DoneFlag()
                let task = Task {
                    try await next.run()
                    await done.set()
                }
                let started = ContinuousClock.now
                while await !done.value && ContinuousClock.now - started < .seconds(15) { try await Task.sleep(for: .milliseconds(50)) }
                let finished = await done.value
                task.cancel()
                _ = try? await task.value
                #expect(finished, "the v2 --until-caught-up worker waited for its own (never moving) checkpoint")
                leaderTask.cancel()
                _ = try? await leaderTask.value
            }
        }
    }
}
