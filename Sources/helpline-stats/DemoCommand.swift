import ArgumentParser
import EventStore
import Foundation
import HTTPServer
import HelplineDomain
import Hummingbird
import Ingest
import LocalPostgres
import Logging
import Postgres
import Projections
import Reports
import SampleData
import ServiceLifecycle
import TimeArithmetic

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load a sample data set, bring the read models up to date, print the reports and serve the dashboard.",
        discussion: """
            Without DATABASE_URL the demo starts the embedded PostgreSQL under
            --data-dir (default ~/.local/share/helpline-stats/pg), migrates it, and
            stops it again when the demo ends. It then:
              1. loads the sample data set: helpline 1712 (phone and chat) and the
                 youth chat Nupraatikerover.be, January 2019 to December 2023,
                 about 120,000 contacts generated from --seed, and the campaigns
                 of the seed documents (docs/SAMPLE_DATA.md);
              2. runs the projections until they have applied every event, and
                 fits the campaign effects;
              3. prints the monthly report of helpline 1712 for 2023 and the
                 campaign evaluation;
              4. serves the HTTP API and the dashboard with the projection
                 workers until Ctrl-C (not with --no-serve).

            Running it again reuses the data: the import is idempotent, nothing
            is added twice. The contacts are synthetic; the campaigns, their
            dates, costs and reach are those of the seed documents.

            The dashboard is open without a token on the demo's address
            (127.0.0.1 by default), with counts below 10 shown as "<10";
            --private-dashboard requires the printed read token on every page.

            Examples:
              helpline-stats demo
              helpline-stats demo --no-serve --data-dir /tmp/helpline-demo
              helpline-stats demo --port 9090 --format markdown
              helpline-stats db stop --data-dir /tmp/helpline-demo  # after a kill
            """)

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Stop after printing the reports instead of serving the dashboard.") var noServe = false
    @Option(help: "Address to serve on.") var host = "127.0.0.1"
    @Option(help: "Port to serve on, 0 for any free one.") var port = 8080
    @Option(help: "Seed of the sample data set (the same seed gives the same data).") var seed = SampleDataSet.defaultSeed
    @Option(help: "How to print the reports: table or markdown.") var format: ReportFormat = .table
    @Flag(help: "Require the read token for the dashboard too.") var privateDashboard = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0–65535") }
        guard format == .table || format == .markdown else { throw ValidationError("--format must be table or markdown") }
    }

    func run() async throws {
        let logger = database.logger
        let data = SampleDataSet(seed: seed)
        try await database.withConfiguration { configuration, embedded in
            if embedded {
                let directory = database.dataDirectory ?? LocalPostgres.defaultDirectory().path
                say("Database: the embedded PostgreSQL in \(directory) (migrated)")
            } else {
                try await requireMigrated(configuration, logger: logger)
                say("Database: \(configuration.host):\(configuration.port)/\(configuration.database)")
            }
            let pool = PostgresPool(configuration: configuration, pool: .init(size: 4), logger: logger)
            do {
                try await load(data, pool: pool, logger: logger)
                try await bringUpToDate(configuration, logger: logger)
                try await printReports(pool: pool)
                if noServe {
                    await pool.close()
                    return
                }
                let token = try await demoToken(pool: pool)
                await pool.close()
                try await serve(configuration, token: token, embedded: embedded, logger: logger)
            } catch {
                await pool.close()
                throw error
            }
        }
    }

    /// Writes a line to standard output at once (the demo's progress shows while it runs, even into a pipe).
    func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    func requireMigrated(_ configuration: PostgresConfiguration, logger: Logger) async throws {
        let connection = try await PostgresConnection.connect(configuration: configuration, logger: logger)
        let pending = try await database.migrator().status(on: connection).filter { $0.appliedAt == nil }
        await connection.close()
        if !pending.isEmpty {
            throw CLIError("the database schema is not up to date (\(pending.count) migration(s) pending): run `helpline-stats migrate` first")
        }
    }

    // MARK: - Loading

    func load(_ data: SampleDataSet, pool: PostgresPool, logger: Logger) async throws {
        say("\n==> Loading the sample data set (seed \(seed))")
        let store = EventStore(pool: pool, logger: logger)
        let campaigns = try await CampaignRecorder(store: store).importFile(json: data.campaignsJSON())
        say("campaigns: imported \(campaigns.written) campaign event(s), \(campaigns.alreadyPresent) already present")

        let boundary = data.boundaryContacts.map {
            EventIDs.contactEvent(helpline: $0.helpline, contactId: $0.contactId, type: .contactReceived).uuidString.lowercased()
        }
        let present = try await pool.query("SELECT count(*) FROM es.events WHERE event_id = ANY(\(boundary)::uuid[])")[0].decode(Int.self, at: 0)
        if present == boundary.count {
            say("contacts: sample data already loaded (\(data.contactCount.formatted()) contacts); nothing imported")
        } else {
            let other = try await pool.query(
                """
                SELECT metadata->>'contactId' FROM es.events
                 WHERE event_type = 'ContactReceived' AND metadata->>'source' = \(SampleDataSet.eventSource) LIMIT 1
                """
            ).first?.decode(String.self, at: 0)
            if let other, let otherSeed = SampleDataSet.seed(ofContactId: other), otherSeed != seed {
                throw CLIError(
                    "this database already holds the sample data of seed \(otherSeed); run the demo with --seed \(otherSeed), or use another --data-dir"
                )
            }
            var options = ContactImportOptions()
            options.eventSource = SampleDataSet.eventSource
            let progress = ProgressLine(unit: "contacts")
            options.progress = { progress.update($0) }
            do {
                let summary = try await ContactImporter(pool: pool, logger: logger).importCSV(opening: { data.contactsCSV() }, options: options)
                progress.finish()
                say("contacts: \(summary.line)")
            } catch let refused as ContactImportRefused {
                progress.finish()
                throw CLIError("the sample data could not be imported: \(refused.description)")
            }
        }
        let events = try await pool.query("SELECT count(*) FROM es.events")[0].decode(Int.self, at: 0)
        say("event store: \(events) events")
    }

    /// Runs every projection until it has applied every event, then refits the campaign effects.
    func bringUpToDate(_ configuration: PostgresConfiguration, logger: Logger) async throws {
        say("\n==> Bringing the read models up to date")
        let clock = ContinuousClock()
        var started = clock.now
        var options = ProjectionWorker.Options()
        options.untilCaughtUp = true
        options.batchSize = 5_000
        do {
            try await ProjectionWorkers(configuration: configuration, options: options, logger: logger).run()
        } catch let poison as PoisonEvent {
            throw CLIError("a projection stopped on an event it cannot apply: \(poison) (see `helpline-stats project status`)")
        }
        say("projections: caught up in \(seconds(clock.now - started)) s")
        started = clock.now
        let outcome = try await CampaignEffectsRefitter(configuration: configuration, logger: logger).refitNow()
        say(
            "campaign effects: \(outcome.refitted.isEmpty ? "up to date" : "fitted \(outcome.refitted.count) model(s), \(outcome.failed.count) failed") in \(seconds(clock.now - started)) s"
        )
    }

    func seconds(_ duration: Duration) -> String {
        String(format: "%.1f", duration.seconds)
    }

    // MARK: - Reports

    func printReports(pool: PostgresPool) async throws {
        let year = SampleDataSet.lastYear
        let monthly = try await MonthlyReport.load(.init(from: "\(year)-01", to: "\(year)-12", helpline: "1712"), pool: pool)
        say("\n==> Monthly contacts of helpline 1712 in \(year) (offered contacts: received, answered or not)\n")
        say(try monthly.rendered(as: format))
        let phone = Dictionary(monthly.rows.filter { $0.channel == "phone" }.map { ($0.month, $0) }, uniquingKeysWith: { a, _ in a })
        if let july = phone["\(year)-07"], let march = phone["\(year)-03"] {
            say("The seed documents' figures, read back from the read models (1712, phone):")
            say(
                "  July \(year): \(july.contacts) calls, \(ReportText.percent(july.changeVsSameMonthLastYearPercent)) on July \(year - 1) (\(july.sameMonthLastYearContacts.map(String.init) ?? "–"))"
            )
            say(
                "  March \(year): \(march.contacts) calls, \(ReportText.percent(march.changeVsPreviousMonthPercent)) on February (\(march.previousMonthContacts.map(String.init) ?? "–")), \(ReportText.percent(march.perDayChangeVsPreviousMonthPercent)) per day"
            )
        }

        let campaigns = try await CampaignReport.load(.init(channel: "all"), pool: pool)
        say("\n==> Campaign evaluation (all channels of each helpline together)\n")
        for message in campaigns.messages { say("note: \(message)") }
        say(try campaigns.rendered(as: format))
        say("More: helpline-stats report campaigns --campaign lijn-1712-veilige-thuis --format markdown (same --data-dir)")
    }

    // MARK: - Serving

    /// A fresh read token named `demo` (earlier demo tokens are revoked).
    func demoToken(pool: PostgresPool) async throws -> String {
        let tokens = TokenStore(pool: pool)
        _ = try await tokens.revoke("demo")
        return try await tokens.create(name: "demo", scopes: [.read]).token
    }

    func serve(_ connection: PostgresConfiguration, token: String, embedded: Bool, logger: Logger) async throws {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.publicDashboard = !privateDashboard
        let pool = PostgresPool(configuration: connection, pool: .init(size: 8, acquireTimeout: .seconds(5)), logger: logger)
        let services = APIServices(pool: pool, configuration: configuration, logger: logger)
        let workers: [any Service] = [
            ProjectionWorkers(configuration: connection, logger: logger), CampaignEffectsRefitter(configuration: connection, logger: logger),
        ]
        let host = self.host
        let privateDashboard = self.privateDashboard
        let dataDirectory = database.dataDirectory ?? LocalPostgres.defaultDirectory().path
        let app = APIApplication.build(services, workers: workers, logger: logger) { port in
            let base = "http://\(host):\(port)"
            var lines = ["", "==> Serving the dashboard, the HTTP API and the projection workers", ""]
            lines.append(
                privateDashboard
                    ? "Dashboard: \(base)/ (send the token: curl -H \"Authorization: Bearer \(token)\" \(base)/ > dashboard.html)"
                    : "Dashboard: \(base)/ (open it in a browser; without a token counts below 10 show as <10)")
            lines.append("Read token: \(token)")
            lines.append("  curl -H \"Authorization: Bearer \(token)\" \"\(base)/v1/reports/monthly?helpline=1712&from=2023-01&to=2023-12\"")
            lines.append("  curl -H \"Authorization: Bearer \(token)\" \(base)/ > dashboard.html    # the dashboard with every figure")
            lines.append("API guide: docs/API.md; OpenAPI document: \(base)/openapi.yaml (with the token)")
            lines.append(
                embedded
                    ? "Press Ctrl-C to stop; the embedded PostgreSQL stops too, the data stay in \(dataDirectory)."
                    : "Press Ctrl-C to stop.")
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
        try await app.runService()
    }
}
