import Foundation
import HelplineSchema
import Postgres
import PostgresTestSupport
import Testing

@testable import Reports

/// A fresh migrated database with a pool (read models filled by hand: this tests the loader, not the projections).
func dashboardFixtureDatabase<T>(_ body: (PostgresPool) async throws -> T) async throws -> T {
    try await TestDatabase.withFreshDatabase { configuration in
        let connection = try await PostgresConnection.connect(
            configuration: configuration, logger: TestDatabase.logger)
        guard let directory = HelplineSchema.migrationsDirectory else {
            throw TestDatabaseError("migrations resource missing")
        }
        try await PostgresMigrator(directory: directory, logger: TestDatabase.logger).migrate(
            on: connection)
        await connection.close()
        let pool = PostgresPool(
            configuration: configuration, pool: .init(size: 2), logger: TestDatabase.logger)
        do {
            let value = try await body(pool)
            await pool.close()
            return value
        } catch {
            await pool.close()
            throw error
        }
    }
}

@Suite("Dashboard data from PostgreSQL")
struct DashboardLoadTests {
    @Test(
        "loads monthly counts per channel, campaigns overlapping the range and their effects, and renders them"
    )
    func load() async throws {
        try await dashboardFixtureDatabase { pool in
            try await pool.execute(
                """
                INSERT INTO rm.daily_contact_counts (helpline, channel, local_date, contact_type, received, answered, abandoned) VALUES
                  ('1712', 'phone', '2023-02-10', 'counselling', 689, 650, 39),
                  ('1712', 'phone', '2023-03-10', 'counselling', 900, 850, 50),
                  ('1712', 'phone', '2023-03-11', 'information', 3, 3, 0),
                  ('1712', 'chat',  '2023-03-12', 'counselling', 7, 7, 0),
                  ('1712', 'phone', '2023-06-01', 'counselling', 700, 690, 10),
                  ('youth', 'chat', '2023-03-05', 'counselling', 60, 58, 2)
                """)
            // The monthly table the projection keeps beside the daily one.
            try await pool.execute(
                """
                INSERT INTO rm.monthly_contact_counts (helpline, channel, month, received, answered, abandoned)
                SELECT helpline, channel, date_trunc('month', local_date)::date, sum(received), sum(answered), sum(abandoned)
                  FROM rm.daily_contact_counts GROUP BY 1, 2, 3
                """)
            for statement in [
                """
                INSERT INTO rm.campaigns (campaign_id, name, helplines, window_start, window_end, started_at, stopped_at) VALUES
                ('lijn', 'Lijn 1712 <bus>', '{1712}', '2023-03-01', '2023-05-31', '2023-03-01', '2023-05-31'),
                ('old', 'Old', '{1712}', '2019-01-01', '2019-01-31', '2019-01-01', '2019-01-31'),
                ('youth-x', 'Youth', '{youth}', '2023-03-01', '2023-03-31', '2023-03-01', '2023-03-31')
                """,
                """
                INSERT INTO rm.campaigns (campaign_id, name, helplines, window_start, window_end, cancelled) VALUES
                ('gone', 'Cancelled', '{1712}', '2023-03-01', '2023-03-31', true)
                """,
                """
                INSERT INTO rm.campaign_channels (event_id, campaign_id, channel, region) VALUES
                (gen_random_uuid(), 'lijn', 'bus_tram', 'Vlaanderen')
                """,
                """
                INSERT INTO rm.campaign_costs (event_id, campaign_id, item, amount_cents, currency) VALUES
                (gen_random_uuid(), 'lijn', 'media', 2500000, 'EUR')
                """,
                """
                INSERT INTO rm.campaign_reach (event_id, campaign_id, metric, value, source) VALUES
                (gen_random_uuid(), 'lijn', 'reach', 58000, 'Instagram')
                """,
                """
                INSERT INTO rm.campaign_effects (campaign_id, helpline, channel, window_start, window_end, observed_contacts,
                expected_contacts, uplift_contacts, uplift_low, uplift_high, uplift_percent,
                cost_eur, cost_per_extra_contact_eur, cost_per_extra_contact_low_eur,
                cost_per_extra_contact_high_eur, warnings) VALUES
                ('lijn', '1712', 'all', '2023-03-01', '2023-05-31', 2500, 2088, 412, 230, 590, 19.7, 25000, 60.7, 42.4, 108.7, '{}')
                """,
            ] {
                try await pool.execute(PostgresQuery(unsafeSQL: statement))
            }
            let data = try await DashboardData.load(
                pool: pool, helpline: "1712", from: "2023-01", to: "2023-06")
            #expect(
                data.counts.map { "\($0.month) \($0.channel) \($0.contacts)" } == [
                    "2023-02 phone 689", "2023-03 chat 7", "2023-03 phone 903", "2023-06 phone 700",
                ])
            #expect(data.campaigns.map(\.id) == ["lijn"])
            let lijn = try #require(data.campaigns.first)
            #expect(lijn.windowStart == "2023-03-01" && lijn.windowEnd == "2023-05-31")
            #expect(
                lijn.channels == ["bus_tram (Vlaanderen)"] && lijn.totalCostEUR == 25_000
                    && lijn.totalReach == 58_000)
            #expect(data.effects.count == 1)
            #expect(
                data.effects.first?.extraContacts == 412 && data.effects.first?.channel == "all"
                    && data.effects.first?.observedContacts == 2500)

            let all = try await DashboardData.load(pool: pool)
            #expect(all.helplines == ["1712", "youth"])
            #expect(
                all.campaigns.map(\.id) == ["old", "lijn", "youth-x"], "cancelled campaigns are left out")

            let html = DashboardPage.render(data, options: .init(publicMode: true))
            let tags = try dashboardParseTags(html)
            let band = try #require(
                tags.first { $0.name == "rect" && $0.attributes["class"] == "campaign-band" })
            #expect(band.attributes["data-from"] == "2023-03" && band.attributes["data-to"] == "2023-05")
            #expect(html.contains("Lijn 1712 &lt;bus&gt;"))
            // Public: the effect spans March, whose total is withheld (7 chats), so the effect is withheld too: its rounded
            // figures would bound March's contacts. The internal page has the model's figures.
            #expect(html.contains("not shown (") && !html.contains("+412") && !html.contains("€60.70"), "\(html)")
            #expect(DashboardPage.render(data, options: .init(publicMode: false)).contains("€60.70"))

            await #expect(throws: ReportError.self) {
                try await DashboardData.load(pool: pool, from: "2023-13")
            }
        }
    }
}
