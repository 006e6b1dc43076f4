import Attribution
import EventStore
import Foundation
import Postgres
import Testing

@testable import Reports

@Suite("Monthly report: rate ratios from the daily counts")
struct MonthlyRateChangeLoadTests {
    /// `total` calls over the days of `month` with day-to-day noise: each day's share is a log-normal intensity with
    /// variance α (close to the gamma of NB2 days with overdispersion α, given their total).
    static func noisyCalls(_ total: Int, in month: String, days: Int, alpha: Double, seed: UInt64) -> String {
        var g = SeededGenerator(seed: seed)
        let intensity = (0..<days).map { _ in
            exp(alpha.squareRoot() * (-2 * log(g.uniform())).squareRoot() * cos(2 * Double.pi * g.uniform()))
        }
        let sum = intensity.reduce(0, +)
        var cumulative: [Double] = []
        var running = 0.0
        for value in intensity {
            running += value / sum
            cumulative.append(running)
        }
        return (0..<total).map { i in
            let u = g.uniform()
            let day = 1 + (cumulative.firstIndex { u <= $0 } ?? days - 1)
            return "noisy-\(month)-\(i),1712,phone,\(month)-\(day < 10 ? "0" : "")\(day)T\(8 + i % 12 < 10 ? "0" : "")\(8 + i % 12):15:00+01:00,"
                + "answered,30,240,counselling\n"
        }.joined()
    }

    @Test(
        "628 calls in July 2022 and 710 in July 2023: +13.1% per day, within normal variation when the days are overdispersed, not when they are even"
    )
    func sevenTenAgainstSixTwentyEight() async throws {
        try await withReportDatabase { store, configuration in
            try await importCSV(
                Self.noisyCalls(628, in: "2022-07", days: 31, alpha: 0.06, seed: 7_300_001)
                    + Self.noisyCalls(710, in: "2023-07", days: 31, alpha: 0.06, seed: 7_300_002)
                    + calls(628, in: "2022-07", channel: "chat") + calls(710, in: "2023-07", channel: "chat"),
                pool: store.pool)
            try await catchUp(configuration)
            let report = try await MonthlyReport.load(.init(from: "2023-07", to: "2023-07", helpline: "1712"), pool: store.pool)
            let phone = try #require(report.rows.first { $0.channel == "phone" }?.rateChangeVsSameMonthLastYear)
            #expect(phone.contacts == 710 && phone.baseContacts == 628 && phone.days == 31 && phone.baseDays == 31)
            #expect(abs(phone.percent - 13.06) < 0.01)
            #expect(phone.dispersion! > 1.4, "the noisy days are overdispersed: \(phone.dispersion!)")
            #expect(phone.withinNormalVariation == true, "\(phone.percentLow!)…\(phone.percentHigh!)")
            // Calls spread evenly over the days (20 or 21 a day) are less noisy than Poisson: the interval is Poisson's.
            let chat = try #require(report.rows.first { $0.channel == "chat" }?.rateChangeVsSameMonthLastYear)
            #expect(chat.dispersion! < 0.1, "\(chat.dispersion!)")
            #expect(chat.withinNormalVariation == false, "\(chat.percentLow!)…\(chat.percentHigh!)")
            #expect(report.rows.first { $0.channel == "phone" }?.rateChangeVsPreviousMonth == nil, "no June: no base")

            let table = try report.rendered(as: .table)
            #expect(table.contains("+13.1% ("), "\(table)")
            #expect(table.contains("within normal variation"))
            let json = try report.rendered(as: .json)
            #expect(json.contains("\"withinNormalVariation\" : true") && json.contains("\"rateChangeVsSameMonthLastYear\""))
            let csv = try report.rendered(as: .csv).split(separator: "\n")
            #expect(csv[0].hasSuffix("rate_change_vs_same_month_last_year_within_normal_variation"))
            #expect(csv.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 21 })

            // The internal dashboard states the last complete month's changes under the helpline's chart; the public one
            // does not (the interval comes from daily counts, which are not public).
            let dashboard = try await DashboardData.load(pool: store.pool, helpline: "1712")
            let change = try #require(dashboard.monthChanges.first)
            #expect(change.month == "2023-07" && change.contacts == 1420 && change.sameMonthLastYear?.baseContacts == 1256)
            let page = DashboardPage.render(dashboard, options: DashboardOptions(publicMode: false))
            #expect(page.contains("2023-07: 1,420 contacts; +13.1% ("), "\(page)")
            #expect(page.contains("per day against the same month a year before"))
            #expect(!DashboardPage.render(dashboard, options: DashboardOptions(publicMode: true)).contains("per day against"))
        }
    }

    @Test("the current month is compared on its complete days with the same days of the month before")
    func partialMonth() async throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Brussels")!
        let today = calendar.dateComponents([.year, .month, .day], from: Date())
        let previous = calendar.dateComponents([.year, .month], from: calendar.date(byAdding: .month, value: -1, to: Date())!)
        let daysBefore = calendar.range(of: .day, in: .month, for: calendar.date(byAdding: .month, value: -1, to: Date())!)!.count
        func month(_ c: DateComponents) -> String { String(format: "%04d-%02d", c.year!, c.month!) }
        func rows(_ month: String, days: Range<Int>, perDay: Int) -> String {
            days.flatMap { day in
                (0..<perDay).map { i in
                    "partial-\(month)-\(day)-\(i),1712,phone,\(month)-\(String(format: "%02d", day))T\(String(format: "%02d", 8 + i % 12)):15:00Z,"
                        + "answered,30,240,counselling\n"
                }
            }.joined()
        }
        let elapsed = today.day! - 1
        try await withReportDatabase { store, configuration in
            // 10 a day last month; 20 a day on this month's complete days (today is not over and not counted).
            try await importCSV(
                rows(month(previous), days: 1..<(daysBefore + 1), perDay: 10) + rows(month(today), days: 1..<today.day!, perDay: 20), pool: store.pool
            )
            try await catchUp(configuration)
            let report = try await MonthlyReport.load(.init(helpline: "1712", channel: "phone"), pool: store.pool)
            let current = try #require(report.rows.first { $0.month == month(today) })
            #expect(current.partial)
            guard elapsed > 0 else {
                #expect(current.rateChangeVsPreviousMonth == nil, "the first of the month has no complete day")
                return
            }
            let change = try #require(current.rateChangeVsPreviousMonth)
            #expect(change.days == elapsed && change.baseDays == elapsed, "\(change.days) and \(change.baseDays) days, expected \(elapsed)")
            #expect(change.contacts == 20 * elapsed && change.baseContacts == 10 * elapsed)
            #expect(abs(change.ratio - 2) < 1e-12)
        }
    }
}
