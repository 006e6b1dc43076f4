import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite("Projection workers as processes")
struct ProjectionProcessTests {
    @Test("a worker killed with SIGKILL in the middle of a large catch-up resumes with no loss and no double count")
    func crashSafety() async throws {
        try await HorizonLock.run {
            try await withCLIDatabase { cli, pool in
                let imported = try await cli.run(["import", "contacts", "-"], stdin: contactCSV(60_000))
                #expect(imported.status == 0, "\(imported.stderr)")
                let total = try await pool.query("SELECT count(*) FROM es.events")[0].decode(Int.self, at: 0)
                var kills = 0
                for _ in 0..<3 {
                    let worker = cli.start(["project", "run", "--batch-size", "500"])
                    // Wait until it is part-way through, then kill it without warning.
                    var applied = 0
                    let deadline = ContinuousClock.now + .seconds(60)
                    let target = (kills + 1) * total / 5
                    while applied < target && ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(50))
                        applied = try await pool.query(
                            "SELECT coalesce(max(events_applied), 0)::int8 FROM rm.projection_checkpoints WHERE projection = 'contact_counts:v1'"
                        )[0].decode(Int.self, at: 0)
                    }
                    worker.kill(SIGKILL)
                    _ = await worker.waitForExit()
                    #expect(applied < total, "killed mid catch-up (\(applied) of \(total))")
                    kills += 1
                }
                let finished = try await cli.run(["project", "run", "--until-caught-up"])
                #expect(finished.status == 0, "\(finished.stderr)")
                let applied = try await pool.query(
                    "SELECT events_applied FROM rm.projection_checkpoints WHERE projection = 'contact_counts:v1'")[0].decode(Int.self, at: 0)
                #expect(applied == total, "each event applied exactly once across \(kills) crashes")
                #expect(try await ReadModelRecount.differences(pool) == 0)
                let facts = try await pool.query("SELECT count(*) FROM rm.contact_facts")[0].decode(Int.self, at: 0)
                #expect(facts == 60_000)
            }
        }
    }

    @Test("two `project run` processes: each projection is run by one of them, the other waits; kill one and the other takes over within seconds")
    func takeover() async throws {
        try await HorizonLock.run {
            try await withCLIDatabase { cli, pool in
                let first = cli.start(["project", "run", "--poll-interval", "0.2"])
                try await Task.sleep(for: .seconds(1))
                let second = cli.start(["project", "run", "--poll-interval", "0.2"])
                try await Task.sleep(for: .seconds(1))
                #expect(first.process.isRunning && second.process.isRunning, "the second process waits instead of exiting")
                // Leadership is per projection: each projection's lock is held by exactly one process.
                let locks = try await pool.query(
                    """
                    SELECT count(*), count(DISTINCT (classid, objid)) FROM pg_locks
                     WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                    """)
                // Two projections and the campaign-effects refitter: each lock held by exactly one process.
                let held = try locks[0].decode(Int.self, at: 0)
                #expect(held >= 2, "the projections are running")
                #expect(try locks[0].decode(Int.self, at: 1) == held, "no projection held twice")
                let waiting = try await pool.query(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'helpline-stats'")
                #expect(try waiting[0].decode(Int.self, at: 0) >= 4, "the standby process is connected and waiting")

                // Kill the process that holds the contact projection. Advisory locks are per database; other tests'
                // workers in other databases of the same cluster hold the same key, so the query names this database.
                let holder = try await pool.query(
                    """
                    SELECT a.application_name, l.pid FROM pg_locks l JOIN pg_stat_activity a USING (pid)
                     WHERE l.locktype = 'advisory' AND l.granted AND l.objid::int = hashtext('projection:contact_counts')
                       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                    """)
                #expect(holder.count == 1)
                // Both processes may hold one projection each; killing the first is enough: the survivor takes over
                // whatever it held.
                first.kill(SIGKILL)
                _ = await first.waitForExit()
                let killed = ContinuousClock.now
                let imported = try await cli.run(["import", "contacts", "-"], stdin: contactCSV(50, prefix: "after-kill-"))
                #expect(imported.status == 0)
                var counted = 0
                while counted < 50 && ContinuousClock.now - killed < .seconds(30) {
                    try await Task.sleep(for: .milliseconds(100))
                    counted = try await pool.query("SELECT coalesce(sum(received), 0)::int8 FROM rm.daily_contact_counts")[0].decode(Int.self, at: 0)
                }
                #expect(counted == 50)
                let elapsed = ContinuousClock.now - killed
                // The survivor retries the lock every second; a generous bound keeps a loaded CI machine from
                // failing a takeover that happened (without one, the count would never move).
                #expect(elapsed < .seconds(20), "taken over after \(elapsed)")

                second.kill(SIGTERM)
                #expect(await second.waitForExit() == 0, "SIGTERM is a graceful stop: \(second.stderr())")
            }
        }
    }
}
