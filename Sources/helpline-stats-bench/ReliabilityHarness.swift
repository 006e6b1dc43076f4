import AsyncHTTPClient
import Attribution
import Foundation
import NIOCore
import NIOHTTP1
import Postgres
import Projections
import TimeArithmetic

#if canImport(Glibc)
    import Glibc
#endif

// Shared pieces of the reliability scenarios added for issue 12: contact stories (a contact's events spread over
// requests), a continuous retrying load, timed requests, consistent recounts under load and leader sampling.

/// One contact event as a telephony platform posts it (any contact type).
func contactEventJSON(id: UUID, type: String, helpline: String, contact: String, at: String, data: String) -> String {
    """
    {"eventId":"\(id.uuidString.lowercased())","type":"\(type)","schemaVersion":1,"occurredAt":"\(at)","source":"bench",\
    "helpline":"\(helpline)","contactId":"\(contact)","data":{\(data)}}
    """
}

/// `YYYY-MM-DDTHH:MM:SSZ` for seconds since 1970 (UTC).
func utcTimestamp(_ seconds: Int) -> String {
    let (y, m, d) = LocalDay(daysSinceEpoch: seconds / 86_400).components
    let s = seconds % 86_400
    return "\(y)-\(two(m))-\(two(d))T\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))Z"
}

/// An event ready to post: its id and its JSON.
struct PostableEvent: Sendable {
    var id: UUID
    var json: String
}

/// A request body and the event ids it carries.
struct PostableBatch: Sendable {
    var ids: [UUID]
    var body: String

    init(_ events: [PostableEvent]) {
        ids = events.map(\.id)
        body = events.count == 1 ? events[0].json : "[" + events.map(\.json).joined(separator: ",") + "]"
    }
}

/// The events of one contact in occurrence order: received, then answered and ended (sometimes classified, and
/// then sometimes reclassified), or abandoned. `k` picks the outcome, channel, helpline and day (spread over the first half of 2024).
func contactStory(_ contact: String, k: Int) -> [PostableEvent] {
    let helpline = k % 4 == 0 ? "rel" : "1712"
    let channel = ["phone", "chat", "email"][(k / 3) % 3]
    let received = 1_704_067_200 + (k &* 7_919) % (182 * 86_400)  // 2024-01-01 + up to 182 days
    var events: [PostableEvent] = []
    func add(_ type: String, _ at: Int, _ data: String) {
        let id = UUID()
        events.append(
            PostableEvent(id: id, json: contactEventJSON(id: id, type: type, helpline: helpline, contact: contact, at: utcTimestamp(at), data: data)))
    }
    add("ContactReceived", received, #""channel":"\#(channel)","receivedAt":"\#(utcTimestamp(received))""#)
    if k % 3 == 2 {
        add("ContactAbandoned", received + 40, #""waitSeconds":40,"stage":"queue""#)
    } else {
        add("ContactAnswered", received + 12, #""waitSeconds":12"#)
        add("ContactEnded", received + 312, #""durationSeconds":300"#)
        if k % 2 == 0 {
            add(
                "ContactClassified", received + 400,
                #""contactType":"\#(k % 4 == 0 ? "information" : "counselling")","reasonCategories":["family_relationships"]"#)
            // One contact in four is reclassified an hour later.
            if k % 4 == 2 { add("ContactReclassified", received + 3_600, #""contactType":"silent","reasonCategories":[]"#) }
        }
    }
    return events
}

/// `events` shuffled and cut into batches of 1…`maxSize` (mostly small, some near `maxSize`).
func shuffledBatches(_ events: [PostableEvent], maxSize: Int) -> [PostableBatch] {
    var rest = events.shuffled()[...]
    var batches: [PostableBatch] = []
    while !rest.isEmpty {
        let size = min(rest.count, 1 + Int(pow(Double.random(in: 0..<1), 4) * Double(maxSize)))
        batches.append(PostableBatch(Array(rest.prefix(size))))
        rest = rest.dropFirst(size)
    }
    return batches
}

/// The outcome of one timed request: status (nil: no answer — connection error or client timeout).
struct TimedAnswer: Sendable {
    var started: ContinuousClock.Instant
    var seconds: Double
    var status: Int?
    var retryAfter: String?
    var body: String
}

func timedRequest(_ client: HTTPClient, _ url: String, method: HTTPMethod, token: String?, body: String?, timeout: Duration) async
    -> TimedAnswer
{
    let started = ContinuousClock.now
    var request = HTTPClientRequest(url: url)
    request.method = method
    if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
    if let body {
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
    }
    do {
        let response = try await client.execute(request, timeout: .init(timeout))
        let bytes = try await response.body.collect(upTo: 4 << 20)
        return TimedAnswer(
            started: started, seconds: (ContinuousClock.now - started).seconds, status: Int(response.status.code),
            retryAfter: response.headers.first(name: "Retry-After"), body: String(buffer: bytes))
    } catch {
        return TimedAnswer(started: started, seconds: (ContinuousClock.now - started).seconds, status: nil, retryAfter: nil, body: "\(error)")
    }
}

/// The status of `GET /health` (0 when there is no answer within `timeout`).
func healthStatus(_ client: HTTPClient, _ base: String, timeout: Duration = .seconds(5)) async -> Int {
    await timedRequest(client, base + "/health", method: .GET, token: nil, body: nil, timeout: timeout).status ?? 0
}

/// The `serve` processes the scenarios started: SIGKILLed when a scenario ends early (it throws, or the script's
/// time limit sends SIGTERM), so that none outlives the bench.
let trackedChildren = Collector<Child>()

/// `startServe`, remembered in `trackedChildren`.
func startTrackedServe(databaseURL: String, workers: Bool, extra: [String] = []) async throws -> (Child, String) {
    let (child, base) = try await startServe(databaseURL: databaseURL, workers: workers, extra: extra)
    trackedChildren.append(child)
    return (child, base)
}

func killTrackedChildren() {
    for child in trackedChildren.all where child.process.isRunning { child.signal(SIGKILL) }
}

/// SIGTERM, wait up to 20 s (then SIGKILL), remove its output files.
func stopChild(_ child: Child) async {
    child.signal(SIGTERM)
    _ = try? await child.wait(timeout: .seconds(20))
    child.cleanup()
}

/// Clients posting whole contact stories (each request: `contactsPerRequest` contacts' events, shuffled) until
/// `stop()`, each request retried with the same ids until acknowledged (`Reliability.postUntilAcknowledged`).
final class ContactLoad: Sendable {
    let tally = Tally()
    let contacts = Counter()
    private let stopping = Counter()

    func stop() { _ = stopping.next() }
    var stopped: Bool { stopping.current > 0 }

    /// `url(client, attempt)` chooses the endpoint (several serve processes); `pause` between requests.
    func run(
        _ r: Reliability, http: HTTPClient, clients: Int, prefix: String, contactsPerRequest: Int, pause: Duration, token: String,
        deadline: ContinuousClock.Instant, url: @escaping @Sendable (Int, Int) -> String
    ) async {
        await withTaskGroup(of: Void.self) { group in
            for w in 0..<clients {
                group.addTask {
                    var i = 0
                    while !self.stopped && ContinuousClock.now < deadline {
                        let first = self.contacts.next(contactsPerRequest)
                        let events = (first..<first + contactsPerRequest).flatMap { contactStory("\(prefix)-\($0)", k: $0) }.shuffled()
                        let batch = PostableBatch(events)
                        _ = self.tally.sent.next(batch.ids.count)
                        if await r.postUntilAcknowledged(
                            http, { attempt in url(w, attempt) }, token: token, body: batch.body, tally: self.tally, deadline: deadline)
                        {
                            self.tally.acknowledged.append(contentsOf: batch.ids)
                        }
                        i += 1
                        try? await Task.sleep(for: pause)
                    }
                }
            }
        }
    }
}

extension Reliability {
    /// The `rm.daily_contact_counts` rows that differ from an SQL recount of the events the live `contact_counts`
    /// checkpoint has applied — both read in one REPEATABLE READ snapshot, so it holds while events keep arriving
    /// and a rebuild switches versions. Returns the differences and the live checkpoint's name and events applied.
    func consistentRecountDifferences(pool: PostgresPool) async throws -> (differences: Int, checkpoint: String, applied: Int) {
        let sql = Scenarios.dailyCountsSQL
        guard let select = sql.range(of: "\nSELECT "), sql.contains("FROM es.events WHERE event_type LIKE 'Contact%'") else {
            throw BenchError("Scenarios.dailyCountsSQL changed shape; update consistentRecountDifferences")
        }
        let live = """
            (SELECT transaction_id, global_position FROM rm.projection_checkpoints
              WHERE split_part(projection, ':', 1) = 'contact_counts' AND projection NOT LIKE '%:rebuild')
            """
        let recount = String(sql[select.upperBound...]).replacingOccurrences(
            of: "FROM es.events WHERE event_type LIKE 'Contact%'",
            with: "FROM es.events WHERE event_type LIKE 'Contact%' AND (transaction_id, global_position) <= \(live)")
        return try await pool.withConnection { c in
            try await c.withTransaction(isolation: .repeatableRead) { tx in
                // Locks before the snapshot (LOCK takes none): a rebuild's switch either committed before it or waits.
                try await tx.execute("LOCK TABLE rm.projection_checkpoints, rm.daily_contact_counts IN ACCESS SHARE MODE")
                let checkpoints = try await tx.query(
                    """
                    SELECT projection, events_applied FROM rm.projection_checkpoints
                     WHERE split_part(projection, ':', 1) = 'contact_counts' AND projection NOT LIKE '%:rebuild'
                    """)
                guard checkpoints.count == 1 else { throw BenchError("\(checkpoints.count) live contact_counts checkpoints") }
                let name = try checkpoints[0].decode(String.self, at: 0)
                let applied = try checkpoints[0].decode(Int.self, at: 1)
                let differences = try await tx.query(
                    PostgresQuery(
                        unsafeSQL: """
                            WITH recount (helpline, channel, local_date, contact_type, received, answered, abandoned) AS (SELECT \(recount)),
                            live AS (SELECT helpline, channel, local_date, contact_type, received::int8, answered::int8, abandoned::int8
                                       FROM rm.daily_contact_counts)
                            SELECT count(*) FROM ((SELECT * FROM live EXCEPT SELECT * FROM recount)
                                            UNION ALL (SELECT * FROM recount EXCEPT SELECT * FROM live)) d
                            """)
                ).first!.decode(Int.self, at: 0)
                return (differences, name, applied)
            }
        }
    }

    /// Waits until the live `contact_counts` checkpoint has applied every committed event; false at the timeout.
    func waitForCatchUp(pool: PostgresPool, timeout: Duration = .seconds(120)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let caughtUp = try await pool.query(
                """
                SELECT coalesce((SELECT NOT EXISTS (SELECT 1 FROM es.events e WHERE (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position))
                                   FROM rm.projection_checkpoints c
                                  WHERE split_part(c.projection, ':', 1) = 'contact_counts' AND c.projection NOT LIKE '%:rebuild'), false)
                """
            ).first!.decode(Bool.self, at: 0)
            if caughtUp { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// For each projection name: how many sessions hold its leader lock (`projection:<name>`, a one-key advisory
    /// lock on `hashtext`) and their `application_name`s.
    func leaders(pool: PostgresPool) async throws -> [(name: String, holders: Int, who: String)] {
        let names = ProjectionCatalog.all.map(\.name)
        let rows = try await pool.query(
            """
            SELECT p.name, count(l.pid)::int8, coalesce(string_agg(a.application_name, ',' ORDER BY a.application_name), '')
              FROM unnest(\(names)::text[]) AS p(name)
              CROSS JOIN LATERAL (SELECT hashtext('projection:' || p.name)::int8 AS k) key
              LEFT JOIN pg_locks l ON l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                   AND l.classid = ((key.k >> 32) & 4294967295)::oid AND l.objid = (key.k & 4294967295)::oid
              LEFT JOIN pg_stat_activity a ON a.pid = l.pid
             GROUP BY p.name ORDER BY p.name
            """)
        return try rows.map { (try $0.decode(String.self, at: 0), try $0.decode(Int.self, at: 1), try $0.decode(String.self, at: 2)) }
    }

    func count(_ sql: String, pool: PostgresPool) async throws -> Int {
        try await pool.query(PostgresQuery(unsafeSQL: sql)).first!.decode(Int.self, at: 0)
    }
}
