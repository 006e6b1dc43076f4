import EventStore
import Foundation
import HelplineDomain
import HelplineSchema
import Ingest
import Logging
import Postgres
import PostgresTestSupport
import Projections

/// The repository's root folder (holding `Package.swift`, `docs/`, `Examples/`), found from this file's path.
func repositoryRoot(filePath: String = #filePath) throws -> URL {
    var folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    while folder.path != "/" {
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder }
        folder.deleteLastPathComponent()
    }
    throw TestDatabaseError("no Package.swift above \(filePath)")
}

/// A fresh migrated database, with a pool and an event store.
func withReportDatabase<T>(_ body: (EventStore, PostgresConfiguration) async throws -> T) async throws -> T {
    try await TestDatabase.withMigratedPool { pool, configuration in
        try await body(EventStore(pool: pool, logger: TestDatabase.logger), configuration)
    }
}

/// Runs every projection until it has applied every committed event.
func catchUp(_ configuration: PostgresConfiguration, batchSize: Int = 1_000) async throws {
    var options = ProjectionWorker.Options()
    options.untilCaughtUp = true
    options.batchSize = batchSize
    try await ProjectionWorkers(configuration: configuration, options: options, logger: TestDatabase.logger).run()
}

/// `count` received phone calls (or contacts on `channel`) to `helpline`, spread over the days of `month`
/// (YYYY-MM, Brussels winter offset); every `abandonEvery`-th one abandoned, the others answered.
func calls(_ count: Int, in month: String, helpline: String = "1712", channel: String = "phone", abandonEvery: Int = 0) -> String {
    let parts = month.split(separator: "-").map { Int($0)! }
    let days = [31, parts[0] % 4 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][parts[1] - 1]
    return (0..<count).map { i in
        let day = 1 + i % days
        let hour = 8 + (i / days) % 12
        let received = "\(month)-\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour):15:00+01:00"
        let outcome = abandonEvery > 0 && i % abandonEvery == 0 ? "abandoned,75,," : "answered,30,240,counselling"
        return "gen-\(helpline)-\(month)-\(channel)-\(i),\(helpline),\(channel),\(received),\(outcome)\n"
    }.joined()
}

let importHeader = "contact_id,helpline,channel,received_at,outcome,wait_seconds,duration_seconds,contact_type\n"

/// Imports contact CSV rows (without header) through the bulk importer.
func importCSV(_ body: String, pool: PostgresPool) async throws {
    try await importCSVFile(importHeader + body, pool: pool)
}

/// Imports a whole contact CSV file (with its header) through the bulk importer.
func importCSVFile(_ text: String, pool: PostgresPool) async throws {
    _ = try await ContactImporter(pool: pool, logger: TestDatabase.logger).importCSV(from: InMemoryChunkSource(text))
}

/// Imports `Examples/contacts.csv` and `Examples/campaigns.json` from the repository.
func importExamples(store: EventStore) async throws {
    let examples = try repositoryRoot().appendingPathComponent("Examples")
    try await importCSVFile(String(contentsOf: examples.appendingPathComponent("contacts.csv"), encoding: .utf8), pool: store.pool)
    let campaigns = try Data(contentsOf: examples.appendingPathComponent("campaigns.json"))
    _ = try await CampaignRecorder(store: store).importFile(json: campaigns)
}
