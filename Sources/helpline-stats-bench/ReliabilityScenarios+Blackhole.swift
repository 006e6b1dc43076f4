import AsyncHTTPClient
import Foundation
import HTTPServer
import NIOHTTP1
import Postgres
import Synchronization
import TimeArithmetic

extension Reliability {
    // MARK: PostgreSQL behind a proxy that stops forwarding without closing anything

    /// `serve` (with workers) reaches PostgreSQL through a `BlackholeProxy`; 4 clients post contact stories (each
    /// attempt timed, retried with the same ids) and `/health` is probed twice a second. After 3 s the proxy stops
    /// forwarding for `max(15 s, 2 × deadline)`, then resumes. The deadline for any answer is
    /// `max(query timeout + 2 s grace, pool wait 5 s, connect_timeout 3 s) + 3 s`.
    func blackhole() async throws -> Bool {
        let queryTimeout = options.queryTimeout
        let connectTimeout = 3
        // The pool gives a statement `queryTimeout` and abandons the connection 2 s after that (its grace for the
        // server's own statement_timeout); a request waits at most 5 s for a pooled connection.
        let deadlineSeconds = Double(max(queryTimeout + 2, 5, connectTimeout) + 3)
        let bin = helplineStatsExecutable()
        let help = try await runChild(bin, ["serve", "--help"], timeout: .seconds(30))
        let hasQueryTimeout = (help.1 + help.2).contains("--query-timeout")
        let db = try await server.freshDatabase("rel_blackhole")
        let direct = PostgresPool(configuration: db, pool: .init(size: 2), logger: logger)
        let token = try await TokenStore(pool: direct).create(name: "rel", scopes: [.ingest]).token
        let admin = server.admin
        let proxy = try BlackholeProxy(upstream: admin.isUnixSocket ? .unix("\(admin.host)/.s.PGSQL.\(admin.port)") : .tcp(port: admin.port))
        var via = db
        via.host = "127.0.0.1"
        via.port = proxy.port
        via.sslMode = "disable"
        let url = databaseURL(via) + "&connect_timeout=\(connectTimeout)"
        let (serve, base) = try await startTrackedServe(
            databaseURL: url, workers: true, extra: hasQueryTimeout ? ["--query-timeout", "\(queryTimeout)"] : [])
        let client = makeHTTPClient()
        let answers = Collector<TimedAnswer>()
        let probes = Collector<TimedAnswer>()
        let acknowledged = Collector<UUID>()
        let stop = Counter()
        let loadDeadline = ContinuousClock.now + .seconds(150)
        let contacts = Counter()
        let hold = Duration.seconds(max(15, 2 * deadlineSeconds))
        var on = ContinuousClock.now
        var off = ContinuousClock.now
        var bytesInHole = 0
        var acceptedInHole = 0
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    while stop.current == 0 && ContinuousClock.now < loadDeadline {
                        let k = contacts.next()
                        let batch = PostableBatch(contactStory("bh-\(k)", k: k))
                        while ContinuousClock.now < loadDeadline {
                            let answer = await timedRequest(
                                client, base + "/v1/events", method: .POST, token: token, body: batch.body, timeout: .seconds(60))
                            answers.append(answer)
                            if let s = answer.status, (200..<300).contains(s) {
                                acknowledged.append(contentsOf: batch.ids)
                                break
                            }
                            if answer.status.map({ $0 != 503 && $0 < 500 }) == true { break }  // a 4xx: a bug of the scenario, counted below
                            try? await Task.sleep(for: .milliseconds(200))
                        }
                        try? await Task.sleep(for: .milliseconds(20))
                    }
                }
            }
            group.addTask {
                while stop.current == 0 && ContinuousClock.now < loadDeadline {
                    probes.append(await timedRequest(client, base + "/health", method: .GET, token: nil, body: nil, timeout: .seconds(60)))
                    try? await Task.sleep(for: .milliseconds(500))
                }
            }
            try? await Task.sleep(for: .seconds(3))
            on = .now
            proxy.setBlackholed(true)
            let (bytesBefore, acceptedBefore) = (proxy.bytesForwarded.load(ordering: .relaxed), proxy.accepted.load(ordering: .relaxed))
            try? await Task.sleep(for: hold)
            bytesInHole = proxy.bytesForwarded.load(ordering: .relaxed) - bytesBefore
            acceptedInHole = proxy.accepted.load(ordering: .relaxed) - acceptedBefore
            off = .now
            proxy.setBlackholed(false)
            try? await Task.sleep(for: .seconds(10))
            _ = stop.next()
        }
        let (onAt, offAt) = (on, off)
        func end(_ a: TimedAnswer) -> ContinuousClock.Instant { a.started + .milliseconds(Int(a.seconds * 1000)) }
        /// Seconds it waited while the proxy was blackholed (0 if it did not overlap).
        func waitedInHole(_ a: TimedAnswer) -> Double {
            let from = max(a.started, onAt)
            let to = min(end(a), offAt)
            return to > from ? (to - from).seconds : 0
        }
        let all = answers.all
        let inside = all.filter { $0.started > onAt && end($0) < offAt }
        let insideOK = inside.filter { $0.status == 503 && $0.retryAfter != nil }.count
        let slowest = all.map(waitedInHole).max() ?? 0
        let unanswered = all.filter { $0.status == nil }
        let status500 = all.filter { ($0.status ?? 0) >= 500 && $0.status != 503 }
        let successesInside = inside.filter { ($0.status ?? 0) < 300 }.count
        let probeInside = probes.all.filter { $0.started > onAt && end($0) < offAt }
        let probeOK = probeInside.filter { $0.status == 503 && $0.retryAfter != nil }.count
        let probeSlowest = probes.all.map(waitedInHole).max() ?? 0
        let firstAck = all.filter { $0.started >= offAt && ($0.status ?? 0) < 300 && $0.status != nil }.map(end).min()
        let recovery = firstAck.map { fmt(($0 - offAt).milliseconds, 0) + " ms" } ?? "never"
        let health = await healthStatus(client, base)
        let alive = serve.process.isRunning
        let caughtUp = try await waitForCatchUp(pool: direct, timeout: .seconds(60))
        let differences = try await sqlRecountDifferences(pool: direct)
        try? await client.shutdown()
        await stopChild(serve)
        proxy.stop()
        let acked = acknowledged.all
        let (found, duplicates) = try await self.found(acked, pool: direct)
        await direct.close()
        await server.dropDatabase(db.database)
        let ok =
            hasQueryTimeout && bytesInHole == 0 && !inside.isEmpty && insideOK == inside.count && slowest <= deadlineSeconds && unanswered.isEmpty
            && status500.isEmpty
            && !probeInside.isEmpty && probeOK == probeInside.count && probeSlowest <= deadlineSeconds && firstAck != nil && health == 200 && alive
            && found == acked.count && duplicates == 0 && caughtUp && differences == 0
        if let u = unanswered.first { say("  unanswered, e.g. after \(fmt(u.seconds, 1)) s: \(u.body.prefix(160))") }
        if let e = status500.first { say("  \(e.status!), e.g. \(e.body.prefix(200))") }
        return report(
            "blackhole",
            "serve \(hasQueryTimeout ? "--query-timeout \(queryTimeout)" : "without --query-timeout (not in this build)"), proxy blackholed "
                + "\(fmt(hold.seconds, 0)) s (bytes through it meanwhile \(bytesInHole), connections it accepted meanwhile \(acceptedInHole)): acknowledged \(acked.count), found \(found) (duplicates \(duplicates)); requests while blackholed "
                + "\(inside.count), 503 with Retry-After \(insideOK), 2xx \(successesInside); longest wait in the hole \(fmt(slowest, 1)) s "
                + "(deadline \(fmt(deadlineSeconds, 0)) s), unanswered \(unanswered.count), 500 \(status500.count); /health while blackholed "
                + "\(probeInside.count) probes, 503 \(probeOK), longest \(fmt(probeSlowest, 1)) s; first acknowledgement \(recovery) after "
                + "forwarding resumed, /health \(health), same serve alive \(alive); rows differing from the recount \(caughtUp ? "\(differences)" : "never caught up")",
            ok)
    }
}
