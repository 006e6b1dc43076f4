import ArgumentParser
import AsyncHTTPClient
import EventStore
import Foundation
import HTTPServer
import HelplineDomain
import Ingest
import NIOCore
import NIOHTTP1
import Postgres
import TimeArithmetic

#if canImport(Glibc)
    import Glibc
#endif

/// The reliability scenarios run by `scripts/reliability`, one per invocation, each in a fresh database of the
/// server `--database-url` (a superuser). Prints one line `name: sent …, acknowledged …, found … → PASS|FAIL`
/// and exits 1 on FAIL.
struct ReliabilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reliability",
        abstract: "One reliability scenario against a running PostgreSQL (used by scripts/reliability).",
        discussion: """
            Scenarios: kill-serve, kill-worker, db-outage, writers, bad-json, bad-csv, shared-streams, postmaster-crash, \
            backend-crash, blackhole, version-bump, two-instances, cron-beside-serve, import-kill.
            """)

    @Argument(help: "The scenario.") var scenario: String
    @Option(name: .customLong("database-url"), help: "Superuser connection of the cluster started by `helpline-stats db start`.")
    var databaseURL: String
    @Option(name: .customLong("data-dir"), help: "That cluster's folder (db-outage and postmaster-crash restart it, backend-crash reads its log).")
    var dataDir: String?
    @Option(help: "That cluster's TCP port (db-outage and postmaster-crash restart it on the same one).") var port: Int?
    @Option(help: "Seconds of load (writers).") var seconds = 60
    @Option(help: "Events to send (kill-serve).") var events = 12_000
    @Option(help: "Contacts whose events are shuffled over batches (shared-streams).") var contacts = 4_000
    @Option(help: "CSV rows (import-kill).") var rows = 30_000
    @Option(help: "Seconds passed to serve --query-timeout (blackhole).") var queryTimeout = 3

    func run() async throws {
        lineBufferedOutput()
        let server = try await BenchServer.start(databaseURL: databaseURL)
        let r = Reliability(server: server, options: self)
        var terminate: (any DispatchSourceSignal)?
        if scenario != "serve" {
            // The script's time limit (SIGTERM): end the serve processes started so far, then exit.
            signal(SIGTERM, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
            source.setEventHandler {
                killTrackedChildren()
                Glibc.exit(143)
            }
            source.resume()
            terminate = source
        }
        defer { terminate?.cancel() }
        let passed: Bool
        do { passed = try await runScenario(r) } catch {
            killTrackedChildren()
            throw error
        }
        if !passed { throw ExitCode(1) }
    }

    func runScenario(_ r: Reliability) async throws -> Bool {
        let passed: Bool
        switch scenario {
        case "kill-serve": passed = try await r.killServe()
        case "kill-worker": passed = try await r.killWorker()
        case "db-outage": passed = try await r.dbOutage()
        case "writers": passed = try await r.writers()
        case "bad-json": passed = try await r.badJSON()
        case "bad-csv": passed = try await r.badCSV()
        case "shared-streams": passed = try await r.sharedStreams()
        case "postmaster-crash": passed = try await r.postmasterCrash()
        case "backend-crash": passed = try await r.backendCrash()
        case "blackhole": passed = try await r.blackhole()
        case "version-bump": passed = try await r.versionBump()
        case "two-instances": passed = try await r.twoInstances()
        case "cron-beside-serve": passed = try await r.cronBesideServe()
        case "import-kill": passed = try await r.importKill()
        case "serve":
            // For schemathesis: a migrated database, tokens, and serve in the foreground until killed.
            try await r.serveForFuzzing()
            return true
        default: throw ValidationError("unknown scenario \(scenario)")
        }
        return passed
    }
}

func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
    _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// Tallies of a retrying client.
final class Tally: Sendable {
    let sent = Counter()
    let acknowledged = Collector<UUID>()
    let status503 = Counter()
    let status503WithRetryAfter = Counter()
    let connectionErrors = Counter()
    let unexpected = Collector<String>()
}

final class Reliability: @unchecked Sendable {
    let server: BenchServer
    let options: ReliabilityCommand
    let logger = quietLogger("reliability")

    init(server: BenchServer, options: ReliabilityCommand) {
        self.server = server
        self.options = options
    }

    func report(_ name: String, _ text: String, _ passed: Bool) -> Bool {
        say("\(name): \(text) → \(passed ? "PASS" : "FAIL")")
        return passed
    }

    /// One sending client: takes the next request of `work` (`counter` is shared by the clients) until none is left,
    /// and posts each until it is acknowledged, counting what was sent and acknowledged in `tally`.
    func sendShare(
        of work: [(ids: [UUID], body: String)], counter: Counter, _ client: HTTPClient, _ url: String, token: String, tally: Tally,
        deadline: ContinuousClock.Instant
    ) async {
        while true {
            let i = counter.next()
            if i >= work.count { break }
            _ = tally.sent.next(work[i].ids.count)
            if await postUntilAcknowledged(client, url, token: token, body: work[i].body, tally: tally, deadline: deadline) {
                tally.acknowledged.append(contentsOf: work[i].ids)
            }
        }
    }

    /// Posts `body` until it is acknowledged (2xx) or `deadline`; retries connection errors, 5xx and 429 with the
    /// same body (the same event ids). Returns whether it was acknowledged.
    func postUntilAcknowledged(_ client: HTTPClient, _ url: String, token: String, body: String, tally: Tally, deadline: ContinuousClock.Instant)
        async -> Bool
    {
        await postUntilAcknowledged(client, { _ in url }, token: token, body: body, tally: tally, deadline: deadline)
    }

    /// The same, with the endpoint chosen per attempt (`url(attempt)`, from 0): clients of several serve processes.
    func postUntilAcknowledged(
        _ client: HTTPClient, _ url: (Int) -> String, token: String, body: String, tally: Tally, deadline: ContinuousClock.Instant
    ) async -> Bool {
        var attempt = 0
        while ContinuousClock.now < deadline {
            defer { attempt += 1 }
            do {
                let outcome = try await post(client, url(attempt), token: token, body: body, timeout: .seconds(10))
                switch outcome.status {
                case 200, 201: return true
                case 503:
                    _ = tally.status503.next()
                    if outcome.retryAfter != nil { _ = tally.status503WithRetryAfter.next() }
                case 429, 500...599:
                    tally.unexpected.append("\(outcome.status) \(outcome.body.prefix(200))")
                default:
                    tally.unexpected.append("\(outcome.status) \(outcome.body.prefix(200))")
                    return false
                }
            } catch {
                _ = tally.connectionErrors.next()
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    func found(_ ids: [UUID], pool: PostgresPool) async throws -> (found: Int, duplicates: Int) {
        let row = try await pool.query(
            "SELECT count(*) FILTER (WHERE event_id = ANY(\(ids)::uuid[])), count(*) - count(DISTINCT event_id) FROM es.events"
        ).first!
        return (try row.decode(Int.self, at: 0), try row.decode(Int.self, at: 1))
    }

    // MARK: SIGKILL of serve during ingest

    func killServe() async throws -> Bool {
        let db = try await server.freshDatabase("rel_kill_serve")
        let pool = PostgresPool(configuration: db, pool: .init(size: 2), logger: logger)
        defer { Task { await pool.close() } }
        let token = try await TokenStore(pool: pool).create(name: "rel", scopes: [.ingest]).token
        let port = freePort()
        var (serve, base) = try await startTrackedServe(databaseURL: databaseURL(db), workers: true, extra: ["--port", "\(port)"])
        let client = makeHTTPClient()
        let tally = Tally()
        let total = options.events
        // Every 4th request is a batch of 10 events, the others single events; ids fixed up front.
        var requests: [(ids: [UUID], body: String)] = []
        var n = 0
        while n < total {
            let size = requests.count % 4 == 3 ? min(10, total - n) : 1
            let ids = (0..<size).map { _ in UUID() }
            let bodies = ids.enumerated().map { contactReceivedJSON(id: $1, helpline: "rel", contact: "ks-\(n + $0)") }
            requests.append((ids, size == 1 ? bodies[0] : "[" + bodies.joined(separator: ",") + "]"))
            n += size
        }
        let work = requests
        let deadline = ContinuousClock.now + .seconds(120)
        let counter = Counter()
        let finished = Counter()
        var kills = 0
        let eventsURL = base + "/v1/events"
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    await self.sendShare(of: work, counter: counter, client, eventsURL, token: token, tally: tally, deadline: deadline)
                    _ = finished.next()
                }
            }
            // The killer: SIGKILL serve three times while the clients send, restart it on the same port.
            for _ in 0..<3 {
                try await Task.sleep(for: .milliseconds(1200))
                if finished.current == 16 { break }
                serve.signal(SIGKILL)
                _ = try await serve.wait(timeout: .seconds(10))
                serve.cleanup()
                kills += 1
                (serve, base) = try await startTrackedServe(databaseURL: databaseURL(db), workers: true, extra: ["--port", "\(port)"])
            }
            try await group.waitForAll()
        }
        try? await client.shutdown()
        serve.signal(SIGTERM)
        _ = try? await serve.wait(timeout: .seconds(20))
        serve.cleanup()
        let acked = tally.acknowledged.all
        let (found, duplicates) = try await self.found(acked, pool: pool)
        let stored = try await pool.query("SELECT count(*) FROM es.events").first!.decode(Int.self, at: 0)
        let ok = found == acked.count && duplicates == 0 && acked.count == total && tally.unexpected.all.isEmpty
        await server.dropDatabase(db.database)
        return report(
            "kill-serve",
            "sent \(total), acknowledged \(acked.count), found \(found) (duplicates \(duplicates), stored \(stored)); "
                + "\(kills) SIGKILLs, \(tally.connectionErrors.current) connection errors retried, unexpected answers \(tally.unexpected.all.count)",
            ok)
    }

    // MARK: SIGKILL of the projection worker, during catch-up and during a rebuild

    func waitForCheckpoint(_ name: String, pool: PostgresPool, above: Int, timeout: Duration = .seconds(120)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let rows = try await pool.query("SELECT events_applied FROM rm.projection_checkpoints WHERE projection = \(name)")
            if let applied = try rows.first?.decode(Int.self, at: 0), applied > above { return applied }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw BenchError("checkpoint \(name) did not move past \(above)")
    }

    func sqlRecountDifferences(pool: PostgresPool) async throws -> Int {
        try await pool.execute("CREATE SCHEMA IF NOT EXISTS bench")
        try await pool.execute("DROP TABLE IF EXISTS bench.daily_sql")
        try await pool.execute("CREATE TABLE bench.daily_sql (LIKE rm.daily_contact_counts INCLUDING ALL)")
        try await pool.execute(PostgresQuery(unsafeSQL: Scenarios.dailyCountsSQL))
        return try await pool.query(
            """
            SELECT count(*) FROM ((SELECT * FROM rm.daily_contact_counts EXCEPT SELECT * FROM bench.daily_sql)
                            UNION ALL (SELECT * FROM bench.daily_sql EXCEPT SELECT * FROM rm.daily_contact_counts)) d
            """
        ).first!.decode(Int.self, at: 0)
    }

    func killWorker() async throws -> Bool {
        let db = try await server.freshDatabase("rel_kill_worker")
        let url = databaseURL(db)
        let pool = PostgresPool(configuration: db, pool: .init(size: 2), logger: logger)
        defer { Task { await pool.close() } }
        let dir = URL(fileURLWithPath: "/tmp/hsrel-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("contacts.csv")
        let events = try Scenarios.writeContactsCSV(rows: 60_000, to: csv)
        let imported = try await runChild(helplineStatsExecutable(), ["import", "contacts", csv.path, "--database-url", url])
        guard imported.0 == 0 else { throw BenchError("import failed: \(imported.2)") }
        let bin = helplineStatsExecutable()
        // 1. `project run` killed mid catch-up (small batches so it is caught between two), then restarted.
        let live = "contact_counts:v1"
        let run1 = try Child(bin, ["project", "run", "--database-url", url, "--batch-size", "500"])
        let killedAt = try await waitForCheckpoint(live, pool: pool, above: 0)
        run1.signal(SIGKILL)
        _ = try await run1.wait()
        run1.cleanup()
        let appliedAtKill = try await pool.query("SELECT events_applied FROM rm.projection_checkpoints WHERE projection = \(live)")
            .first!.decode(Int.self, at: 0)
        let rerun = try await runChild(bin, ["project", "run", "--until-caught-up", "--database-url", url])
        guard rerun.0 == 0 else { throw BenchError("project run failed: \(rerun.2)") }
        let diff1 = try await sqlRecountDifferences(pool: pool)
        // 2. `project rebuild` killed mid-way, then run again.
        let rebuild = try Child(bin, ["project", "rebuild", "contact_counts", "--database-url", url, "--batch-size", "2000"])
        let rebuiltAt = try await waitForCheckpoint(live + ":rebuild", pool: pool, above: 0)
        rebuild.signal(SIGKILL)
        _ = try await rebuild.wait()
        rebuild.cleanup()
        let diffDuring = try await sqlRecountDifferences(pool: pool)
        let again = try await runChild(bin, ["project", "rebuild", "contact_counts", "--database-url", url])
        guard again.0 == 0 else { throw BenchError("rebuild failed: \(again.2)") }
        let diff2 = try await sqlRecountDifferences(pool: pool)
        let ok = diff1 == 0 && diff2 == 0 && diffDuring == 0 && appliedAtKill < events
        await server.dropDatabase(db.database)
        return report(
            "kill-worker",
            "events \(events); project run SIGKILLed at \(max(killedAt, appliedAtKill)) applied, rebuild SIGKILLed at \(rebuiltAt); "
                + "rows differing from the SQL recount: after restart \(diff1), while the rebuild was dead \(diffDuring), after the rebuild \(diff2)",
            ok)
    }

    // MARK: PostgreSQL stopped for 10 s during ingest

    func dbOutage() async throws -> Bool {
        guard let dataDir = options.dataDir, let pgPort = options.port else { throw ValidationError("db-outage needs --data-dir and --port") }
        let db = try await server.freshDatabase("rel_outage")
        let pool = PostgresPool(configuration: db, pool: .init(size: 2), logger: logger)
        let token = try await TokenStore(pool: pool).create(name: "rel", scopes: [.ingest]).token
        await pool.close()
        let (serve, base) = try await startTrackedServe(databaseURL: databaseURL(db), workers: true)
        let client = makeHTTPClient()
        let tally = Tally()
        let stopSending = Counter()
        let firstAckAfterRestart = Collector<ContinuousClock.Instant>()
        let restarted = Collector<ContinuousClock.Instant>()
        let deadline = ContinuousClock.now + .seconds(90)
        let bin = helplineStatsExecutable()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<8 {
                group.addTask {
                    var i = 0
                    while stopSending.current == 0 {
                        let id = UUID()
                        _ = tally.sent.next()
                        let body = contactReceivedJSON(id: id, helpline: "rel", contact: "out-\(w)-\(i)")
                        if await self.postUntilAcknowledged(client, base + "/v1/events", token: token, body: body, tally: tally, deadline: deadline) {
                            tally.acknowledged.append(id)
                            if !restarted.all.isEmpty && firstAckAfterRestart.all.isEmpty { firstAckAfterRestart.append(.now) }
                        }
                        i += 1
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(3))
                let stop = try await runChild(bin, ["db", "stop", "--data-dir", dataDir])
                guard stop.0 == 0 else { throw BenchError("db stop failed: \(stop.2)") }
                try await Task.sleep(for: .seconds(10))
                let start = try await runChild(bin, ["db", "start", "--data-dir", dataDir, "--port", "\(pgPort)"])
                guard start.0 == 0 else { throw BenchError("db start failed: \(start.2)") }
                restarted.append(.now)
                try await Task.sleep(for: .seconds(8))
                _ = stopSending.next()
            }
            try await group.waitForAll()
        }
        let alive = serve.process.isRunning
        var health = 0
        var request = HTTPClientRequest(url: base + "/health")
        request.method = .GET
        if let response = try? await client.execute(request, timeout: TimeAmount.seconds(5)) { health = Int(response.status.code) }
        try? await client.shutdown()
        serve.signal(SIGTERM)
        _ = try? await serve.wait(timeout: .seconds(20))
        serve.cleanup()
        let pool2 = PostgresPool(configuration: db, pool: .init(size: 2), logger: logger)
        let acked = tally.acknowledged.all
        let (found, duplicates) = try await self.found(acked, pool: pool2)
        await pool2.close()
        let recovery: String = {
            guard let r = restarted.all.first, let a = firstAckAfterRestart.all.first else { return "never" }
            return fmt((a - r).milliseconds, 0) + " ms"
        }()
        let ok =
            found == acked.count && duplicates == 0 && tally.status503.current > 0
            && tally.status503WithRetryAfter.current == tally.status503.current && alive && health == 200 && tally.unexpected.all.isEmpty
            && !firstAckAfterRestart.all.isEmpty
        await server.dropDatabase(db.database)
        return report(
            "db-outage",
            "sent \(tally.sent.current), acknowledged \(acked.count), found \(found); 503 answers \(tally.status503.current) "
                + "(with Retry-After \(tally.status503WithRetryAfter.current)), other errors \(tally.unexpected.all.count)"
                + "\(tally.unexpected.all.first.map { " e.g. \($0)" } ?? ""), connection errors \(tally.connectionErrors.current); "
                + "first acknowledgement \(recovery) after PostgreSQL was back; same serve process alive \(alive), /health \(health)",
            ok)
    }

    // MARK: 32 writers with out-of-order commits

    func writers() async throws -> Bool {
        let db = try await server.freshDatabase("rel_writers")
        let url = databaseURL(db)
        let pool = PostgresPool(configuration: db, pool: .init(size: 2), logger: logger)
        defer { Task { await pool.close() } }
        let worker = try Child(helplineStatsExecutable(), ["project", "run", "--database-url", url, "--batch-size", "100"])
        let committed = Counter()
        let attempted = Counter()
        let end = ContinuousClock.now + .seconds(options.seconds)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<32 {
                group.addTask {
                    let c = try await PostgresConnection.connect(configuration: db, logger: self.logger)
                    var i = 0
                    while ContinuousClock.now < end {
                        let size = Int.random(in: 1...5)
                        let events = try (0..<size).map { k in
                            try HelplineEvent.decode(
                                json: Array(
                                    contactReceivedJSON(
                                        id: UUID(), helpline: "rel", contact: "w\(w)-\(i)-\(k)", at: "2024-0\(1 + (i + k) % 9)-1\(k)T10:00:00Z"
                                    )
                                    .utf8))
                        }
                        _ = attempted.next(size)
                        // Take positions now, commit later: a later position often commits first.
                        try await c.withTransaction { tx in
                            _ = try await EventStore.appendInTransaction(events.streamAppends(), on: tx)
                            try await Task.sleep(for: .milliseconds(Int.random(in: 0...40)))
                        }
                        _ = committed.next(size)
                        i += 1
                    }
                    await c.close()
                }
            }
            try await group.waitForAll()
        }
        // Let the live worker catch up (it has not been restarted), then compare.
        var counted = -1
        var total = 0
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            total = try await pool.query("SELECT count(*) FROM es.events").first!.decode(Int.self, at: 0)
            counted = try await pool.query("SELECT coalesce(sum(received), 0)::int8 FROM rm.daily_contact_counts").first!.decode(Int.self, at: 0)
            if counted == total { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let facts = try await pool.query("SELECT count(*) FROM rm.contact_facts").first!.decode(Int.self, at: 0)
        worker.signal(SIGTERM)
        _ = try? await worker.wait(timeout: .seconds(20))
        worker.cleanup()
        let ok = counted == total && total == committed.current && facts == total
        await server.dropDatabase(db.database)
        return report(
            "writers",
            "32 writers for \(options.seconds) s: sent \(attempted.current), committed \(committed.current), count(*) \(total), "
                + "projection total \(counted), contact_facts \(facts)",
            ok)
    }

    // MARK: bad input

    /// Malformed JSON bodies: each must get a 4xx problem+json naming what is wrong.
    static let jsonCorpus: [(name: String, body: String, status: Int, mentions: String)] = [
        ("truncated", #"{"eventId": "6f1c7c0e-2b1a-4d7e-9a3e-0c2a9b1d0001", "type": "ContactRec"#, 400, "JSON"),
        ("not JSON", "hello", 400, "JSON"),
        ("empty array", "[]", 400, "no events"),
        ("number", "42", 400, ""),
        (
            "unknown type",
            contactReceivedJSON(id: UUID(), helpline: "1712", contact: "x").replacingOccurrences(of: "ContactReceived", with: "ContactTeleported"),
            400, "type"
        ),
        (
            "bad uuid",
            contactReceivedJSON(id: UUID(), helpline: "1712", contact: "x").replacingOccurrences(of: #""eventId":""#, with: #""eventId":"zz"#), 400,
            "eventId"
        ),
        ("no offset", contactReceivedJSON(id: UUID(), helpline: "1712", contact: "x", at: "2024-03-02T09:15:00"), 400, "occurredAt"),
        ("bad channel", contactReceivedJSON(id: UUID(), helpline: "1712", contact: "x", channel: "pigeon"), 400, "channel"),
        (
            "personal data",
            contactReceivedJSON(id: UUID(), helpline: "1712", contact: "x").replacingOccurrences(
                of: #""data":{"#, with: #""data":{"callerName":"Jan","#), 400, "callerName"
        ),
        ("phone number as contact id", contactReceivedJSON(id: UUID(), helpline: "1712", contact: "+32 470 12 34 56"), 400, "contactId"),
        (
            "duplicate key",
            contactReceivedJSON(id: UUID(), helpline: "1712", contact: "x").replacingOccurrences(
                of: #""source":"bench","#, with: #""source":"bench","source":"b","#), 400, "source"
        ),
        ("deep nesting", String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000), 400, ""),
        ("invalid UTF-8 escape", #"{"eventId": "\ud800"}"#, 400, ""),
        (
            "too many events",
            "[" + (0..<1001).map { contactReceivedJSON(id: UUID(), helpline: "1712", contact: "m\($0)") }.joined(separator: ",") + "]", 400, "1000"
        ),
        ("body over 1 MiB", "[" + String(repeating: " ", count: 1 << 21) + "]", 413, ""),
    ]

    func badJSON() async throws -> Bool {
        let db = try await server.freshDatabase("rel_bad_json")
        let pool = PostgresPool(configuration: db, pool: .init(size: 2), logger: logger)
        let token = try await TokenStore(pool: pool).create(name: "rel", scopes: [.ingest]).token
        let (serve, base) = try await startTrackedServe(databaseURL: databaseURL(db), workers: false)
        let client = makeHTTPClient()
        var failures: [String] = []
        for item in Self.jsonCorpus {
            do {
                let outcome = try await post(client, base + "/v1/events", token: token, body: item.body)
                let specific = item.mentions.isEmpty || outcome.body.contains(item.mentions)
                if outcome.status != item.status || !specific || (item.status == 400 && !outcome.body.contains("\"detail\"")) {
                    failures.append("\(item.name): \(outcome.status) \(outcome.body.prefix(160))")
                }
            } catch {
                failures.append("\(item.name): \(error)")
            }
        }
        let stored = try await pool.query("SELECT count(*) FROM es.events").first!.decode(Int.self, at: 0)
        try? await client.shutdown()
        serve.signal(SIGTERM)
        _ = try? await serve.wait(timeout: .seconds(20))
        serve.cleanup()
        await pool.close()
        await server.dropDatabase(db.database)
        for f in failures { say("  \(f)") }
        return report(
            "bad-json",
            "sent \(Self.jsonCorpus.count) malformed bodies, rejected with the expected status and a specific problem \(Self.jsonCorpus.count - failures.count), stored \(stored)",
            failures.isEmpty && stored == 0)
    }

    /// Malformed CSV files: each must refuse the import (exit 1, nothing written) with a specific message.
    static let csvCorpus: [(name: String, text: String, mentions: String)] = [
        ("unknown column", "contact_id,helpline,channel,received_at,caller_name\nc1,1712,phone,2024-03-01T10:00:00Z,Jan\n", "caller_name"),
        ("missing column", "contact_id,helpline,received_at\nc1,1712,2024-03-01T10:00:00Z\n", "channel"),
        ("repeated column", "contact_id,helpline,channel,channel,received_at\nc1,1712,phone,phone,2024-03-01T10:00:00Z\n", "channel"),
        ("bad channel", "contact_id,helpline,channel,received_at\nc1,1712,pigeon,2024-03-01T10:00:00Z\n", "line 2, column channel"),
        ("no offset", "contact_id,helpline,channel,received_at\nc1,1712,phone,2024-03-01T10:00:00\n", "column received_at"),
        (
            "negative wait", "contact_id,helpline,channel,received_at,outcome,wait_seconds\nc1,1712,phone,2024-03-01T10:00:00Z,answered,-3\n",
            "wait_seconds"
        ),
        ("unterminated quote", "contact_id,helpline,channel,received_at\n\"c1,1712,phone,2024-03-01T10:00:00Z\n", "quote"),
        ("too many fields", "contact_id,helpline,channel,received_at\nc1,1712,phone,2024-03-01T10:00:00Z,extra\n", "line 2"),
        ("empty file", "", "header"),
        ("binary", "\u{0}\u{1}\u{2}PK\u{3}\u{4}", "contact_id"),
        (
            "same contact, different values",
            "contact_id,helpline,channel,received_at\nc1,1712,phone,2024-03-01T10:00:00Z\nc1,1712,chat,2024-03-01T10:00:00Z\n", "c1"
        ),
    ]

    func badCSV() async throws -> Bool {
        let db = try await server.freshDatabase("rel_bad_csv")
        let url = databaseURL(db)
        let dir = URL(fileURLWithPath: "/tmp/hsrel-csv-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var failures: [String] = []
        for (k, item) in Self.csvCorpus.enumerated() {
            let file = dir.appendingPathComponent("case\(k).csv")
            try Data(item.text.utf8).write(to: file)
            let (status, out, err) = try await runChild(helplineStatsExecutable(), ["import", "contacts", file.path, "--database-url", url])
            if status != 1 || !err.contains(item.mentions) {
                failures.append("\(item.name): exit \(status), \((err + out).prefix(200))")
            }
        }
        let pool = PostgresPool(configuration: db, pool: .init(size: 1), logger: logger)
        let stored = try await pool.query("SELECT count(*) FROM es.events").first!.decode(Int.self, at: 0)
        await pool.close()
        await server.dropDatabase(db.database)
        for f in failures { say("  \(f)") }
        return report(
            "bad-csv",
            "sent \(Self.csvCorpus.count) malformed files, refused with a specific error \(Self.csvCorpus.count - failures.count), stored \(stored)",
            failures.isEmpty && stored == 0)
    }

    /// Prints `TOKEN=… URL=…` and runs serve until SIGTERM (for schemathesis).
    func serveForFuzzing() async throws {
        let db = try await server.freshDatabase("rel_fuzz")
        let pool = PostgresPool(configuration: db, pool: .init(size: 1), logger: logger)
        let token = try await TokenStore(pool: pool).create(name: "fuzz", scopes: [.admin]).token
        await pool.close()
        let (serve, base) = try await startTrackedServe(databaseURL: databaseURL(db), workers: true)
        say("URL=\(base) TOKEN=\(token)")
        signal(SIGTERM, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGTERM)
        let stop = Counter()
        source.setEventHandler { _ = stop.next() }
        source.resume()
        while stop.current == 0 && serve.process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        serve.signal(SIGTERM)
        _ = try? await serve.wait(timeout: .seconds(20))
        serve.cleanup()
        await server.dropDatabase(db.database)
    }
}
