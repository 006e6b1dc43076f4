import Attribution
import EventStore
import Foundation
import HelplineDomain
import HelplineSchema
import Ingest
import Logging
import Postgres
import PostgresTestSupport
import Projections

/// A fresh migrated database with a pool and an event store (the campaign-effects tests' own helper).
func effectsFixtureDatabase<T>(_ body: (EventStore, PostgresConfiguration) async throws -> T) async throws -> T {
    try await TestDatabase.withMigratedPool { pool, configuration in
        try await body(EventStore(pool: pool, logger: TestDatabase.logger), configuration)
    }
}

/// Runs the projections until they have applied every committed event.
func effectsFixtureCatchUp(_ configuration: PostgresConfiguration) async throws {
    var options = ProjectionWorker.Options()
    options.untilCaughtUp = true
    options.batchSize = 10_000
    try await ProjectionWorkers(configuration: configuration, options: options, logger: TestDatabase.logger).run()
}

/// A refitter with test-friendly timing.
func effectsFixtureRefitter(_ configuration: PostgresConfiguration, minimumInterval: Duration = .seconds(30)) -> CampaignEffectsRefitter {
    var options = CampaignEffectsRefitter.Options()
    options.minimumInterval = minimumInterval
    options.pollInterval = .milliseconds(100)
    options.maximumDeferral = .seconds(5)
    return CampaignEffectsRefitter(configuration: configuration, options: options, logger: TestDatabase.logger)
}

/// The synthetic helpline: three years of NB2 daily counts (about 24 a day) with known campaign effects, from
/// the statistics library's own simulator.
enum EffectsFixture {
    static let helpline = "1712"
    static let shortHelpline = "effects-short"
    static let spring = "effects-spring"
    static let null = "effects-null"
    static let running = "effects-running"
    static let shortCampaign = "effects-short-campaign"

    static func day(_ y: Int, _ m: Int, _ d: Int) -> LocalDay { LocalDay(year: y, month: m, day: d)! }

    /// 2021-01-04 … 2024-01-03. `effects-spring` (+28%) and `effects-running` (+20%, still running at the
    /// end of the data) have effects; `effects-null` has none.
    static let scenario = SyntheticScenario(
        start: day(2021, 1, 4), days: 1095, level: 24, trendPerYear: 0.05, dayOfWeek: [-0.03, -0.06, -0.08, -0.15, -0.4, -0.5],
        fourier: [(0.1, 0.06)], holiday: -0.3, alpha: 0.03,
        campaigns: [
            SyntheticCampaign(window: CampaignWindow(id: spring, start: day(2022, 3, 1), end: day(2022, 4, 30)), gamma: 0.25, lambda: 0),
            SyntheticCampaign(window: CampaignWindow(id: null, start: day(2022, 10, 3), end: day(2022, 10, 16)), gamma: 0, lambda: 0),
            SyntheticCampaign(window: CampaignWindow(id: running, start: day(2023, 11, 1), end: day(2024, 1, 3)), gamma: 0.2, lambda: 0),
        ])

    static let seed: UInt64 = 17_12

    /// The simulated daily counts.
    static let series = scenario.simulate(seed: seed)

    /// Contact CSV (with header) for `counts` from `start`: one row per contact, every fourth a chat, the rest calls.
    static func csv(helpline: String, start: LocalDay, counts: [Double], idPrefix: String) -> String {
        var out = "contact_id,helpline,channel,received_at,outcome,wait_seconds,duration_seconds,contact_type\n"
        out.reserveCapacity(counts.reduce(0, +) > 0 ? Int(counts.reduce(0, +)) * 90 : 100)
        var n = 0
        for (i, count) in counts.enumerated() {
            let day = start.adding(days: i).description
            for j in 0..<Int(count) {
                let hour = 8 + j % 12
                let minute = (j * 7) % 60
                let channel = n % 4 == 3 ? "chat" : "phone"
                out +=
                    "\(idPrefix)-\(day)-\(j),\(helpline),\(channel),\(day)T\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute):00+01:00,"
                out += "answered,30,240,counselling\n"
                n += 1
            }
        }
        return out
    }

    /// 40 days of calls to the short helpline: far too few for the model.
    static let shortCounts: [Double] = (0..<40).map { 18 + Double($0 % 5) }
    static let shortStart = day(2023, 9, 1)

    static let campaignsJSON = """
        {"campaigns": [
          {"id": "\(spring)", "name": "Spring for 1712", "owner": "1712", "helplines": ["1712"],
           "targetGroups": ["general_public", "young_people"],
           "channels": [{"channel": "bus_tram", "region": "Vlaanderen"}, {"channel": "radio"}],
           "plannedStart": "2022-03-01", "plannedEnd": "2022-04-30",
           "startedAt": "2022-03-01T00:00:00+01:00", "stoppedAt": "2022-04-30T23:59:59+02:00",
           "costs": [{"item": "media buying", "amountCents": 2000000, "currency": "EUR"},
                     {"item": "production", "amountCents": 500000, "currency": "EUR"}],
           "reach": [{"metric": "reach", "value": 58000, "source": "Instagram"}],
           "notes": [{"kind": "evaluation", "text": "Calls rose in March."},
                     {"kind": "next_step", "text": "Repeat in spring 2024 with a chat-focused message."}]},
          {"id": "\(null)", "name": "Autumn posters", "owner": "1712", "helplines": ["1712"], "targetGroups": ["parents"],
           "channels": [{"channel": "poster"}],
           "plannedStart": "2022-10-03", "plannedEnd": "2022-10-16",
           "startedAt": "2022-10-03T00:00:00+02:00", "stoppedAt": "2022-10-16T23:59:59+02:00",
           "costs": [{"item": "posters", "amountCents": 500000, "currency": "EUR"}]},
          {"id": "\(running)", "name": "Winter social video", "owner": "1712", "helplines": ["1712"], "targetGroups": ["young_people"],
           "channels": [{"channel": "social_video"}],
           "plannedStart": "2023-11-01",
           "startedAt": "2023-11-01T00:00:00+01:00"},
          {"id": "\(shortCampaign)", "name": "Short-lived helpline launch", "owner": "\(shortHelpline)", "helplines": ["\(shortHelpline)"],
           "targetGroups": ["general_public"],
           "plannedStart": "2023-09-20", "plannedEnd": "2023-09-30",
           "startedAt": "2023-09-20T00:00:00+02:00", "stoppedAt": "2023-09-30T23:59:59+02:00",
           "costs": [{"item": "launch", "amountCents": 100000, "currency": "EUR"}]}
        ]}
        """

    /// Imports the contacts of both helplines and the campaigns, and runs the projections to the end.
    static func load(store: EventStore, configuration: PostgresConfiguration) async throws {
        let importer = ContactImporter(pool: store.pool, logger: TestDatabase.logger)
        _ = try await importer.importCSV(
            from: InMemoryChunkSource(csv(helpline: helpline, start: series.start, counts: series.counts, idPrefix: "eff")))
        _ = try await importer.importCSV(
            from: InMemoryChunkSource(csv(helpline: shortHelpline, start: shortStart, counts: shortCounts, idPrefix: "short")))
        _ = try await CampaignRecorder(store: store).importFile(json: Array(campaignsJSON.utf8))
        try await effectsFixtureCatchUp(configuration)
    }

    /// The contract's JSON keys.
    static let reportKeys: Set<String> = ["generatedAt", "model", "campaigns", "checks"]
    static let modelKeys: Set<String> = [
        "family", "alpha", "fourierTerms", "baselineEvents", "residualAutocorrelationLag1", "varianceInflation28Days",
    ]
    static let checksKeys: Set<String> = [
        "placeboRuns", "placeboSignificant", "backtestMeanAbsPercentError", "placeboFalsePositiveRate", "backtestIntervalCoverage",
        "backtestNoiseMeanAbsPercentError",
    ]
    static let campaignKeys: Set<String> = [
        "id", "name", "helpline", "channel", "start", "end", "carryOverHalfLifeDays", "observedContacts", "expectedContacts", "upliftContacts",
        "upliftLow", "upliftHigh", "upliftPercent", "costEur", "costPerExtraContactEur", "costPerExtraContactLowEur",
        "costPerExtraContactHighEur", "overlapsWith", "significant", "warnings", "upliftPercentLow", "upliftPercentHigh",
        "baselineExtrapolated", "placeboCalibrationFactor", "sensitivityDisagrees", "answeredContacts", "baselineAnswerRate",
        "extraAnsweredContacts", "extraAnsweredLow", "extraAnsweredHigh", "extraUnansweredContacts", "sensitivity",
    ]
}

/// One stored effect row, as the tests read it.
struct EffectsFixtureRow {
    var uplift: Double?
    var low: Double?
    var high: Double?
    var significant: Bool
    var costPerContact: Double?
    var warnings: [String]
    var windowEnd: String
    var running: Bool
}

func effectsFixtureRow(_ campaign: String, helpline: String, channel: String = "all", pool: PostgresPool) async throws -> EffectsFixtureRow? {
    let rows = try await pool.query(
        """
        SELECT uplift_contacts, uplift_low, uplift_high, significant, cost_per_extra_contact_eur, warnings, window_end::text, running
          FROM rm.campaign_effects WHERE campaign_id = \(campaign) AND helpline = \(helpline) AND channel = \(channel)
        """)
    guard let r = rows.first else { return nil }
    return EffectsFixtureRow(
        uplift: try r.decode(Double?.self, at: 0), low: try r.decode(Double?.self, at: 1), high: try r.decode(Double?.self, at: 2),
        significant: try r.decode(Bool.self, at: 3), costPerContact: try r.decode(Double?.self, at: 4), warnings: try r.decode([String].self, at: 5),
        windowEnd: try r.decode(String.self, at: 6), running: try r.decode(Bool.self, at: 7))
}

/// `fitted_at` per fit key (`helpline/channel`).
func effectsFixtureFittedAt(_ pool: PostgresPool) async throws -> [String: Date] {
    var out: [String: Date] = [:]
    for r in try await pool.query("SELECT helpline || '/' || channel, fitted_at FROM rm.campaign_effect_fits") {
        out[try r.decode(String.self, at: 0)] = try r.decode(Date.self, at: 1)
    }
    return out
}
