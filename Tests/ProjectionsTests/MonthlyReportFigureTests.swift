import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

@testable import Projections

@Suite("The seeds' monthly figures, computed")
struct MonthlyReportFigureTests {
    @Test("628 calls in July 2022 and 710 in July 2023 is +13.1% year on year; 689 in February and 903 in March 2023 is +31.1%, +18.4% per day")
    func seedFigures() async throws {
        try await withProjectionDatabase { store, configuration in
            try await importCSV(
                calls(628, in: "2022-07") + calls(689, in: "2023-02") + calls(903, in: "2023-03") + calls(710, in: "2023-07")
                    + calls(40, in: "2023-03", channel: "chat"),
                pool: store.pool)
            try await catchUp(configuration)
            let rows = try await store.pool.query(
                """
                SELECT month, channel, contacts, previous_month_contacts, change_vs_previous_month_pct::float8,
                       same_month_last_year_contacts, change_vs_same_month_last_year_pct::float8,
                       per_day_change_vs_previous_month_pct::float8, partial
                  FROM analytics.monthly_contacts WHERE helpline = '1712' ORDER BY month, channel
                """)
            func row(_ month: String, _ channel: String) throws -> PostgresRow {
                try #require(
                    rows.first {
                        (try? $0.decode(String.self, column: "month")) == month && (try? $0.decode(String.self, column: "channel")) == channel
                    })
            }
            let july = try row("2023-07", "phone")
            #expect(try july.decode(Int.self, column: "contacts") == 710)
            #expect(try july.decode(Int?.self, column: "same_month_last_year_contacts") == 628)
            #expect(try july.decode(Double?.self, column: "change_vs_same_month_last_year_pct") == 13.1)
            #expect(try july.decode(Double?.self, column: "change_vs_previous_month_pct") == nil, "no June data: no base")
            let march = try row("2023-03", "phone")
            #expect(try march.decode(Int.self, column: "contacts") == 903)
            #expect(try march.decode(Int?.self, column: "previous_month_contacts") == 689)
            #expect(try march.decode(Double?.self, column: "change_vs_previous_month_pct") == 31.1)
            #expect(try march.decode(Double?.self, column: "per_day_change_vs_previous_month_pct") == 18.4)
            #expect(try march.decode(Bool.self, column: "partial") == false)
            let all = try row("2023-03", "all")
            #expect(try all.decode(Int.self, column: "contacts") == 943, "channel all sums the channels")
        }
    }
}
