import Disclosure
import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

@testable import Reports

/// Fills the monthly read model by hand: `counts` are (helpline, channel, month, contacts), each on the month's 10th.
func fillMonthlyCounts(_ counts: [(String, String, String, Int)], pool: PostgresPool) async throws {
    for (helpline, channel, month, n) in counts {
        try await pool.execute(
            """
            INSERT INTO rm.daily_contact_counts (helpline, channel, local_date, contact_type, received, answered, abandoned)
            VALUES (\(helpline), \(channel), (\(month) || '-10')::date, 'counselling', \(n), \(n), 0)
            ON CONFLICT (helpline, channel, local_date, contact_type) DO UPDATE SET received = excluded.received, answered = excluded.answered
            """)
    }
    try await pool.execute("DELETE FROM rm.monthly_contact_counts")
    try await pool.execute(
        """
        INSERT INTO rm.monthly_contact_counts (helpline, channel, month, received, answered, abandoned)
        SELECT helpline, channel, date_trunc('month', local_date)::date, sum(received), sum(answered), sum(abandoned)
          FROM rm.daily_contact_counts GROUP BY 1, 2, 3
        """)
}

/// A UTC instant on a civil day, at noon.
func utcNoon(_ day: String) -> Date { ISO8601DateFormatter().date(from: day + "T12:00:00Z")! }

@Suite("Disclosure: public figures are released once and stay as released")
struct PublicReleaseTests {
    static func labels(_ figures: PublicFigures, _ helpline: String, _ month: String) -> [String: String]? {
        guard let release = figures.month(helpline, month) else { return nil }
        var out = release.channels.mapValues { $0.label(threshold: release.threshold) }
        out["all"] = release.total.label(threshold: release.threshold)
        return out
    }

    @Test("a month is released the 8th day after it ends, decided once: later counts change the internal report only")
    func releasedOnceAndFrozen() async throws {
        try await dashboardFixtureDatabase { pool in
            try await fillMonthlyCounts(
                [("1712", "phone", "2023-03", 120), ("1712", "email", "2023-03", 60), ("1712", "chat", "2023-03", 4)], pool: pool)
            let before = try await PublicFigures.load(pool: pool, now: utcNoon("2023-04-07"))
            #expect(before.months.isEmpty, "March is in its embargo until 8 April")
            #expect(before.lastPublishableMonth == "2023-02")
            let released = try await PublicFigures.load(pool: pool, now: utcNoon("2023-04-08"))
            #expect(Self.labels(released, "1712", "2023-03") == ["phone": "120", "email": "60", "chat": "<10", "all": "x"])
            // Late contacts: chat goes to 15, email to 61. The release stays; the internal report moves.
            try await fillMonthlyCounts([("1712", "chat", "2023-03", 15), ("1712", "email", "2023-03", 61)], pool: pool)
            let later = try await PublicFigures.load(pool: pool, now: utcNoon("2023-05-01"))
            #expect(later.months == released.months)
            let inside = try await MonthlyReport.load(.init(from: "2023-03", to: "2023-03", channel: "all"), pool: pool)
            #expect(inside.rows.map(\.contacts) == [196])
            let stored = try await pool.query("SELECT count(*)::int FROM disclosure.monthly_releases")[0].decode(Int.self, at: 0)
            #expect(stored == 1)
        }
    }

    @Test("released rows refuse UPDATE, DELETE and TRUNCATE, for the owner too")
    func releasesAreFinal() async throws {
        try await dashboardFixtureDatabase { pool in
            try await fillMonthlyCounts([("1712", "phone", "2023-03", 120)], pool: pool)
            _ = try await PublicFigures.load(pool: pool, now: utcNoon("2023-06-01"))
            for statement in [
                "UPDATE disclosure.monthly_cells SET contacts = 121", "DELETE FROM disclosure.monthly_releases",
                "TRUNCATE disclosure.monthly_cells CASCADE", "UPDATE disclosure.effect_releases SET extra_contacts = 0",
            ] {
                do {
                    try await pool.execute(PostgresQuery(unsafeSQL: statement))
                    Issue.record("\(statement) succeeded")
                } catch let error as PostgresError {
                    #expect(error.sqlState == "HS002", "\(statement): \(error)")
                }
            }
        }
    }

    @Test("a helpline's own threshold applies to what it has not released; the other helplines keep 10")
    func perHelplineThreshold() async throws {
        try await dashboardFixtureDatabase { pool in
            try await fillMonthlyCounts(
                [
                    ("youth", "chat", "2023-03", 12), ("youth", "phone", "2023-03", 40), ("1712", "chat", "2023-03", 12),
                    ("1712", "phone", "2023-03", 40),
                ],
                pool: pool)
            try await DisclosureSettings.setThreshold(15, for: "youth", pool: pool)
            await #expect(throws: ReportError.self) { try await DisclosureSettings.setThreshold(2, for: "youth", pool: pool) }
            let figures = try await PublicFigures.load(pool: pool, now: utcNoon("2023-06-01"))
            #expect(Self.labels(figures, "youth", "2023-03") == ["chat": "<15", "phone": "40", "all": "x"])
            #expect(Self.labels(figures, "1712", "2023-03") == ["chat": "12", "phone": "40", "all": "52"])
            // Lowering it later does not reopen March.
            try await DisclosureSettings.setThreshold(nil, for: "youth", pool: pool)
            #expect(Self.labels(try await PublicFigures.load(pool: pool, now: utcNoon("2023-06-02")), "youth", "2023-03")?["chat"] == "<15")
        }
    }

    @Test("the embargo is a database setting: 0 days releases a month the day after it ends")
    func embargoSetting() async throws {
        try await dashboardFixtureDatabase { pool in
            try await fillMonthlyCounts([("1712", "phone", "2023-03", 120)], pool: pool)
            try await DisclosureSettings.setEmbargo(days: 0, pool: pool)
            await #expect(throws: ReportError.self) { try await DisclosureSettings.setEmbargo(days: -1, pool: pool) }
            #expect(try await PublicFigures.load(pool: pool, now: utcNoon("2023-03-31")).months.isEmpty)
            #expect(try await PublicFigures.load(pool: pool, now: utcNoon("2023-04-01")).months.count == 1)
        }
    }

    @Test("concurrent readers release a month once, without errors")
    func concurrentRelease() async throws {
        try await dashboardFixtureDatabase { pool in
            try await fillMonthlyCounts([("1712", "phone", "2023-03", 120), ("1712", "chat", "2023-03", 3)], pool: pool)
            let results = try await withThrowingTaskGroup(of: PublicFigures.self) { group in
                for _ in 0..<6 { group.addTask { try await PublicFigures.load(pool: pool, now: utcNoon("2023-06-01")) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(results.map(\.months)).count == 1)
            #expect(try await pool.query("SELECT count(*)::int FROM disclosure.monthly_cells")[0].decode(Int.self, at: 0) == 3)
        }
    }

    @Test("helpline_public reads analytics_public and nothing else; withheld cells have a label and no count")
    func publicRole() async throws {
        try await dashboardFixtureDatabase { pool in
            try await fillMonthlyCounts([("1712", "phone", "2023-03", 120), ("1712", "chat", "2023-03", 4)], pool: pool)
            _ = try await PublicFigures.load(pool: pool, now: utcNoon("2023-06-01"))
            try await pool.withConnection { (c: PostgresConnection) async throws in
                try await c.execute("SET ROLE helpline_public")
                let rows = try await c.query(
                    "SELECT channel, contacts, withheld_as FROM analytics_public.monthly_contacts ORDER BY channel")
                let seen = try rows.map {
                    "\(try $0.decode(String.self, at: 0))=\(try $0.decode(Int?.self, at: 1).map(String.init) ?? "null")/\(try $0.decode(String?.self, at: 2) ?? "")"
                }
                #expect(seen == ["all=null/x", "chat=null/<10", "phone=120/"])
                _ = try await c.query("SELECT count(*) FROM analytics_public.campaign_effects")
                for table in [
                    "analytics.monthly_contacts", "rm.daily_contact_counts", "es.events", "disclosure.monthly_cells", "disclosure.thresholds",
                ] {
                    do {
                        _ = try await c.query(PostgresQuery(unsafeSQL: "SELECT 1 FROM \(table) LIMIT 1"))
                        Issue.record("helpline_public read \(table)")
                    } catch let error as PostgresError {
                        #expect(error.sqlState == "42501", "\(table): \(error)")
                    }
                }
                try await c.execute("RESET ROLE")
            }
        }
    }

    @Test("nothing is released while the projections are behind the store: a month is decided on every stored event")
    func waitsForProjections() async throws {
        try await withReportDatabase { store, configuration in
            try await importCSV(calls(120, in: "2023-03") + calls(4, in: "2023-03", channel: "chat"), pool: store.pool)
            #expect(try await PublicFigures.load(pool: store.pool, now: utcNoon("2023-06-01")).months.isEmpty)
            try await catchUp(configuration)
            let figures = try await PublicFigures.load(pool: store.pool, now: utcNoon("2023-06-01"))
            #expect(Self.labels(figures, "1712", "2023-03") == ["phone": "120", "chat": "<10", "all": "x"])
        }
    }

    /// A stopped campaign on 1712 in March 2023 with effects on all channels and on phone, chat (7 contacts) and
    /// email, its carry-over ending 14 April; the effects are up to date with the read models.
    static func stoppedCampaign(pool: PostgresPool, running: Bool = false) async throws {
        try await fillMonthlyCounts(
            [
                ("1712", "phone", "2023-03", 280), ("1712", "chat", "2023-03", 7), ("1712", "email", "2023-03", 13),
                ("1712", "phone", "2023-04", 250),
                ("1712", "chat", "2023-04", 20), ("1712", "email", "2023-04", 30),
            ], pool: pool)
        try await pool.execute(
            """
            INSERT INTO rm.campaigns (campaign_id, name, helplines, window_start, window_end, started_at, stopped_at)
            VALUES ('lijn', 'Lijn', '{1712}', '2023-03-01', \(running ? nil : "2023-03-31"), '2023-03-01', \(running ? nil : "2023-03-31")::timestamptz)
            """)
        try await pool.execute(
            """
            INSERT INTO rm.campaign_effects (campaign_id, helpline, channel, window_start, window_end, running, attribution_end, observed_contacts,
                   expected_contacts, uplift_contacts, uplift_low, uplift_high, uplift_percent, uplift_percent_low, uplift_percent_high, warnings)
            VALUES ('lijn', '1712', 'all', '2023-03-01', '2023-03-31', \(running), '2023-04-14', 300, 247.6, 52.4, 12.1, 93.8, 21.2, 4.2, 45.1, '{}'),
                   ('lijn', '1712', 'phone', '2023-03-01', '2023-03-31', \(running), '2023-04-14', 280, 233.0, 47.0, 9.0, 85.0, 20.2, 3.1, 41.0, '{}'),
                   ('lijn', '1712', 'chat', '2023-03-01', '2023-03-31', \(running), '2023-04-14', 7, 4.1, 2.9, -1.0, 6.8, 70.7, -20.0, 190.0, '{}'),
                   ('lijn', '1712', 'email', '2023-03-01', '2023-03-31', \(running), '2023-04-14', 13, 10.5, 2.5, -4.0, 9.0, 23.8, -30.0, 95.0, '{}')
            """)
        try await pool.execute("INSERT INTO rm.campaign_effects_state (source) SELECT rm.campaign_effects_source()")
    }

    @Test(
        "a stopped campaign's effects are released once the months its window and carry-over span are, rounded; a small channel and its partner are withheld"
    )
    func effectsReleased() async throws {
        try await dashboardFixtureDatabase { pool in
            try await Self.stoppedCampaign(pool: pool)
            // The carry-over ends 14 April: the effects wait for April, which they span, to be released (8 May).
            #expect(try await PublicFigures.load(pool: pool, now: utcNoon("2023-04-22")).effects.isEmpty)
            #expect(try await PublicFigures.load(pool: pool, now: utcNoon("2023-05-07")).effects.isEmpty)
            let effects = try await PublicFigures.load(pool: pool, now: utcNoon("2023-05-08")).effects
            #expect(effects.map(\.channel) == ["all", "chat", "email", "phone"])
            // Chat's 7 contacts withhold chat and `all` (which March's withheld total would withhold anyway).
            #expect(effects.map { $0.withheld?.rawValue ?? "shown" } == ["secondary", "primary", "shown", "shown"])
            let phone = try #require(effects.last?.figures)
            #expect(
                [phone.extraContacts, phone.extraLow, phone.extraHigh, phone.upliftPercent, phone.upliftPercentLow, phone.upliftPercentHigh] == [
                    50, 0, 90, 20, 3, 41,
                ])
            #expect(!phone.significant, "the interval rounded outwards reaches 0")
            let report = try await PublicCampaignReport.load(.init(channel: nil), pool: pool, now: utcNoon("2023-05-09"))
            let json = try report.rendered(as: .json)
            #expect(json.contains("\"extraContacts\" : 50") && !json.contains("47.0") && !json.contains("233") && !json.contains("observed"))
            for format in [ReportFormat.csv, .table, .markdown] {
                let text = try report.rendered(as: format)
                #expect(!text.contains("47.0") && !text.contains("2.9") && !text.contains("280"), "\(format): \(text)")
            }
        }
    }

    @Test("a running campaign's effects are not released")
    func runningNotReleased() async throws {
        try await dashboardFixtureDatabase { pool in
            try await Self.stoppedCampaign(pool: pool, running: true)
            #expect(try await PublicFigures.load(pool: pool, now: utcNoon("2023-09-01")).effects.isEmpty)
            let report = try await PublicCampaignReport.load(.init(), pool: pool, now: utcNoon("2023-09-01"))
            #expect(report.campaigns.first?.effectsNote == "effects are not public while the campaign is running")
        }
    }

    @Test("a channel without contacts in a month of its span is a zero, released as <10; so is a month without any contact")
    func zerosAreReleased() async throws {
        try await dashboardFixtureDatabase { pool in
            try await fillMonthlyCounts(
                [
                    ("1712", "phone", "2023-01", 100), ("1712", "phone", "2023-02", 100), ("1712", "phone", "2023-04", 100),
                    ("1712", "chat", "2023-01", 20), ("1712", "chat", "2023-03", 15), ("1712", "chat", "2023-04", 20),
                    ("youth", "phone", "2023-01", 50), ("youth", "phone", "2023-03", 50),
                ], pool: pool)
            let figures = try await PublicFigures.load(pool: pool, now: utcNoon("2023-06-01"))
            #expect(Self.labels(figures, "1712", "2023-02") == ["phone": "100", "chat": "<10", "all": "x"])
            #expect(Self.labels(figures, "1712", "2023-03") == ["phone": "<10", "chat": "15", "all": "x"])
            #expect(Self.labels(figures, "youth", "2023-02") == ["phone": "<10", "all": "x"])
            #expect(Self.labels(figures, "youth", "2023-04") == nil, "after the helpline's last month with contacts: not released")
        }
    }
}
