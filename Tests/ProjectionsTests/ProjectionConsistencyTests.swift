import Foundation
import HelplineDomain
import Postgres
import PostgresTestSupport
import Testing

@testable import EventStore
@testable import Ingest
@testable import Projections

@Suite("Projections agree with a plain SQL recount")
struct ProjectionConsistencyTests {
    @Test("incremental runs, a full rebuild and a SQL recount agree on 3,000 random contacts with voids and reclassifications")
    func incrementalEqualsRebuildEqualsRecount() async throws {
        try await withProjectionDatabase { store, configuration in
            // Incremental: the worker runs between appends, with small batches.
            try await appendRandomContacts(1_500, seed: 1, store: store)
            try await catchUp(configuration, batchSize: 97)
            try await appendRandomContacts(1_500, seed: 2, store: store)
            try await catchUp(configuration, batchSize: 250)
            #expect(try await ReadModelRecount.differences(store.pool) == 0)
            let facts = try await store.pool.query("SELECT count(*), count(*) FILTER (WHERE voided) FROM rm.contact_facts")
            #expect(try facts[0].decode(Int.self, at: 0) == 3_000)
            #expect(try facts[0].decode(Int.self, at: 1) > 100, "the data set has voided contacts")
            let before = try await snapshot(store.pool)

            // A rebuild from zero gives the same tables.
            let rebuilt = try await ProjectionRebuilder(configuration: configuration, logger: TestDatabase.logger).rebuild(
                ContactCountsProjection(), batchSize: 1_000)
            #expect(rebuilt == (try await store.count()))
            #expect(try await snapshot(store.pool) == before)
            #expect(try await ReadModelRecount.differences(store.pool) == 0)
            // The views survived the table swap, and the live projection continues from the rebuilt checkpoint.
            try await appendRandomContacts(200, seed: 3, store: store)
            try await catchUp(configuration)
            #expect(try await ReadModelRecount.differences(store.pool) == 0)
            #expect(try await store.pool.query("SELECT count(*) FROM analytics.monthly_contacts")[0].decode(Int.self, at: 0) > 0)
        }
    }

    func snapshot(_ pool: PostgresPool) async throws -> [String] {
        try await pool.query(
            "SELECT concat_ws('|', helpline, channel, local_date, contact_type, received, answered, abandoned) FROM rm.daily_contact_counts ORDER BY 1"
        ).map { try $0.decode(String.self, at: 0) }
    }

    @Test("a voided contact leaves the counts and a reclassified one moves to its new type")
    func voidAndReclassify() async throws {
        try await withProjectionDatabase { store, configuration in
            try await importCSV(calls(3, in: "2023-03", idPrefix: "k"), pool: store.pool)
            try await catchUp(configuration)
            let at = Timestamp(rfc3339: "2023-03-05T12:00:00+01:00")!
            try await store.appendBatch(
                [
                    HelplineEvent.contact(
                        eventId: UUID(), occurredAt: at, source: "test", helpline: "1712", contactId: "k-0",
                        .voided(ContactVoided(reason: .duplicate))),
                    HelplineEvent.contact(
                        eventId: UUID(), occurredAt: at, source: "test", helpline: "1712", contactId: "k-1",
                        .reclassified(ContactReclassified(ContactClassification(contactType: .prank)))),
                ].streamAppends())
            try await catchUp(configuration)
            let rows = try await store.pool.query(
                "SELECT contact_type, sum(received)::int FROM rm.daily_contact_counts GROUP BY 1 ORDER BY 1")
            let counts = Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(String.self, at: 0), try $0.decode(Int.self, at: 1)) })
            #expect(counts == ["counselling": 1, "prank": 1])
        }
    }
}

@Suite("Projection runtime")
struct ProjectionRuntimeTests {
    @Test("an event appended while the worker runs is visible in analytics.monthly_contacts within one second")
    func liveWithinOneSecond() async throws {
        try await HorizonLock.run {
            try await withProjectionDatabase { store, configuration in
                var options = ProjectionWorker.Options()
                options.pollInterval = .seconds(30)
                let workers = ProjectionWorkers(configuration: configuration, options: options, logger: TestDatabase.logger)
                let running = Task { try await workers.run() }
                defer { running.cancel() }
                try await Task.sleep(for: .milliseconds(300))
                var latencies = Latencies()
                for round in 1...3 {
                    let started = ContinuousClock.now
                    try await importCSV(calls(1, in: "2023-05", idPrefix: "live\(round)"), pool: store.pool)
                    var seen = 0
                    while seen < round, ContinuousClock.now - started < .seconds(20) {
                        seen = try await store.pool.query(
                            "SELECT coalesce(sum(contacts), 0)::int FROM analytics.monthly_contacts WHERE month = '2023-05' AND channel = 'phone'"
                        )[0].decode(Int.self, at: 0)
                        if seen < round { try await Task.sleep(for: .milliseconds(10)) }
                    }
                    let elapsed = ContinuousClock.now - started
                    #expect(seen == round)
                    latencies.record(elapsed)
                }
                // The worker polls every 30 s here: seeing every round well before that is NOTIFY.
                #expect(latencies.median < .seconds(1), "visible after: \(latencies)")
                #expect(latencies.maximum < .seconds(10), "visible after: \(latencies)")
            }
        }
    }

    @Test("two workers for one projection: one works, the other stands by and takes over when the first stops")
    func standbyTakesOver() async throws {
        try await HorizonLock.run { try await standbyTakesOverBody() }
    }

    func standbyTakesOverBody() async throws {
        try await withProjectionDatabase { store, configuration in
            var options = ProjectionWorker.Options()
            options.pollInterval = .milliseconds(100)
            options.standbyInterval = .milliseconds(100)
            let first = ProjectionWorker(
                projection: ContactCountsProjection(), configuration: configuration, options: options, logger: TestDatabase.logger)
            let second = ProjectionWorker(
                projection: ContactCountsProjection(), configuration: configuration, options: options, logger: TestDatabase.logger)
            let firstTask = Task { try await first.run() }
            try await Task.sleep(for: .milliseconds(300))
            let secondTask = Task { try await second.run() }
            try await Task.sleep(for: .milliseconds(300))
            // The leader lock only: a batch also holds a transaction-level shared switch lock for its duration.
            let holders = try await store.pool.query(
                """
                SELECT count(*) FROM pg_locks
                 WHERE locktype = 'advisory' AND granted AND objid::int = hashtext('projection:contact_counts')
                   AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """)
            #expect(try holders[0].decode(Int.self, at: 0) == 1, "exactly one worker holds the projection")
            firstTask.cancel()
            _ = try? await firstTask.value
            let stopped = ContinuousClock.now
            try await importCSV(calls(5, in: "2023-06", idPrefix: "takeover"), pool: store.pool)
            var counted = 0
            while counted < 5, ContinuousClock.now - stopped < .seconds(20) {
                counted = try await store.pool.query("SELECT coalesce(sum(received), 0)::int FROM rm.daily_contact_counts")[0].decode(Int.self, at: 0)
                try await Task.sleep(for: .milliseconds(20))
            }
            // Without a takeover the count would stay 0.
            #expect(counted == 5, "after \(ContinuousClock.now - stopped)")
            secondTask.cancel()
        }
    }

    @Test("an event the projection cannot apply stops it with the event id and error, and is never skipped")
    func poisonEventStops() async throws {
        try await withProjectionDatabase { store, configuration in
            try await importCSV(calls(3, in: "2023-03", idPrefix: "p"), pool: store.pool)
            // A structurally broken campaign event written behind the domain's back (as an old schema might have).
            let poisonID = UUID()
            try await store.append(
                to: "campaign-broken",
                events: [
                    NewEvent(
                        id: poisonID, type: "CampaignPlanned", occurredAt: Date(), data: "{\"name\": 42}",
                        metadata: "{\"campaignId\": \"broken\", \"source\": \"test\"}")
                ])
            try await importCSV(calls(2, in: "2023-04", idPrefix: "q"), pool: store.pool)
            await #expect(throws: PoisonEvent.self) { try await catchUp(configuration) }
            let statuses = try await ProjectionStatus.load(ProjectionCatalog.all, pool: store.pool)
            let campaigns = try #require(statuses.first { $0.name == "campaigns:v1" })
            #expect(campaigns.failed)
            #expect(campaigns.errorEventID == poisonID)
            #expect(campaigns.lastError?.contains("name") == true, "\(campaigns.lastError ?? "")")
            #expect(campaigns.eventsBehind >= 1, "the poison event is not skipped")
            // The other projection is unaffected.
            let contacts = try #require(statuses.first { $0.name == "contact_counts:v1" })
            #expect(!contacts.failed)
            #expect(contacts.eventsBehind == 0)
        }
    }

    @Test("helpline_analyst can read the analytics views and cannot read es.events or write anything")
    func analystRole() async throws {
        try await withProjectionDatabase { store, configuration in
            try await importCSV(calls(3, in: "2023-03"), pool: store.pool)
            try await catchUp(configuration)
            try await store.pool.withConnection { c in
                try await c.execute("SET ROLE helpline_analyst")
                #expect(
                    try await c.query("SELECT sum(contacts)::int FROM analytics.monthly_contacts WHERE channel = 'all'")[0].decode(Int.self, at: 0)
                        == 3)
                _ = try await c.query("SELECT * FROM analytics.campaign_overview")
                _ = try await c.query("SELECT * FROM analytics.daily_contacts")
                for forbidden: PostgresQuery in [
                    "SELECT * FROM es.events", "SELECT * FROM rm.contact_facts",
                    "INSERT INTO es.events (stream_id, stream_position, event_id, event_type, occurred_at, data) VALUES ('x', 1, gen_random_uuid(), 'x', now(), '{}')",
                    "DELETE FROM rm.daily_contact_counts", "CREATE TABLE analytics.mine (n int)",
                ] {
                    let error = await #expect(throws: PostgresError.self) { try await c.execute(forbidden) }
                    #expect(error?.sqlState == PostgresError.SQLState.insufficientPrivilege, "\(forbidden.sql): \(String(describing: error))")
                }
                try await c.execute("RESET ROLE")
            }
        }
    }
}
