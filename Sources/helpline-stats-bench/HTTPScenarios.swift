import AsyncHTTPClient
import Attribution
import TimeArithmetic
import EventStore
import Foundation
import HTTPServer
import HelplineDomain
import Ingest
import NIOCore
import NIOHTTP1
import Postgres

/// One contact event as a telephony platform posts it.
func contactReceivedJSON(id: UUID, helpline: String, contact: String, at: String = "2024-03-02T09:15:00Z", channel: String = "phone")
    -> String
{
    """
    {"eventId":"\(id.uuidString.lowercased())","type":"ContactReceived","schemaVersion":1,"occurredAt":"\(at)","source":"bench",\
    "helpline":"\(helpline)","contactId":"\(contact)","data":{"channel":"\(channel)","receivedAt":"\(at)"}}
    """
}

func makeHTTPClient(connections: Int = 64) -> HTTPClient {
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
    configuration.timeout = .init(connect: .seconds(5), read: .seconds(60))
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
}

struct PostOutcome: Sendable {
    var status: Int
    var retryAfter: String?
    var body: String
}

func post(_ client: HTTPClient, _ url: String, token: String, body: String, timeout: Duration = .seconds(30)) async throws -> PostOutcome {
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    request.headers.add(name: "Authorization", value: "Bearer \(token)")
    request.headers.add(name: "Content-Type", value: "application/json")
    request.body = .bytes(ByteBuffer(string: body))
    let response = try await client.execute(request, timeout: .init(timeout))
    let bytes = try await response.body.collect(upTo: 4 << 20)
    return PostOutcome(
        status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"), body: String(buffer: bytes))
}

extension Scenarios {
    /// Runs `count` jobs on `concurrency` tasks; `job(i)` returns its latency in ms.
    func concurrently(_ count: Int, concurrency: Int, _ job: @escaping @Sendable (Int, Int) async throws -> Void) async throws -> (Double, [Double]) {
        let counter = Counter()
        let latencies = Collector<Double>()
        let (_, seconds) = try await measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<concurrency {
                    group.addTask {
                        var mine: [Double] = []
                        while true {
                            let i = counter.next()
                            if i >= count { break }
                            let start = ContinuousClock.now
                            try await job(worker, i)
                            mine.append((ContinuousClock.now - start).milliseconds)
                        }
                        latencies.append(contentsOf: mine)
                    }
                }
                try await group.waitForAll()
            }
        }
        return (seconds, latencies.all)
    }

    func ingestHTTP(single: Int, batch: Int) async throws {
        let db = try await server.freshDatabase("bench_http")
        let pool = PostgresPool(configuration: db, pool: .init(size: 4), logger: logger)
        let token = try await TokenStore(pool: pool).create(name: "bench", scopes: [.ingest]).token
        say("\ningest_http: \(single) single events, \(batch) events in batches of 100, concurrency 32 → \(db.database)")

        // Baselines first: the same events as parameterised INSERTs from 32 connections.
        func events(_ prefix: String, _ n: Int) -> [NewEvent] {
            (0..<n).map { i in
                try! HelplineEvent.decode(json: Array(contactReceivedJSON(id: UUID(), helpline: "1712", contact: "\(prefix)-\(i)").utf8))
                    .newEvent
            }
        }
        let sqlSingleEvents = events("sqls", single)
        let sqlBatchEvents = events("sqlb", batch)
        var connections: [PostgresConnection] = []
        for _ in 0..<32 { connections.append(try await PostgresConnection.connect(configuration: db, logger: logger)) }
        let conns = connections
        let (sqlSingleSeconds, sqlSingleLatency) = try await concurrently(single, concurrency: 32) { worker, i in
            let e = sqlSingleEvents[i]
            let stream = "contact-1712-sqls-\(i)"
            try await conns[worker].execute(
                """
                INSERT INTO es.events (stream_id, stream_position, event_id, event_type, schema_version, occurred_at, data, metadata)
                VALUES (\(stream), 1, \(e.id), \(e.type), \(e.schemaVersion), \(e.occurredAt), \(e.data)::jsonb, \(e.metadata)::jsonb)
                """)
        }
        let (sqlBatchSeconds, sqlBatchLatency) = try await concurrently(batch / 100, concurrency: 32) { worker, b in
            let slice = sqlBatchEvents[(b * 100)..<min(batch, b * 100 + 100)]
            let streams = slice.indices.map { "contact-1712-sqlb-\($0)" }
            try await conns[worker].execute(
                """
                INSERT INTO es.events (stream_id, stream_position, event_id, event_type, schema_version, occurred_at, data, metadata)
                SELECT s, 1, i, t, v, o, d, m FROM unnest(\(streams)::text[], \(slice.map(\.id))::uuid[], \(slice.map(\.type))::text[],
                    \(slice.map(\.schemaVersion))::int2[], \(slice.map(\.occurredAt))::timestamptz[], \(slice.map(\.data))::jsonb[],
                    \(slice.map(\.metadata))::jsonb[]) AS x(s, i, t, v, o, d, m)
                """)
        }
        for c in connections { await c.close() }

        // The service: `helpline-stats serve` (API only: the baseline runs no projection either).
        let (serve, base) = try await startServe(databaseURL: databaseURL(db), workers: false)
        let client = makeHTTPClient()
        do {
            let singleBodies = (0..<single).map { contactReceivedJSON(id: UUID(), helpline: "1712", contact: "https-\($0)") }
            let batchBodies = (0..<(batch / 100)).map { b in
                "[" + (0..<100).map { contactReceivedJSON(id: UUID(), helpline: "1712", contact: "httpb-\(b * 100 + $0)") }.joined(separator: ",")
                    + "]"
            }
            let failures = Counter()
            let serveCPU0 = cpuSeconds(pid: serve.pid)
            let selfCPU0 = selfCPUSeconds()
            let (httpSingleSeconds, httpSingleLatency) = try await concurrently(single, concurrency: 32) { _, i in
                let outcome = try await post(client, base + "/v1/events", token: token, body: singleBodies[i])
                if outcome.status != 201 { _ = failures.next() }
            }
            let serveCPU1 = cpuSeconds(pid: serve.pid)
            let selfCPU1 = selfCPUSeconds()
            let (httpBatchSeconds, httpBatchLatency) = try await concurrently(batchBodies.count, concurrency: 32) { _, b in
                let outcome = try await post(client, base + "/v1/events", token: token, body: batchBodies[b])
                if outcome.status != 201 { _ = failures.next() }
            }
            let serveCPU2 = cpuSeconds(pid: serve.pid)
            let selfCPU2 = selfCPUSeconds()
            let cpuLine = { (phase: String, seconds: Double, serve: Double, me: Double) in
                self.line(
                    "ingest_http", "\(phase): CPU s serve / client / wall", "\(fmt(serve, 1)) / \(fmt(me, 1)) / \(fmt(seconds, 1))",
                    baseline: "of \(ProcessInfo.processInfo.activeProcessorCount * Int(seconds.rounded(.up))) core-s")
                self.results.set("ingest_http", "\(phase)_serve_cpu_s", serve)
                self.results.set("ingest_http", "\(phase)_client_cpu_s", me)
            }
            cpuLine("single", httpSingleSeconds, serveCPU1 - serveCPU0, selfCPU1 - selfCPU0)
            cpuLine("batch", httpBatchSeconds, serveCPU2 - serveCPU1, selfCPU2 - selfCPU1)
            let rss = peakRSSKiB(pid: serve.pid) ?? 0
            let stored = try await pool.query("SELECT count(*) FROM es.events").first!.decode(Int.self, at: 0)
            let singleRate = Double(single) / httpSingleSeconds
            let sqlSingleRate = Double(single) / sqlSingleSeconds
            let batchRate = Double(batchBodies.count * 100) / httpBatchSeconds
            let sqlBatchRate = Double(batch) / sqlBatchSeconds
            line(
                "ingest_http", "single events/s", fmt(singleRate), baseline: "INSERT \(fmt(sqlSingleRate)) ev/s",
                ratio: "http_single_vs_sql \(fmt(singleRate / sqlSingleRate, 2))")
            line(
                "ingest_http", "single p50 / p99 ms",
                "\(fmt(percentile(httpSingleLatency, 0.5), 1)) / \(fmt(percentile(httpSingleLatency, 0.99), 1))",
                baseline: "\(fmt(percentile(sqlSingleLatency, 0.5), 1)) / \(fmt(percentile(sqlSingleLatency, 0.99), 1))")
            line(
                "ingest_http", "batch-100 events/s", fmt(batchRate), baseline: "INSERT \(fmt(sqlBatchRate)) ev/s",
                ratio: "http_batch_vs_sql \(fmt(batchRate / sqlBatchRate, 2))", target: "≥ 0.5")
            line(
                "ingest_http", "batch p50 / p99 ms",
                "\(fmt(percentile(httpBatchLatency, 0.5), 1)) / \(fmt(percentile(httpBatchLatency, 0.99), 1))",
                baseline: "\(fmt(percentile(sqlBatchLatency, 0.5), 1)) / \(fmt(percentile(sqlBatchLatency, 0.99), 1))")
            line("ingest_http", "serve peak RSS", "\(rss / 1024) MiB")
            line("ingest_http", "non-201 answers / events stored", "\(failures.current) / \(stored)")
            results.set("ingest_http", "single_events", single)
            results.set("ingest_http", "single_events_per_s", singleRate)
            results.set("ingest_http", "single_sql_events_per_s", sqlSingleRate)
            results.set("ingest_http", "http_single_vs_sql", singleRate / sqlSingleRate)
            results.setLatency("ingest_http", "single_", httpSingleLatency)
            results.setLatency("ingest_http", "single_sql_", sqlSingleLatency)
            results.set("ingest_http", "batch_events", batchBodies.count * 100)
            results.set("ingest_http", "batch_events_per_s", batchRate)
            results.set("ingest_http", "batch_sql_events_per_s", sqlBatchRate)
            results.set("ingest_http", "http_batch_vs_sql", batchRate / sqlBatchRate)
            results.setLatency("ingest_http", "batch_", httpBatchLatency)
            results.setLatency("ingest_http", "batch_sql_", sqlBatchLatency)
            results.set("ingest_http", "serve_peak_rss_kib", rss)
            results.set("ingest_http", "non_201", failures.current)
            results.set("ingest_http", "events_stored", stored)
        } catch {
            serve.signal(SIGKILL)
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
        serve.signal(SIGTERM)
        _ = try? await serve.wait(timeout: .seconds(30))
        serve.cleanup()
        await pool.close()
        await server.dropDatabase(db.database)
    }

    /// Appends at `rate` events/s through `serve` (with its workers) and watches analytics.monthly_contacts.
    func liveLag(seconds: Int, rate: Int = 500) async throws {
        let db = try await server.freshDatabase("bench_lag")
        let pool = PostgresPool(configuration: db, pool: .init(size: 2), logger: logger)
        let token = try await TokenStore(pool: pool).create(name: "bench", scopes: [.ingest]).token
        let (serve, base) = try await startServe(databaseURL: databaseURL(db), workers: true)
        let client = makeHTTPClient()
        let total = seconds * rate
        say("\nlive_lag: \(total) events at \(rate)/s through serve (with workers) → \(db.database)")
        let acks = Collector<ContinuousClock.Instant>()
        let visible = Collector<(Int, ContinuousClock.Instant)>()
        let poller = PostgresConnectionBox(try await PostgresConnection.connect(configuration: db, logger: logger))
        let done = Counter()
        let start = ContinuousClock.now
        let interval = Duration.nanoseconds(1_000_000_000 / rate)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Poller: the contacts visible in the analyst view, as often as it can.
                group.addTask {
                    var last = 0
                    while done.current == 0 || last < total {
                        let rows = try await poller.connection.query(
                            "SELECT coalesce(sum(contacts), 0)::int8 FROM analytics.monthly_contacts WHERE helpline = 'lag' AND channel = 'phone'")
                        let n = Int(try rows.first!.decode(Int64.self, at: 0))
                        if n > last {
                            visible.append((n, ContinuousClock.now))
                            last = n
                        }
                        if ContinuousClock.now - start > .seconds(seconds + 60) { break }
                        try await Task.sleep(for: .milliseconds(2))
                    }
                }
                // Senders: event i leaves at start + i × interval.
                let senders = 16
                let counter = Counter()
                for _ in 0..<senders {
                    group.addTask {
                        while true {
                            let i = counter.next()
                            if i >= total { break }
                            let due = start + interval * i
                            if due > ContinuousClock.now { try await Task.sleep(until: due) }
                            let body = contactReceivedJSON(id: UUID(), helpline: "lag", contact: "lag-\(i)")
                            let outcome = try await post(client, base + "/v1/events", token: token, body: body)
                            guard outcome.status == 201 else { throw BenchError("POST answered \(outcome.status): \(outcome.body)") }
                            acks.append(ContinuousClock.now)
                        }
                        if counter.current >= total { _ = done.next() }
                    }
                }
                try await group.waitForAll()
            }
        } catch {
            serve.signal(SIGKILL)
            try? await client.shutdown()
            throw error
        }
        // The k-th acknowledged event is visible once the view counts k contacts.
        let ackTimes = acks.all.sorted()
        let seen = visible.all.sorted { $0.0 < $1.0 }
        var lags: [Double] = []
        var j = 0
        for (k, ack) in ackTimes.enumerated() {
            while j < seen.count && seen[j].0 < k + 1 { j += 1 }
            guard j < seen.count else { break }
            lags.append(max(0, (seen[j].1 - ack).milliseconds))
        }
        let rss = peakRSSKiB(pid: serve.pid) ?? 0
        let achieved = Double(ackTimes.count) / ((ackTimes.last ?? start) - start).seconds
        line(
            "live_lag", "append → view p50 / p99 ms", "\(fmt(percentile(lags, 0.5), 0)) / \(fmt(percentile(lags, 0.99), 0))",
            baseline: "\(fmt(achieved)) ev/s sent", target: "p99 ≤ 250 ms")
        line("live_lag", "events seen in the view", "\(lags.count) of \(ackTimes.count)")
        line("live_lag", "serve peak RSS (with workers)", "\(rss / 1024) MiB")
        results.set("live_lag", "events", ackTimes.count)
        results.set("live_lag", "events_per_s", achieved)
        results.setLatency("live_lag", "", lags)
        results.set("live_lag", "max_ms", lags.max() ?? .nan)
        results.set("live_lag", "seen", lags.count)
        results.set("live_lag", "serve_peak_rss_kib", rss)
        try? await client.shutdown()
        serve.signal(SIGTERM)
        _ = try? await serve.wait(timeout: .seconds(30))
        serve.cleanup()
        await poller.connection.close()
        await pool.close()
        await server.dropDatabase(db.database)
    }

    /// The attribution model fit: 5 years of daily data, 10 campaigns (the scenario of `attribution-recovery --perf`).
    func attributionFit(repeats: Int = 11) {
        let scenario = SyntheticScenario.fitTiming
        let series = scenario.simulate(seed: 1)
        say("\nattribution_fit: \(series.count) days × 10 campaigns, \(repeats) fits each")
        for (label, checks) in [("fit", false), ("fit + placebos + backtests", true)] {
            var options = AttributionOptions()
            if !checks {
                options.placeboRuns = 0
                options.backtestWeeks = 0
            }
            var times: [Double] = []
            for _ in 0..<repeats {
                let t0 = ContinuousClock.now
                _ = try? CampaignAttribution.evaluate(
                    series: series, campaigns: scenario.campaigns.map(\.window), holidays: scenario.holidays, options: options)
                times.append((ContinuousClock.now - t0).milliseconds)
            }
            line(
                "attribution_fit", "\(label) p50 / max ms", "\(fmt(percentile(times, 0.5), 0)) / \(fmt(times.max()!, 0))",
                target: checks ? "" : "≤ 200 ms")
            let key = checks ? "with_checks" : "fit"
            results.set("attribution_fit", "\(key)_p50_ms", percentile(times, 0.5))
            results.set("attribution_fit", "\(key)_max_ms", times.max()!)
        }
        results.set("attribution_fit", "days", series.count)
    }
}

final class PostgresConnectionBox: Sendable {
    let connection: PostgresConnection
    init(_ connection: PostgresConnection) { self.connection = connection }
}
