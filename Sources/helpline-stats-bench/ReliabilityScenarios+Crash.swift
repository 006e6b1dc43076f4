import ArgumentParser
import AsyncHTTPClient
import Foundation
import HTTPServer
import Postgres
import TimeArithmetic

#if canImport(Glibc)
    import Glibc
#endif

/// Whether process `pid` is gone (or a zombie nobody has reaped yet: it holds nothing any more).
func processGone(_ pid: Int32) -> Bool {
    if kill(pid, 0) != 0 && errno == ESRCH { return true }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return true }
    return stat[stat.index(close, offsetBy: 2)] == "Z"
}

extension Reliability {
    // MARK: SIGKILL of the postmaster during ingest and projection

    /// The postmaster's pid, the first line of `<data-dir>/data/postmaster.pid`.
    func postmasterPID(dataDir: String) -> Int32? {
        guard let text = try? String(contentsOfFile: dataDir + "/data/postmaster.pid", encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first.flatMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// `helpline-stats db start` until it succeeds and the server answers, for at most `timeout`: right after a
    /// SIGKILL of the postmaster, its orphaned backends may still hold the shared memory for a moment.
    func restartCluster(dataDir: String, port: Int, timeout: Duration = .seconds(60)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        var attempts = 0
        var last = ""
        while ContinuousClock.now < deadline {
            attempts += 1
            let start = try await runChild(
                helplineStatsExecutable(), ["db", "start", "--data-dir", dataDir, "--port", "\(port)"], timeout: .seconds(90))
            if start.0 == 0, let c = try? await PostgresConnection.connect(configuration: server.admin, logger: logger) {
                await c.close()
                return attempts
            }
            last = start.2
            try await Task.sleep(for: .milliseconds(500))
        }
        throw BenchError("db start did not succeed in \(attempts) attempts: \(last.suffix(400))")
    }

    func postmasterCrash() async throws -> Bool {
        guard let dataDir = options.dataDir, let pgPort = options.port else { throw ValidationError("postmaster-crash needs --data-dir and --port") }
        return try await crashesUnderLoad("postmaster-crash", dataDir: dataDir, what: "SIGKILLs of the postmaster") { _ in
            guard let pid = self.postmasterPID(dataDir: dataDir) else { throw BenchError("no postmaster.pid in \(dataDir)/data") }
            kill(pid, SIGKILL)
            let gone = ContinuousClock.now + .seconds(10)
            while !processGone(pid) && ContinuousClock.now < gone { try await Task.sleep(for: .milliseconds(20)) }
            return "db start attempts \(try await self.restartCluster(dataDir: dataDir, port: pgPort))"
        }
    }

    /// SIGKILL of one backend serving the database (what the kernel's OOM killer does): the postmaster ends every
    /// other session ("terminating connection because of crash of another server process", SQLSTATE 57P02), runs
    /// crash recovery and accepts connections again by itself.
    func backendCrash() async throws -> Bool {
        guard let dataDir = options.dataDir else { throw ValidationError("backend-crash needs --data-dir") }
        return try await crashesUnderLoad("backend-crash", dataDir: dataDir, what: "SIGKILLs of a backend") { db in
            let probe = PostgresPool(configuration: db, pool: .init(size: 1), logger: self.logger)
            let rows = try await probe.query(
                """
                SELECT pid, state FROM pg_stat_activity
                 WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()
                 ORDER BY state = 'active' DESC, random() LIMIT 1
                """)
            await probe.close()
            guard let row = rows.first else { throw BenchError("no backend of \(db.database) to kill") }
            let pid = try row.decode(Int32.self, at: 0)
            let state = try row.decode(String?.self, at: 1) ?? "?"
            kill(pid, SIGKILL)
            let deadline = ContinuousClock.now + .seconds(60)
            var back = false
            try await Task.sleep(for: .milliseconds(200))
            while !back && ContinuousClock.now < deadline {
                if let c = try? await PostgresConnection.connect(configuration: self.server.admin, logger: self.logger) {
                    back = (try? await c.query("SELECT 1").count) == 1
                    await c.close()
                }
                if !back { try await Task.sleep(for: .milliseconds(100)) }
            }
            guard back else { throw BenchError("PostgreSQL did not come back within 60 s of the backend's SIGKILL") }
            return "killed a backend (\(state))"
        }
    }

    /// `serve` with workers, 8 clients posting contact stories (retried with the same ids); after 3 s and again 5 s
    /// after that, `crash` (which returns once PostgreSQL accepts connections again, with a note); 8 s more, then
    /// one more story through the same serve, `/health`, catch-up and the recount.
    func crashesUnderLoad(
        _ name: String, dataDir: String, what: String, crashes: Int = 2, crash: @escaping (PostgresConfiguration) async throws -> String
    ) async throws -> Bool {
        let db = try await server.freshDatabase("rel_" + name.replacingOccurrences(of: "-", with: "_"))
        let setup = PostgresPool(configuration: db, pool: .init(size: 1), logger: logger)
        let token = try await TokenStore(pool: setup).create(name: "rel", scopes: [.ingest]).token
        await setup.close()
        let logFile = dataDir + "/server.log"
        func recoveriesInLog() -> Int {
            ((try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "").components(separatedBy: "automatic recovery in progress").count - 1
        }
        let recoveriesBefore = recoveriesInLog()
        let (serve, base) = try await startTrackedServe(databaseURL: databaseURL(db), workers: true)
        let client = makeHTTPClient()
        let load = ContactLoad()
        let deadline = ContinuousClock.now + .seconds(150)
        var notes: [String] = []
        var crashed = 0
        var appliedAtCrash: [Int] = []
        var projectionResumed: [Double?] = []
        let loading = Task {
            await load.run(
                self, http: client, clients: 8, prefix: "cr", contactsPerRequest: 3, pause: .milliseconds(20), token: token, deadline: deadline
            ) { _, _ in
                base + "/v1/events"
            }
        }
        do {
            for round in 0..<crashes {
                try await Task.sleep(for: .seconds(round == 0 ? 3 : 5))
                let probe = PostgresPool(configuration: db, pool: .init(size: 1), logger: logger)
                appliedAtCrash.append(
                    (try? await count("SELECT coalesce(max(events_applied), 0)::int8 FROM rm.projection_checkpoints", pool: probe)) ?? -1)
                await probe.close()
                notes.append(try await crash(db))
                crashed += 1
                // How long after PostgreSQL is back the projection applies events again (at most 30 s looked at).
                // (The first reading after the restart is the baseline: what committed before the crash survived it.)
                let back = ContinuousClock.now
                var applied: Int?
                var resumed: Double?
                while resumed == nil && ContinuousClock.now < back + .seconds(30) {
                    let probe = PostgresPool(configuration: db, pool: .init(size: 1), logger: logger)
                    let now = try? await count("SELECT coalesce(max(events_applied), 0)::int8 FROM rm.projection_checkpoints", pool: probe)
                    await probe.close()
                    if let now, let before = applied, now > before {
                        resumed = (ContinuousClock.now - back).seconds
                    } else {
                        if applied == nil { applied = now }
                        try await Task.sleep(for: .milliseconds(50))
                    }
                }
                projectionResumed.append(resumed)
            }
            try await Task.sleep(for: .seconds(8))
        } catch {
            load.stop()
            await loading.value
            try? await client.shutdown()
            await stopChild(serve)
            throw error
        }
        load.stop()
        await loading.value
        // The same serve answers again: one more story, acknowledged, and /health.
        let probeEvents = contactStory("cr-after", k: 1)
        _ = load.tally.sent.next(probeEvents.count)
        let answeredAfter = await postUntilAcknowledged(
            client, base + "/v1/events", token: token, body: PostableBatch(probeEvents).body, tally: load.tally, deadline: .now + .seconds(30))
        if answeredAfter { load.tally.acknowledged.append(contentsOf: probeEvents.map(\.id)) }
        let health = await healthStatus(client, base)
        let alive = serve.process.isRunning
        let pool = PostgresPool(configuration: db, pool: .init(size: 2), logger: logger)
        let caughtUp = try await waitForCatchUp(pool: pool)
        let differences = try await sqlRecountDifferences(pool: pool)
        try? await client.shutdown()
        // Lines logged at level error (`<time> error helpline-stats: …`), not warnings that quote an error.
        let serveErrors = serve.stderr.split(separator: "\n").filter { $0.split(separator: " ").dropFirst().first == "error" }
        await stopChild(serve)
        let acked = load.tally.acknowledged.all
        let (found, duplicates) = try await self.found(acked, pool: pool)
        let stored = try await count("SELECT count(*) FROM es.events", pool: pool)
        await pool.close()
        await server.dropDatabase(db.database)
        let recoveries = recoveriesInLog() - recoveriesBefore
        let tally = load.tally
        let unexpected = tally.unexpected.all
        for line in serveErrors.prefix(3) { say("  serve: \(line.drop { $0 != " " }.dropFirst().prefix(300))") }
        let ok =
            found == acked.count && duplicates == 0 && unexpected.isEmpty && tally.status503WithRetryAfter.current == tally.status503.current
            && alive && health == 200 && answeredAfter && caughtUp && differences == 0 && crashed == crashes && recoveries == crashes
        return report(
            name,
            "sent \(tally.sent.current), acknowledged \(acked.count), found \(found) (duplicates \(duplicates), stored \(stored)); "
                + "\(crashed) \(what) (projection at \(appliedAtCrash.map(String.init).joined(separator: ", ")) events; \(notes.joined(separator: "; "))), "
                + "crash recoveries in the log \(recoveries); projection applying again "
                + projectionResumed.map { $0.map { fmt($0, 1) + " s" } ?? "not within 30 s" }.joined(separator: ", ") + " after PostgreSQL was back; "
                + "503 answers \(tally.status503.current) (with Retry-After \(tally.status503WithRetryAfter.current)), "
                + "other errors \(unexpected.count)\(unexpected.first.map { " e.g. \($0)" } ?? ""), connection errors \(tally.connectionErrors.current); "
                + "same serve process alive \(alive), /health \(health); rows differing from the recount after catch-up "
                + (caughtUp ? "\(differences)" : "never caught up"),
            ok)
    }

    // MARK: SIGKILL in the middle of `import contacts`

    /// Where `killImport` SIGKILLs `import contacts`.
    enum ImportKillPoint {
        /// Once its `COPY` (into `es.events`, or into the staging table) has passed this fraction of the file's events.
        case copy(fraction: Double)
        /// During the staging path's second transaction, while it appends from the staging table to `es.events`.
        case append
    }

    /// Starts `import contacts <csv>` and SIGKILLs it at `point`. Returns the rows its COPY had processed (for
    /// `.append`, the events staged), or nil if the import ended first.
    func killImport(csv: URL, url: String, pool: PostgresPool, events: Int, at point: ImportKillPoint) async throws -> Int? {
        let importer = try Child(helplineStatsExecutable(), ["import", "contacts", csv.path, "--database-url", url])
        defer { importer.cleanup() }
        let deadline = ContinuousClock.now + .seconds(120)
        var copied: Int?
        while importer.process.isRunning && ContinuousClock.now < deadline {
            switch point {
            case .copy(let fraction):
                let progress = try await count(
                    "SELECT coalesce(max(tuples_processed), 0)::int8 FROM pg_stat_progress_copy WHERE datname = current_database()", pool: pool)
                if Double(progress) >= fraction * Double(events) { copied = progress }
            case .append:
                let appending = try await count(
                    """
                    SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'
                       AND query LIKE '%INSERT INTO es.events%' AND query LIKE '%import_staging%'
                    """, pool: pool)
                if appending > 0 { copied = events }
            }
            if copied != nil {
                importer.signal(SIGKILL)
                break
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        if copied == nil { importer.signal(SIGKILL) }
        _ = try await importer.wait(timeout: .seconds(20))
        // Its backend notices the lost client and rolls back; wait until it is gone.
        let gone = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < gone {
            let others = try await count(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
                pool: pool)
            if others == 0 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        return copied
    }

    func importKill() async throws -> Bool {
        let db = try await server.freshDatabase("rel_import_kill")
        let url = databaseURL(db)
        let pool = PostgresPool(configuration: db, pool: .init(size: 1), logger: logger)
        let dir = URL(fileURLWithPath: "/tmp/hsrel-import-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("contacts.csv")
        let rows = options.rows
        let events = try Scenarios.writeContactsCSV(rows: rows, to: csv)
        let stored = { try await self.count("SELECT count(*) FROM es.events", pool: pool) }
        // 1. A first import (straight into es.events with one COPY), SIGKILLed a third of the way through.
        let copied1 = try await killImport(csv: csv, url: url, pool: pool, events: events, at: .copy(fraction: 0.33))
        let after1 = try await stored()
        // 2. With the file's first 100 contacts already stored, the import goes through the staging table; SIGKILLed
        //    two thirds of the way through its COPY.
        let head = dir.appendingPathComponent("head.csv")
        let lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n", maxSplits: 101, omittingEmptySubsequences: false)
        try Data((lines.prefix(101).joined(separator: "\n") + "\n").utf8).write(to: head)
        let first = try await runChild(helplineStatsExecutable(), ["import", "contacts", head.path, "--database-url", url], timeout: .seconds(60))
        guard first.0 == 0 else { throw BenchError("import of the first 100 rows failed: \(first.2)") }
        let before2 = try await stored()
        let copied2 = try await killImport(csv: csv, url: url, pool: pool, events: events, at: .copy(fraction: 0.66))
        let after2 = try await stored()
        // 3. The same, SIGKILLed once the file is staged (committed in the session's temporary table) and the second
        //    transaction appends it to es.events.
        let staged3 = try await killImport(csv: csv, url: url, pool: pool, events: events, at: .append)
        let after3kill = try await stored()
        // 4. The rerun, to the end; 5. once more, which adds nothing.
        let rerun = try await runChild(helplineStatsExecutable(), ["import", "contacts", csv.path, "--database-url", url], timeout: .seconds(180))
        let after3 = try await stored()
        let again = try await runChild(helplineStatsExecutable(), ["import", "contacts", csv.path, "--database-url", url], timeout: .seconds(180))
        let after4 = try await stored()
        let streams = try await count("SELECT count(DISTINCT stream_id) FROM es.events", pool: pool)
        let duplicates = try await count("SELECT count(*) - count(DISTINCT event_id) FROM es.events", pool: pool)
        let gaps = try await count(
            "SELECT count(*) FROM (SELECT stream_id FROM es.events GROUP BY 1 HAVING max(stream_position) <> count(*)) s", pool: pool)
        await pool.close()
        await server.dropDatabase(db.database)
        let ok =
            copied1 != nil && after1 == 0 && copied2 != nil && after2 == before2 && staged3 != nil && after3kill == before2 && rerun.0 == 0
            && after3 == events && again.0 == 0
            && after4 == events && streams == rows && duplicates == 0 && gaps == 0
        if rerun.0 != 0 { say("  rerun: exit \(rerun.0): \(rerun.2.prefix(300))") }
        return report(
            "import-kill",
            "\(rows) rows (\(events) events): direct COPY SIGKILLed at \(copied1.map(String.init) ?? "— (ended first)") rows copied → stored \(after1); "
                + "staging COPY (100 rows stored before) SIGKILLed at \(copied2.map(String.init) ?? "— (ended first)") → stored \(after2) of \(before2); "
                + "SIGKILLed \(staged3 == nil ? "— (ended first)" : "while appending from the staging table") → stored \(after3kill); "
                + "rerun exit \(rerun.0) → stored \(after3), once more exit \(again.0) → stored \(after4); "
                + "contacts \(streams), duplicates \(duplicates), stream gaps \(gaps)",
            ok)
    }
}
