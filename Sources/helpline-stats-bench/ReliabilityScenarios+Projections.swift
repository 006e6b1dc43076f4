import AsyncHTTPClient
import EventStore
import Foundation
import HTTPServer
import NIOHTTP1
import Postgres
import Projections
import Synchronization
import TimeArithmetic

#if canImport(Glibc)
    import Glibc
#endif

/// `contact_counts` as a second version would deploy it: the same logic under `version = 2`, so that its checkpoint
/// is `contact_counts:v2`. The service has no way to run a second version of a projection without a code change,
/// so the scenario runs this one in the bench process (the rebuild and the new live worker).
struct ContactCountsV2: Projection {
    let base = ContactCountsProjection()
    var name: String { base.name }
    let version = 2
    var tables: [String] { base.tables }
    func apply(_ range: EventRange, schema: String, on connection: PostgresConnection) async throws {
        try await base.apply(range, schema: schema, on: connection)
    }
}

/// `url` with `application_name=<name>` added (to tell the sessions of two processes apart in `pg_stat_activity`).
func withApplicationName(_ url: String, _ name: String) -> String {
    url + (url.contains("?") ? "&" : "?") + "application_name=\(name)"
}

extension Reliability {
    /// The catch-up position of the last committed event.
    func head(pool: PostgresPool) async throws -> ReadCursor {
        let rows = try await pool.query(
            "SELECT transaction_id, global_position FROM es.events ORDER BY transaction_id DESC, global_position DESC LIMIT 1")
        return try rows.first.map { try ReadCursor($0) } ?? .start
    }

    /// The smallest cursor among the live checkpoints (each projection's, whatever its version).
    func slowestCheckpoint(pool: PostgresPool) async throws -> ReadCursor {
        let rows = try await pool.query(
            """
            SELECT transaction_id, global_position FROM rm.projection_checkpoints WHERE projection NOT LIKE '%:rebuild'
             ORDER BY transaction_id, global_position LIMIT 1
            """)
        return try rows.first.map { try ReadCursor($0) } ?? .start
    }

    // MARK: `project run --until-caught-up` beside a running serve

    func cronBesideServe() async throws -> Bool {
        let db = try await server.freshDatabase("rel_cron")
        let url = databaseURL(db)
        let pool = PostgresPool(configuration: db, pool: .init(size: 2), logger: logger)
        let token = try await TokenStore(pool: pool).create(name: "rel", scopes: [.ingest]).token
        let (serve, base) = try await startTrackedServe(databaseURL: url, workers: true)
        let client = makeHTTPClient()
        let load = ContactLoad()
        let loading = Task {
            await load.run(
                self, http: client, clients: 4, prefix: "cb", contactsPerRequest: 5, pause: .milliseconds(20), token: token,
                deadline: .now + .seconds(120)
            ) { _, _ in base + "/v1/events" }
        }
        try await Task.sleep(for: .seconds(2))
        var runs: [String] = []
        var allPassed = true
        var samples: [Int] = []
        for _ in 0..<3 {
            let target = try await head(pool: pool)
            let cron = try Child(helplineStatsExecutable(), ["project", "run", "--until-caught-up", "--database-url", url])
            let started = ContinuousClock.now
            let status: Int32
            do { status = try await cron.wait(timeout: .seconds(60)) } catch { status = -1 }
            let seconds = (ContinuousClock.now - started).seconds
            let reached = try await slowestCheckpoint(pool: pool) >= target
            if status != 0 { say("  project run --until-caught-up: exit \(status): \(cron.stderr.suffix(300))") }
            cron.cleanup()
            runs.append("exit \(status) in \(fmt(seconds, 1)) s\(reached ? "" : " (checkpoints short of its start)")")
            allPassed = allPassed && status == 0 && reached && seconds < 30
            samples.append(try await consistentRecountDifferences(pool: pool).differences)
            try await Task.sleep(for: .milliseconds(500))
        }
        load.stop()
        await loading.value
        let caughtUp = try await waitForCatchUp(pool: pool)
        let differences = try await sqlRecountDifferences(pool: pool)
        try? await client.shutdown()
        await stopChild(serve)
        let acked = load.tally.acknowledged.all
        let (found, duplicates) = try await self.found(acked, pool: pool)
        await pool.close()
        await server.dropDatabase(db.database)
        let unexpected = load.tally.unexpected.all.count
        let ok =
            allPassed && found == acked.count && duplicates == 0 && unexpected == 0 && caughtUp && differences == 0 && samples.allSatisfy { $0 == 0 }
        return report(
            "cron-beside-serve",
            "sent \(load.tally.sent.current), acknowledged \(acked.count), found \(found) (duplicates \(duplicates)), unexpected answers \(unexpected); "
                + "3 × project run --until-caught-up under load: \(runs.joined(separator: ", ")); rows differing from the recount: "
                + "after each run \(samples.map(String.init).joined(separator: "/")), after catch-up \(differences)",
            ok)
    }

    // MARK: two serve processes with workers on one database

    func twoInstances() async throws -> Bool {
        let db = try await server.freshDatabase("rel_two")
        let url = databaseURL(db)
        let pool = PostgresPool(configuration: db, pool: .init(size: 3), logger: logger)
        let token = try await TokenStore(pool: pool).create(name: "rel", scopes: [.ingest]).token
        let names = ["serve-a", "serve-b"]
        var serves: [Child] = []
        var bases: [String] = []
        for name in names {
            let (child, base) = try await startTrackedServe(databaseURL: withApplicationName(url, name), workers: true)
            serves.append(child)
            bases.append(base)
        }
        let urls = bases.map { $0 + "/v1/events" }
        let dead = Atomic<Int>(-1)
        let client = makeHTTPClient()
        let load = ContactLoad()
        // Clients alternate between the two (and move to the other on each retry); none go to a killed one.
        let loading = Task {
            await load.run(
                self, http: client, clients: 8, prefix: "ti", contactsPerRequest: 3, pause: .milliseconds(20), token: token,
                deadline: .now + .seconds(120)
            ) { w, attempt in
                let i = (w + attempt) % 2
                return urls[dead.load(ordering: .relaxed) == i ? 1 - i : i]
            }
        }
        // Leader samples every 100 ms: (seconds since start, per projection (holders, who)).
        let started = ContinuousClock.now
        let samples = Collector<(Double, [(name: String, holders: Int, who: String)])>()
        let sampling = Counter()
        let sampler = Task {
            while sampling.current == 0 {
                if let l = try? await self.leaders(pool: pool) { samples.append(((ContinuousClock.now - started).seconds, l)) }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        try await Task.sleep(for: .seconds(4))
        let before = try await leaders(pool: pool)
        let leaderName = before.first { $0.name == "contact_counts" }?.who ?? ""
        guard let victim = names.firstIndex(of: leaderName) else {
            load.stop()
            await loading.value
            _ = sampling.next()
            await sampler.value
            for s in serves { await stopChild(s) }
            throw BenchError("no single leader of contact_counts after 4 s: \(before)")
        }
        let survivor = names[1 - victim]
        serves[victim].signal(SIGKILL)
        dead.store(victim, ordering: .relaxed)
        let killedAt = (ContinuousClock.now - started).seconds
        _ = try await serves[victim].wait(timeout: .seconds(10))
        serves[victim].cleanup()
        var takeover: Double?
        let takeoverDeadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < takeoverDeadline {
            if try await leaders(pool: pool).allSatisfy({ $0.holders == 1 && $0.who == survivor }) {
                takeover = (ContinuousClock.now - started).seconds - killedAt
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        // The killed instance comes back (same name): it must stand by, not take any projection back.
        try await Task.sleep(for: .seconds(1))
        let (restarted, _) = try await startTrackedServe(databaseURL: withApplicationName(url, names[victim]), workers: true)
        let restartedAt = (ContinuousClock.now - started).seconds
        try await Task.sleep(for: .seconds(3))
        load.stop()
        await loading.value
        _ = sampling.next()
        await sampler.value
        let caughtUp = try await waitForCatchUp(pool: pool)
        let differences = try await sqlRecountDifferences(pool: pool)
        let health = await healthStatus(client, bases[1 - victim])
        try? await client.shutdown()
        await stopChild(serves[1 - victim])
        await stopChild(restarted)
        let acked = load.tally.acknowledged.all
        let (found, duplicates) = try await self.found(acked, pool: pool)
        let stored = try await count("SELECT count(*) FROM es.events", pool: pool)
        let received = try await count("SELECT coalesce(sum(received), 0)::int8 FROM rm.daily_contact_counts", pool: pool)
        let contacts = try await count("SELECT count(DISTINCT stream_id) FROM es.events WHERE event_type = 'ContactReceived'", pool: pool)
        await pool.close()
        await server.dropDatabase(db.database)
        let all = samples.all
        let most = all.flatMap { $0.1.map(\.holders) }.max() ?? 0
        // Exactly one leader per projection in every sample from the first full one to the kill, and after the takeover.
        let firstFull = all.firstIndex { $0.1.allSatisfy { $0.holders == 1 } } ?? all.count
        let beforeKill = all[firstFull...].filter { $0.0 < killedAt }
        let afterTakeover = all.filter { takeover != nil && $0.0 > killedAt + takeover! + 0.2 }
        let oneBefore = beforeKill.allSatisfy { $0.1.allSatisfy { $0.holders == 1 } }
        let survivorAfter = afterTakeover.allSatisfy { $0.1.allSatisfy { $0.holders == 1 && $0.who == survivor } }
        let afterRestart = all.filter { $0.0 > restartedAt }
        let standsBy = !afterRestart.isEmpty && afterRestart.allSatisfy { $0.1.allSatisfy { $0.holders == 1 && $0.who == survivor } }
        let gapSamples = all.filter { $0.0 >= killedAt && $0.1.contains { $0.holders == 0 } }.count
        let unexpected = load.tally.unexpected.all.count
        let ok =
            most <= 1 && oneBefore && survivorAfter && !beforeKill.isEmpty && !afterTakeover.isEmpty && takeover != nil && found == acked.count
            && duplicates == 0 && unexpected == 0 && caughtUp && differences == 0 && received == contacts && health == 200 && standsBy
        return report(
            "two-instances",
            "sent \(load.tally.sent.current), acknowledged \(acked.count), found \(found) (duplicates \(duplicates), stored \(stored)), "
                + "unexpected answers \(unexpected), connection errors \(load.tally.connectionErrors.current); leaders before the kill "
                + before.map { "\($0.name)=\($0.who)" }.joined(separator: " ") + "; \(all.count) lock samples, most holders of one lock \(most); "
                + "SIGKILL of \(names[victim]), \(survivor) led every projection after \(takeover.map { fmt($0 * 1000, 0) + " ms" } ?? "never") "
                + "(\(gapSamples) samples without a leader); \(names[victim]) restarted: \(standsBy ? "stood by" : "took a projection back") "
                + "in \(afterRestart.count) samples; received \(received) = contacts \(contacts), rows differing from the recount \(differences)",
            ok)
    }

    // MARK: a second version of contact_counts rebuilt beside the live one and switched in under load

    func versionBump() async throws -> Bool {
        let db = try await server.freshDatabase("rel_version")
        let url = databaseURL(db)
        let dir = URL(fileURLWithPath: "/tmp/hsrel-version-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // History first, so that the rebuild takes a while: 20,000 contacts from CSV.
        let csv = dir.appendingPathComponent("contacts.csv")
        _ = try Scenarios.writeContactsCSV(rows: 20_000, to: csv)
        let imported = try await runChild(helplineStatsExecutable(), ["import", "contacts", csv.path, "--database-url", url], timeout: .seconds(180))
        guard imported.0 == 0 else { throw BenchError("import failed: \(imported.2)") }
        let pool = PostgresPool(configuration: db, pool: .init(size: 3), logger: logger)
        let token = try await TokenStore(pool: pool).create(name: "rel", scopes: [.ingest]).token
        let (serve, base) = try await startTrackedServe(databaseURL: withApplicationName(url, "serve-v1"), workers: true)
        var v2Configuration = db
        v2Configuration.applicationName = "bench-v2"
        let client = makeHTTPClient()
        let load = ContactLoad()
        let loading = Task {
            await load.run(
                self, http: client, clients: 4, prefix: "vb", contactsPerRequest: 5, pause: .milliseconds(30), token: token,
                deadline: .now + .seconds(180)
            ) { _, _ in base + "/v1/events" }
        }
        // The projection against the recount of what it has applied, every 700 ms, whichever version is live.
        let samples = Collector<(String, Int)>()
        let sampleErrors = Collector<String>()
        let sampling = Counter()
        let sampler = Task {
            // From the first v1 batch on (before it, there is no live checkpoint to compare with).
            _ = try? await self.waitForCheckpoint("contact_counts:v1", pool: pool, above: 0)
            while sampling.current == 0 {
                do {
                    let s = try await self.consistentRecountDifferences(pool: pool)
                    samples.append((s.checkpoint, s.differences))
                } catch { sampleErrors.append("\(error)") }
                try? await Task.sleep(for: .milliseconds(700))
            }
        }
        var rebuilt = 0
        var rebuildSeconds = 0.0
        var v2Worker: Task<Void, any Error>?
        var oldHealth = "?"
        do {
            _ = try await waitForCheckpoint("contact_counts:v1", pool: pool, above: 0)
            try await Task.sleep(for: .seconds(2))
            // The deploy of v2: rebuild beside the live v1 (which serve keeps running), switch, then a v2 worker.
            (rebuilt, rebuildSeconds) = try await measure {
                try await ProjectionRebuilder(configuration: v2Configuration, logger: logger).rebuild(ContactCountsV2(), batchSize: 5_000)
            }
            let worker = ProjectionWorker(projection: ContactCountsV2(), configuration: v2Configuration, logger: logger)
            v2Worker = Task { try await worker.run() }
            try await Task.sleep(for: .seconds(5))
            // What the old deploy's /v1/health says of contact_counts now (its catalog still names v1).
            let reader = try await TokenStore(pool: pool).create(name: "rel-read", scopes: [.read]).token
            let answer = await timedRequest(client, base + "/v1/health", method: .GET, token: reader, body: nil, timeout: .seconds(10))
            if let object = try? JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any],
                let projections = object["projections"] as? [[String: Any]],
                let v1 = projections.first(where: { ($0["name"] as? String) == "contact_counts:v1" })
            {
                oldHealth = "\(answer.status ?? 0) \(object["status"] ?? "?"), contact_counts:v1 \(v1["eventsBehind"] ?? "?") events behind"
            } else {
                oldHealth = "\(answer.status ?? 0) \(answer.body.prefix(120))"
            }
        } catch {
            say("  version-bump: \(error)")
        }
        load.stop()
        await loading.value
        let caughtUp = try await waitForCatchUp(pool: pool)
        _ = sampling.next()
        await sampler.value
        let differences = try await sqlRecountDifferences(pool: pool)
        let checkpoints = try await pool.query("SELECT projection FROM rm.projection_checkpoints ORDER BY 1").map {
            try $0.decode(String.self, at: 0)
        }
        let leader = try await leaders(pool: pool).first { $0.name == "contact_counts" }
        v2Worker?.cancel()
        _ = try? await v2Worker?.value
        try? await client.shutdown()
        let serveLog = serve.stderr
        await stopChild(serve)
        let acked = load.tally.acknowledged.all
        let (found, duplicates) = try await self.found(acked, pool: pool)
        await pool.close()
        await server.dropDatabase(db.database)
        let all = samples.all
        let v1 = all.filter { $0.0 == "contact_counts:v1" }
        let v2 = all.filter { $0.0 == "contact_counts:v2" }
        // What serve's v1 worker logged once its checkpoint had gone (the last such line: where it stopped).
        let v1Said =
            serveLog.split(separator: "\n").last { $0.contains("contact_counts:v1") && ($0.contains("error") || $0.contains("warning")) }
            .map { String($0.drop { $0 != " " }.dropFirst().prefix(300)) } ?? "nothing"
        let ok =
            rebuilt > 0 && !v1.isEmpty && !v2.isEmpty && all.allSatisfy { $0.1 == 0 } && sampleErrors.all.isEmpty && caughtUp && differences == 0
            && !checkpoints.contains("contact_counts:v1") && checkpoints.contains("contact_counts:v2") && found == acked.count && duplicates == 0
            && load.tally.unexpected.all.isEmpty && leader?.holders == 1 && leader?.who == "bench-v2"
            // The old worker must stop as superseded, not blame an event (it did before 60c190c).
            && !v1Said.contains("cannot apply")
        for e in sampleErrors.all.prefix(3) { say("  sample failed: \(e)") }
        return report(
            "version-bump",
            "sent \(load.tally.sent.current), acknowledged \(acked.count), found \(found) (duplicates \(duplicates)); v2 rebuilt from \(rebuilt) events "
                + "in \(fmt(rebuildSeconds, 1)) s beside the live v1 and switched in; rows differing from the recount: \(v1.count) samples on v1 "
                + "max \(v1.map(\.1).max() ?? -1), \(v2.count) on v2 max \(v2.map(\.1).max() ?? -1), after catch-up \(differences); "
                + "checkpoints \(checkpoints.joined(separator: " ")), contact_counts led by \(leader.map { "\($0.who) (\($0.holders) session(s))" } ?? "?"); "
                + "serve's v1 worker said: \(v1Said); serve's /v1/health then: \(oldHealth)",
            ok)
    }
}
