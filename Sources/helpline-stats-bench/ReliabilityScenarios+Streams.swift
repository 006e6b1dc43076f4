import AsyncHTTPClient
import Foundation
import HTTPServer
import Postgres
import TimeArithmetic

extension Reliability {
    // MARK: many clients, one contact's events spread over shuffled batches

    /// `--contacts` contacts (2–4 events each: received, answered/ended/classified or abandoned), all their events
    /// shuffled and cut into batches of 1–1,000, posted by 8 clients to `serve` with workers; one batch in ten is
    /// posted a second time after its acknowledgement (a client that lost the answer), often while the first is still
    /// in flight elsewhere. Every batch is retried with the same ids after a connection error or a 503.
    func sharedStreams() async throws -> Bool {
        let db = try await server.freshDatabase("rel_shared_streams")
        let pool = PostgresPool(configuration: db, pool: .init(size: 2), logger: logger)
        let token = try await TokenStore(pool: pool).create(name: "rel", scopes: [.ingest]).token
        let (serve, base) = try await startTrackedServe(databaseURL: databaseURL(db), workers: true)
        let client = makeHTTPClient()
        let tally = Tally()
        let contacts = options.contacts
        let events = (0..<contacts).flatMap { contactStory("ss-\($0)", k: $0) }
        let batches = shuffledBatches(events, maxSize: 1000)
        // One batch in ten is sent twice: half of those right behind the first copy (two clients send the same ids at
        // the same moment), half at the end (after the first was acknowledged).
        let twice = Set((0..<batches.count).shuffled().prefix(max(2, batches.count / 10)))
        var queue: [PostableBatch] = []
        var later: [PostableBatch] = []
        for (i, batch) in batches.enumerated() {
            queue.append(batch)
            if twice.contains(i) {
                if i % 2 == 0 { queue.append(batch) } else { later.append(batch) }
            }
        }
        let work = queue + later
        let resent = work.count - batches.count
        let counter = Counter()
        let deadline = ContinuousClock.now + .seconds(150)
        let eventsURL = base + "/v1/events"
        let requests = work.map { (ids: $0.ids, body: $0.body) }
        let samples = Collector<Int>()
        let sampling = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    await self.sendShare(of: requests, counter: counter, client, eventsURL, token: token, tally: tally, deadline: deadline)
                }
            }
            // While they send: the projection against a recount of what it has applied, once a second.
            group.addTask {
                while sampling.current == 0 {
                    try await Task.sleep(for: .milliseconds(700))
                    if let sample = try? await self.consistentRecountDifferences(pool: pool) { samples.append(sample.differences) }
                }
            }
            while counter.current < work.count { try await Task.sleep(for: .milliseconds(50)) }
            _ = sampling.next()
            try await group.waitForAll()
        }
        let caughtUp = try await waitForCatchUp(pool: pool)
        let differences = try await sqlRecountDifferences(pool: pool)
        let alive = serve.process.isRunning
        try? await client.shutdown()
        await stopChild(serve)
        let ids = events.map(\.id)
        let acknowledged = Set(tally.acknowledged.all)
        let (found, duplicates) = try await self.found(ids, pool: pool)
        let stored = try await count("SELECT count(*) FROM es.events", pool: pool)
        let gaps = try await count(
            "SELECT count(*) FROM (SELECT stream_id FROM es.events GROUP BY 1 HAVING max(stream_position) <> count(*)) s", pool: pool)
        let outOfOrder = try await count(
            """
            SELECT count(*) FROM (SELECT stream_id FROM es.events GROUP BY 1
                HAVING array_agg(occurred_at ORDER BY stream_position) <> array_agg(occurred_at ORDER BY occurred_at, stream_position)) s
            """, pool: pool)
        let facts = try await count("SELECT count(*) FROM rm.contact_facts", pool: pool)
        // Reclassified contacts whose reclassification arrived before the classification it replaces, and contacts whose
        // projected type is not that of the classification that occurred last (the projection keeps the last to arrive).
        let reclassifiedFirst = try await count(
            """
            SELECT count(*) FROM (SELECT stream_id FROM es.events WHERE event_type IN ('ContactClassified', 'ContactReclassified') GROUP BY 1
                HAVING (array_agg(event_type ORDER BY stream_position))[1] = 'ContactReclassified' AND count(*) > 1) s
            """, pool: pool)
        let notLastOccurred = try await count(
            """
            SELECT count(*) FROM rm.contact_facts f
              JOIN (SELECT DISTINCT ON (stream_id) metadata->>'helpline' AS helpline, metadata->>'contactId' AS contact_id,
                           data->>'contactType' AS contact_type
                      FROM es.events WHERE event_type IN ('ContactClassified', 'ContactReclassified')
                     ORDER BY stream_id, occurred_at DESC) l ON l.helpline = f.helpline AND l.contact_id = f.contact_id
             WHERE f.contact_type IS DISTINCT FROM l.contact_type
            """, pool: pool)
        await pool.close()
        await server.dropDatabase(db.database)
        let unexpected = tally.unexpected.all
        let status500 = unexpected.filter { $0.hasPrefix("500") }.count
        let ok =
            acknowledged.count == ids.count && found == ids.count && stored == ids.count && duplicates == 0 && gaps == 0 && unexpected.isEmpty
            && tally.status503WithRetryAfter.current == tally.status503.current && caughtUp && differences == 0 && facts == contacts
            && samples.all.allSatisfy { $0 == 0 } && alive
        return report(
            "shared-streams",
            "\(contacts) contacts, \(ids.count) events in \(batches.count) shuffled batches of 1–1000 (+\(resent) sent twice) by 8 clients: "
                + "sent \(tally.sent.current), acknowledged \(acknowledged.count), found \(found), stored \(stored) (duplicates \(duplicates), "
                + "stream gaps \(gaps), contacts stored out of occurrence order \(outOfOrder)); 503 \(tally.status503.current) "
                + "(with Retry-After \(tally.status503WithRetryAfter.current)), 500 \(status500), other unexpected \(unexpected.count - status500)"
                + "\(unexpected.first.map { " e.g. \($0)" } ?? ""), connection errors \(tally.connectionErrors.current); "
                + "rows differing from the recount: \(samples.all.count) samples under load max \(samples.all.max() ?? -1), after catch-up \(differences); "
                + "contact_facts \(facts); reclassifications that arrived before their classification \(reclassifiedFirst), "
                + "contacts whose type is not the classification that occurred last \(notLastOccurred)",
            ok)
    }
}
