import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

@testable import Projections

@Suite("--until-caught-up while another process leads")
struct UntilCaughtUpStandbyTests {
    @Test("it returns once the leader has applied what was committed at its start, instead of waiting for the lock forever")
    func returnsWhenLeaderCaughtUp() async throws {
        try await HorizonLock.run {
            try await withProjectionDatabase { store, configuration in
                try await importCSV(calls(25, in: "2023-06", idPrefix: "u"), pool: store.pool)
                var leading = ProjectionWorker.Options()
                leading.pollInterval = .milliseconds(100)
                let leader = ProjectionWorker(
                    projection: ContactCountsProjection(), configuration: configuration, options: leading, logger: TestDatabase.logger)
                let leaderTask = Task { try await leader.run() }
                try await Task.sleep(for: .milliseconds(500))
                var once = ProjectionWorker.Options()
                once.untilCaughtUp = true
                once.standbyInterval = .milliseconds(100)
                let cron = ProjectionWorker(
                    projection: ContactCountsProjection(), configuration: configuration, options: once, logger: TestDatabase.logger)
                let started = ContinuousClock.now
                let done = DoneFlag()
                let cronTask = Task {
                    try await cron.run()
                    await done.set()
                }
                while await !done.value && ContinuousClock.now - started < .seconds(20) { try await Task.sleep(for: .milliseconds(50)) }
                let finished = await done.value
                // Without the fix the worker stands by for the lock forever; cancelling it ends the standby.
                cronTask.cancel()
                _ = try? await cronTask.value
                #expect(finished, "the --until-caught-up worker did not return within 20 s while another worker led")
                let received = try await store.pool.query("SELECT coalesce(sum(received), 0)::int FROM rm.daily_contact_counts")
                #expect(try received[0].decode(Int.self, at: 0) == 25)
                leaderTask.cancel()
                _ = try? await leaderTask.value
            }
        }
    }
}

actor DoneFlag {
    var value = false
    func set() { value = true }
}
