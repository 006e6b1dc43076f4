import ArgumentParser
import Foundation
import Postgres

@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helpline-stats-bench",
        abstract: "Benchmarks of HelplineStats against raw PostgreSQL, and the reliability suite's client.",
        subcommands: [RunBench.self, ReliabilityCommand.self],
        defaultSubcommand: RunBench.self)
}

struct RunBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the benchmarks; each figure is printed beside its raw-PostgreSQL baseline from the same run.",
        discussion: """
            Starts a private PostgreSQL under /tmp (unless --database-url names a superuser connection) and creates a
            fresh database per scenario. Needs the `helpline-stats` executable next to this one (same build folder) or
            in $HELPLINE_STATS_BIN. Use scripts/bench for a release build and run.

            Examples:
              helpline-stats-bench --events 1000000 --json bench.json
              helpline-stats-bench --events 30000 --only import,rebuild
            """)

    @Option(help: "Events in the store for import and rebuild (rows = events / 3); HTTP and lag use fractions of it.")
    var events = 1_000_000
    @Option(help: "Write the results as JSON to this file.") var json: String?
    @Option(name: .customLong("database-url"), help: "A superuser connection to use instead of a private cluster.")
    var databaseURL: String?
    @Option(help: "Comma-separated scenarios: import,rebuild,report,ingest_http,live_lag,attribution_fit (default all).")
    var only: String?
    @Option(help: "HTTP single-event requests (default events/50, at least 2,000).") var httpSingle: Int?
    @Option(help: "HTTP events sent in batches of 100 (default events/10, at least 10,000).") var httpBatch: Int?
    @Option(help: "Seconds of live-lag load at 500 events/s.") var lagSeconds = 20
    @Option(help: "Report repetitions for p50/p99.") var reportRuns = 200
    @Flag(help: "Keep the scenario databases (with --database-url), e.g. to EXPLAIN their queries afterwards.") var keepDatabases = false

    func run() async throws {
        lineBufferedOutput()
        let wanted = Set((only ?? "import,rebuild,report,ingest_http,live_lag,attribution_fit").split(separator: ",").map(String.init))
        let machine = MachineInfo.current()
        let server = try await BenchServer.start(databaseURL: databaseURL)
        var results = Results()
        do {
            let pgVersion = try await server.version()
            results.machine = [
                "nproc": machine.nproc, "cpu": machine.cpuModel, "memory_gib": (machine.memoryGiB * 10).rounded() / 10,
                "postgresql": pgVersion, "load_average_at_start": machine.loadAverage,
                "command": CommandLine.arguments.joined(separator: " "), "date": ISO8601DateFormatter().string(from: Date()),
            ]
            say("machine: \(machine.nproc) cores, \(machine.cpuModel), \(fmt(machine.memoryGiB, 1)) GiB, PostgreSQL \(pgVersion)")
            say("load average at start: \(machine.loadAverage) (a shared machine: absolute figures are noisy, ratios less so)")
            let scenarios = Scenarios(server: server, events: events, results: results)
            server.keep = keepDatabases
            if wanted.contains("import") || wanted.contains("rebuild") || wanted.contains("report") {
                try await scenarios.importRebuildReport(wanted: wanted, reportRuns: reportRuns)
            }
            if wanted.contains("ingest_http") {
                try await scenarios.ingestHTTP(single: httpSingle ?? max(2_000, events / 50), batch: httpBatch ?? max(10_000, events / 10))
            }
            if wanted.contains("live_lag") { try await scenarios.liveLag(seconds: lagSeconds) }
            if wanted.contains("attribution_fit") { scenarios.attributionFit() }
            results = scenarios.results
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
        results.machine["load_average_at_end"] = MachineInfo.loadAverage()
        say("load average at end: \(MachineInfo.loadAverage())")
        if let json {
            let data = try JSONSerialization.data(withJSONObject: results.json, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: json))
            say("wrote \(json)")
        }
    }
}

/// Figures by scenario.
struct Results {
    var machine: [String: Any] = [:]
    var scenarios: [String: [String: Any]] = [:]
    var json: [String: Any] { ["machine": machine, "scenarios": scenarios] }

    mutating func set(_ scenario: String, _ key: String, _ value: Any) { scenarios[scenario, default: [:]][key] = value }
    /// `<prefix>p50_ms` and `<prefix>p99_ms` of `milliseconds`.
    mutating func setLatency(_ scenario: String, _ prefix: String, _ milliseconds: [Double]) {
        set(scenario, prefix + "p50_ms", percentile(milliseconds, 0.5))
        set(scenario, prefix + "p99_ms", percentile(milliseconds, 0.99))
    }
}
