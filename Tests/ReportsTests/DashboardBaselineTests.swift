import Attribution
import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Projections
import Testing

@testable import Reports

@Suite("The dashboard's expected baseline, from the model")
struct DashboardBaselineTests {
    @Test("after a refit, every month of the fitted data has a baseline band; the page draws it with the observed counts")
    func baselineFromTheModel() async throws {
        try await HorizonLock.run {
            try await effectsFixtureDatabase { store, configuration in
                try await EffectsFixture.load(store: store, configuration: configuration)
                let pool = store.pool
                let before = try await DashboardData.load(pool: pool, helpline: EffectsFixture.helpline)
                #expect(before.baselines.isEmpty, "nothing is drawn before the model has been fitted")
                _ = try await effectsFixtureRefitter(configuration).refitNow()

                // One row per month of 2021-01-04 … 2024-01-03, for the fit on all channels and per channel.
                let rows = try await pool.query(
                    """
                    SELECT channel, count(*)::int, sum(days)::int, sum(observed_contacts)::float8
                      FROM analytics.campaign_baselines WHERE helpline = '1712' GROUP BY channel ORDER BY channel
                    """)
                #expect(try rows.map { try $0.decode(String.self, at: 0) } == ["all", "chat", "phone"])
                let total = EffectsFixture.series.counts.reduce(0, +)
                for r in rows {
                    #expect(try r.decode(Int.self, at: 1) == 37)
                    #expect(try r.decode(Int.self, at: 2) == EffectsFixture.series.count)
                }
                #expect(try rows[0].decode(Double.self, at: 3) == total)
                #expect(try rows[1].decode(Double.self, at: 3) + rows[2].decode(Double.self, at: 3) == total)
                // A fit that failed (too little data) has no baseline.
                let short = try await pool.query(
                    "SELECT count(*)::int FROM analytics.campaign_baselines WHERE helpline = \(EffectsFixture.shortHelpline)")
                #expect(try short[0].decode(Int.self, at: 0) == 0)

                // The dashboard's data: the total's band, in the range asked for.
                let data = try await DashboardData.load(pool: pool, helpline: EffectsFixture.helpline, from: "2022-01", to: "2022-12")
                let total2022 = data.baselines.filter { $0.channel == nil }
                #expect(total2022.map(\.month) == MonthMath.range("2022-01", "2022-12"))
                let observed = Dictionary(
                    grouping: data.counts, by: \.month
                ).mapValues { $0.map(\.contacts).reduce(0, +) }
                var inside = 0
                for point in total2022 {
                    let lower = try #require(point.lower)
                    let upper = try #require(point.upper)
                    #expect(lower <= point.expected && point.expected <= upper)
                    let count = Double(try #require(observed[point.month]))
                    if lower <= count && count <= upper { inside += 1 }
                    // The spring campaign (+28%) lifted March and April above the band's middle.
                    if point.month == "2022-03" || point.month == "2022-04" { #expect(count > point.expected * 1.1, "\(point)") }
                }
                #expect(inside >= 8, "\(inside) of 12 months of 2022 inside the band")

                let html = DashboardPage.render(data, options: .init(publicMode: false))
                #expect(html.components(separatedBy: "class=\"baseline-band\"").count == 2, "one band on the one chart")
                #expect(html.contains("class=\"baseline-line\""))
                #expect(html.contains("Expected without campaigns"))
                // The band as text, in the chart's table: March 2022's expected contacts and interval.
                #expect(html.contains("<th scope=\"col\">Expected without campaigns (95% interval)</th>"))
                let march = try #require(total2022.first { $0.month == "2022-03" })
                #expect(html.contains(DashboardPage.expectedText(march)), "\(DashboardPage.expectedText(march))")
            }
        }
    }
}
