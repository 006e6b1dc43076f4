import Attribution
import TimeArithmetic
import Foundation
import HTTPServer
import Logging
import Postgres
import Projections
import Reports

final class Scenarios {
    let server: BenchServer
    let events: Int
    var results: Results
    let logger = quietLogger("bench")
    let workDir: URL

    init(server: BenchServer, events: Int, results: Results) {
        self.server = server
        self.events = events
        self.results = results
        workDir = URL(fileURLWithPath: "/tmp/hsbench-files-\(getpid())")
        try? FileManager.default.createDirectory(at: workDir, withIntermediateDirectories: true)
        chmod(workDir.path, 0o755)
    }

    deinit { try? FileManager.default.removeItem(at: workDir) }

    func line(_ scenario: String, _ figure: String, _ value: String, baseline: String = "", ratio: String = "", target: String = "") {
        let pad = { (s: String, n: Int) in s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        say(pad(scenario, 16) + pad(figure, 42) + " " + pad(value, 16) + pad(baseline, 22) + pad(ratio, 22) + target)
    }

    // MARK: import, rebuild, report (one database: 10 years of contacts)

    /// Writes the CSV: `rows` contacts over 2015–2024, two helplines, three channels; rows cycle through
    /// answered+classified (4 events), abandoned (2) and answered (3), 3 events per row on average.
    static func writeContactsCSV(rows: Int, to url: URL) throws -> Int {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var buffer = "contact_id,helpline,channel,received_at,outcome,wait_seconds,duration_seconds,contact_type\n"
        let firstDay = 16_436  // 2015-01-01
        let days = 3_653
        let channels = ["phone", "chat", "email"]
        var events = 0
        for i in 0..<rows {
            let day = firstDay + Int(Double(i) * Double(days) / Double(rows))
            let (y, m, d) = LocalDay(daysSinceEpoch: day).components
            let second = (i &* 7_919) % 86_400
            let ts = "\(y)-\(two(m))-\(two(d))T\(two(second / 3600)):\(two(second / 60 % 60)):\(two(second % 60))Z"
            let helpline = i % 5 == 0 ? "nupraatikerover" : "1712"
            let channel = channels[(i / 3) % 3]
            switch i % 3 {
            case 0:
                buffer += "b-\(i),\(helpline),\(channel),\(ts),answered,12,600,counselling\n"
                events += 4
            case 1:
                buffer += "b-\(i),\(helpline),\(channel),\(ts),abandoned,95,,\n"
                events += 2
            default:
                buffer += "b-\(i),\(helpline),\(channel),\(ts),answered,20,300,\n"
                events += 3
            }
            if buffer.utf8.count > 1 << 20 {
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
        return events
    }

    /// Ten campaigns for helpline 1712, one a year from 2015 on, 4–8 weeks each.
    static func campaignsJSON() -> String {
        var items: [String] = []
        for k in 0..<10 {
            let year = 2015 + k
            let month = 2 + (k * 5) % 9
            let weeks = 4 + k % 5
            let start = "\(year)-\(two(month))-01"
            let endDay = 1 + weeks * 7
            let endMonth = month + (endDay > 28 ? 1 : 0)
            let end = "\(year)-\(two(endMonth))-\(two(endDay > 28 ? endDay - 28 : endDay))"
            items.append(
                """
                {"id":"bench-\(k)","name":"Bench campaign \(k)","owner":"1712","helplines":["1712"],"targetGroups":["general_public"],\
                "channels":[{"channel":"radio","region":"Vlaanderen"}],"plannedStart":"\(start)","plannedEnd":"\(end)",\
                "startedAt":"\(start)T00:00:00Z","stoppedAt":"\(end)T23:00:00Z",\
                "costs":[{"item":"media","amountCents":\(1_000_000 + k * 100_000),"currency":"EUR"}]}
                """)
        }
        return "{\"campaigns\":[\n" + items.joined(separator: ",\n") + "\n]}\n"
    }

    func importRebuildReport(wanted: Set<String>, reportRuns: Int) async throws {
        let rows = max(1, events / 3)
        let db = try await server.freshDatabase("bench_import")
        let url = databaseURL(db)
        let csv = workDir.appendingPathComponent("contacts.csv")
        let expectedEvents = try Self.writeContactsCSV(rows: rows, to: csv)
        say("\nimport: \(rows) CSV rows (\(expectedEvents) events, 10 years) → \(db.database)")

        // 1. The import through the CLI, as a user runs it (its own process, for its peak RSS).
        let rssBefore = childrenPeakRSSKiB()
        let importer = try Child(helplineStatsExecutable(), ["import", "contacts", csv.path, "--database-url", url])
        let (importStatus, importWall) = try await measure { try await importer.wait() }
        let importResult = (importStatus, importer.stdout, importer.stderr)
        importer.cleanup()
        guard importResult.0 == 0 else { throw BenchError("import failed: \(importResult.2)") }
        // The importer's own VmHWM (sampled while it runs); ru_maxrss of the children would also count
        // grandchildren such as initdb's bootstrap postgres.
        let rss = importer.peakRSSSeen
        let summaryLine = importResult.1.trimmingCharacters(in: .whitespacesAndNewlines)
        // "imported N rows (E events), …, X rows/s"
        let importRowsPerSecond = Double(summaryLine.split(separator: ",").last?.split(separator: " ").first ?? "") ?? Double(rows) / importWall
        let importSeconds = Double(rows) / importRowsPerSecond

        // 2. Baseline: the same event rows with raw COPY into an identical table (same columns, defaults, indexes).
        let pool = PostgresPool(configuration: db, pool: .init(size: 4), logger: logger)
        defer { Task { await pool.close() } }
        let stored = try await pool.query("SELECT count(*) FROM es.events").first!.decode(Int.self, at: 0)
        let copyFile = workDir.appendingPathComponent("events.copy")
        let dump = try await runChild(
            "/usr/bin/psql",
            [
                url, "-v", "ON_ERROR_STOP=1", "-qc",
                "\\copy (SELECT stream_id, stream_position, event_id, event_type, schema_version, occurred_at, data, metadata FROM es.events ORDER BY global_position) TO '\(copyFile.path)'",
            ])
        guard dump.0 == 0 else { throw BenchError("psql \\copy failed: \(dump.2)") }
        try await pool.execute("CREATE SCHEMA bench")
        try await pool.execute("CREATE TABLE bench.events_copy (LIKE es.events INCLUDING ALL)")
        let (copied, copySeconds) = try await measure {
            try await pool.withConnection { c in
                try await c.withTransaction { tx in
                    try await tx.copyFrom(
                        "COPY bench.events_copy (stream_id, stream_position, event_id, event_type, schema_version, occurred_at, data, metadata) FROM STDIN",
                        chunks: FileChunks(url: copyFile))
                }
            }
        }
        try? FileManager.default.removeItem(at: copyFile)
        let copyRowsPerSecond = Double(rows) / copySeconds
        let ratio = copySeconds / importSeconds
        say("  \(summaryLine)")
        line("scenario", "figure", "value", baseline: "raw PostgreSQL", ratio: "ratio", target: "target")
        line(
            "import", "CSV rows/s (\(stored) events)", fmt(importRowsPerSecond), baseline: "COPY \(fmt(copyRowsPerSecond)) rows/s",
            ratio: "import_vs_copy \(fmt(ratio, 2))", target: "≥ 0.7")
        line("import", "events/s", fmt(Double(stored) / importSeconds), baseline: "COPY \(fmt(Double(copied) / copySeconds)) ev/s")
        line("import", "peak RSS (CLI process)", "\(rss / 1024) MiB", target: "≤ 150 MB at 10M rows")
        results.set("import", "rows", rows)
        results.set("import", "events", stored)
        results.set("import", "rows_per_s", importRowsPerSecond)
        results.set("import", "seconds", importSeconds)
        results.set("import", "wall_seconds_including_process_start", importWall)
        results.set("import", "copy_rows_per_s", copyRowsPerSecond)
        results.set("import", "copy_seconds", copySeconds)
        results.set("import", "import_vs_copy", ratio)
        results.set("import", "peak_rss_kib", rss)
        results.set("import", "peak_rss_kib_children_before", rssBefore)
        try await pool.execute("DROP TABLE bench.events_copy")

        // Campaigns (for the campaign report), recorded before the rebuild.
        let campaigns = workDir.appendingPathComponent("campaigns.json")
        try Self.campaignsJSON().write(to: campaigns, atomically: true, encoding: .utf8)
        let imported = try await runChild(helplineStatsExecutable(), ["import", "campaigns", campaigns.path, "--database-url", url])
        guard imported.0 == 0 else { throw BenchError("campaign import failed: \(imported.2)") }

        // 3. Rebuild vs one INSERT … SELECT … GROUP BY.
        try await rebuild(db: db, pool: pool, contactEvents: stored)

        // 4. Reports over the 10 years.
        if wanted.contains("report") {
            let caughtUp = try await runChild(
                helplineStatsExecutable(), ["project", "run", "--until-caught-up", "--database-url", url], timeout: .seconds(1800))
            guard caughtUp.0 == 0 else { throw BenchError("project run failed: \(caughtUp.2)") }
            try await reports(pool: pool, runs: reportRuns)
        }
        await pool.close()
        await server.dropDatabase(db.database)
    }

    static let dailyCountsSQL = """
        INSERT INTO bench.daily_sql (helpline, channel, local_date, contact_type, received, answered, abandoned)
        SELECT helpline, channel, (received_at AT TIME ZONE rm.helpline_time_zone(helpline))::date AS local_date,
               coalesce(contact_type, 'unclassified') AS contact_type,
               count(*), count(*) FILTER (WHERE answered), count(*) FILTER (WHERE abandoned)
          FROM (SELECT metadata->>'helpline' AS helpline, metadata->>'contactId' AS contact_id,
                       (array_agg(data->>'channel' ORDER BY stream_position DESC) FILTER (WHERE event_type = 'ContactReceived'))[1] AS channel,
                       (array_agg(data->>'receivedAt' ORDER BY stream_position DESC) FILTER (WHERE event_type = 'ContactReceived'))[1]::timestamptz AS received_at,
                       bool_or(event_type = 'ContactAnswered') AS answered,
                       bool_or(event_type = 'ContactAbandoned') AS abandoned,
                       (array_agg(data->>'contactType' ORDER BY stream_position DESC)
                            FILTER (WHERE event_type IN ('ContactClassified', 'ContactReclassified')))[1] AS contact_type,
                       bool_or(event_type = 'ContactVoided') AS voided
                  FROM es.events WHERE event_type LIKE 'Contact%'
                 GROUP BY 1, 2) f
         WHERE received_at IS NOT NULL AND channel IS NOT NULL AND NOT voided
         GROUP BY 1, 2, 3, 4
        """

    func rebuild(db: PostgresConfiguration, pool: PostgresPool, contactEvents: Int) async throws {
        let total = try await pool.query("SELECT count(*) FROM es.events").first!.decode(Int.self, at: 0)
        // Both sides on a store in its steady state: vacuumed and analysed (as autovacuum leaves it a minute after an
        // import), so that neither the rebuild nor the baseline races autovacuum or plans without statistics.
        try await pool.execute("VACUUM (ANALYZE) es.events")
        let (applied, seconds) = try await measure {
            try await ProjectionRebuilder(configuration: db, logger: logger).rebuild(ContactCountsProjection())
        }
        try await pool.execute("CREATE TABLE bench.daily_sql (LIKE rm.daily_contact_counts INCLUDING ALL)")
        let (_, sqlSeconds) = try await measure {
            try await pool.withConnection { c in
                try await c.withTransaction { tx in try await tx.execute(PostgresQuery(unsafeSQL: Self.dailyCountsSQL)) }
            }
        }
        let differences = try await pool.query(
            """
            SELECT count(*) FROM ((SELECT * FROM rm.daily_contact_counts EXCEPT SELECT * FROM bench.daily_sql)
                            UNION ALL (SELECT * FROM bench.daily_sql EXCEPT SELECT * FROM rm.daily_contact_counts)) d
            """
        ).first!.decode(Int.self, at: 0)
        let rate = Double(applied) / seconds
        let sqlRate = Double(total) / sqlSeconds
        let ratio = sqlSeconds / seconds
        line(
            "rebuild", "contact_counts events/s (\(applied))", fmt(rate), baseline: "GROUP BY \(fmt(sqlRate)) ev/s",
            ratio: "rebuild_vs_sql \(fmt(ratio, 2))", target: "≥ 0.5")
        line("rebuild", "daily counts equal the SQL recount", differences == 0 ? "yes" : "NO (\(differences) rows differ)")
        results.set("rebuild", "events", applied)
        results.set("rebuild", "seconds", seconds)
        results.set("rebuild", "events_per_s", rate)
        results.set("rebuild", "sql_seconds", sqlSeconds)
        results.set("rebuild", "sql_events_per_s", sqlRate)
        results.set("rebuild", "rebuild_vs_sql", ratio)
        results.set("rebuild", "rows_differing_from_sql", differences)
    }

    func reports(pool: PostgresPool, runs: Int) async throws {
        let monthsRow = try await pool.query("SELECT count(*), min(month), max(month) FROM analytics.monthly_contacts").first!
        let monthRows = try monthsRow.decode(Int.self, at: 0)
        var monthly: [Double] = []
        var rawMonthly: [Double] = []
        var campaign: [Double] = []
        var rawCampaign: [Double] = []
        let monthlySQL: PostgresQuery = "SELECT * FROM analytics.monthly_contacts"
        let campaignSQL: PostgresQuery = "SELECT * FROM analytics.campaign_effects"
        // Warm-up.
        _ = try await MonthlyReport.load(.init(), pool: pool)
        _ = try await CampaignReport.load(.init(), pool: pool)
        for _ in 0..<runs {
            monthly.append(try await measure { _ = try await MonthlyReport.load(.init(), pool: pool) }.1 * 1000)
            rawMonthly.append(try await measure { _ = try await pool.query(monthlySQL) }.1 * 1000)
            campaign.append(try await measure { _ = try await CampaignReport.load(.init(), pool: pool) }.1 * 1000)
            rawCampaign.append(try await measure { _ = try await pool.query(campaignSQL) }.1 * 1000)
        }
        let effects = try await pool.query("SELECT count(*) FROM rm.campaign_effects").first!.decode(Int.self, at: 0)
        line(
            "report", "monthly p50 / p99 ms (\(monthRows) rows)", "\(fmt(percentile(monthly, 0.5), 1)) / \(fmt(percentile(monthly, 0.99), 1))",
            baseline: "view \(fmt(percentile(rawMonthly, 0.5), 1)) / \(fmt(percentile(rawMonthly, 0.99), 1))", target: "p99 ≤ 50 ms")
        line(
            "report", "campaigns p50 / p99 ms (\(effects) effects)",
            "\(fmt(percentile(campaign, 0.5), 1)) / \(fmt(percentile(campaign, 0.99), 1))",
            baseline: "view \(fmt(percentile(rawCampaign, 0.5), 1)) / \(fmt(percentile(rawCampaign, 0.99), 1))", target: "p99 ≤ 50 ms")
        results.set("report", "runs", runs)
        results.set("report", "monthly_rows", monthRows)
        results.setLatency("report", "monthly_", monthly)
        results.setLatency("report", "monthly_view_", rawMonthly)
        results.set("report", "campaign_effect_rows", effects)
        results.setLatency("report", "campaign_", campaign)
        results.setLatency("report", "campaign_view_", rawCampaign)
    }
}

/// A file in 256 KiB chunks.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let url: URL
    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle?
        mutating func next() async throws -> [UInt8]? {
            guard let handle, let data = try handle.read(upToCount: 1 << 18), !data.isEmpty else {
                try? handle?.close()
                return nil
            }
            return [UInt8](data)
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handle: try? FileHandle(forReadingFrom: url)) }
}
