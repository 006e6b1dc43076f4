import Disclosure
import Foundation
import Testing

@testable import Reports

@Suite("Monthly report as HTML")
struct DashboardHTMLReportTests {
    /// Rows as `analytics.monthly_contacts` gives them: per channel and `all`, 1712 (phone, chat) and
    /// nupraatikerover (chat) over 2023-01…2023-06, with one campaign active March–May on 1712.
    static func report() -> MonthlyReport {
        var rows: [MonthlyReport.Row] = []
        let months = MonthMath.range("2023-01", "2023-06")
        func row(
            _ month: String, _ helpline: String, _ channel: String, _ contacts: Int, previous: Int?
        ) -> MonthlyReport.Row {
            let change = previous.flatMap {
                $0 > 0 ? (100 * Double(contacts - $0) / Double($0) * 10).rounded() / 10 : nil
            }
            let active =
                helpline == "1712" && ["2023-03", "2023-04", "2023-05"].contains(month)
                ? ["lijn-1712-veilige-thuis"] : []
            return MonthlyReport.Row(
                month: month, helpline: helpline, channel: channel, contacts: contacts,
                answered: contacts * 9 / 10, abandoned: contacts - contacts * 9 / 10,
                previousMonthContacts: previous, changeVsPreviousMonthPercent: change,
                sameMonthLastYearContacts: nil,
                changeVsSameMonthLastYearPercent: nil, perDayChangeVsPreviousMonthPercent: change,
                activeCampaigns: active,
                partial: month == "2023-06")
        }
        let phone = [690, 689, 903, 820, 760, 700]
        let chat = [6, 12, 30, 25, 22, 20]
        let youth = [55, 60, 58, 61, 70, 66]
        for (i, month) in months.enumerated() {
            rows.append(
                row(
                    month, "1712", "all", phone[i] + chat[i],
                    previous: i > 0 ? phone[i - 1] + chat[i - 1] : nil))
            rows.append(row(month, "1712", "chat", chat[i], previous: i > 0 ? chat[i - 1] : nil))
            rows.append(row(month, "1712", "phone", phone[i], previous: i > 0 ? phone[i - 1] : nil))
            rows.append(
                row(month, "nupraatikerover", "all", youth[i], previous: i > 0 ? youth[i - 1] : nil))
            rows.append(
                row(month, "nupraatikerover", "chat", youth[i], previous: i > 0 ? youth[i - 1] : nil))
        }
        return MonthlyReport(
            generatedAt: Date(timeIntervalSince1970: 1_700_000_000), timeZone: "Europe/Brussels",
            rows: rows)
    }

    static func cells(_ html: String, _ tags: [DashboardTag], row match: (String) -> Bool)
        -> [[String]]
    {
        let table = tags.first { $0.name == "table" && $0.attributes["class"] == "monthly" }!
        var out: [[String]] = []
        for tr in tags where tr.name == "tr" && !tr.isClosing && tr.start > table.start {
            let end = tags.first { $0.name == "tr" && $0.isClosing && $0.start > tr.start }!.start
            let cells = tags.filter {
                ($0.name == "td" || $0.name == "th") && !$0.isClosing && $0.start > tr.start
                    && $0.start < end
            }
            .map {
                dashboardVisibleText(dashboardInnerText(html, of: $0, in: tags)).replacingOccurrences(
                    of: "&lt;", with: "<")
            }
            if let first = cells.first, first != "month", match(cells.prefix(3).joined(separator: " ")) {
                out.append(cells)
            }
        }
        return out
    }

    @Test(
        "is a self-contained, well-formed HTML document with one chart per helpline and the monthly table"
    )
    func wellFormedWithOneChartPerHelpline() throws {
        let html = Self.report().renderedHTML()
        let tags = try dashboardParseTags(html)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("<img"))
        let charts = tags.filter { $0.name == "svg" && $0.attributes["class"] == "chart" }
        #expect(charts.count == 2)
        #expect(charts.allSatisfy { $0.attributes["role"] == "img" })
        #expect(
            tags.filter { $0.name == "figure" }.compactMap { $0.attributes["data-helpline"] } == [
                "1712", "nupraatikerover",
            ])
        #expect(Self.cells(html, tags) { _ in true }.count == 30, "every row of the report")
        // The campaign band comes from activeCampaigns: March to May on 1712 only.
        let bands = tags.filter { $0.name == "rect" && $0.attributes["class"] == "campaign-band" }
        #expect(bands.count == 1)
        #expect(
            bands.first?.attributes["data-from"] == "2023-03"
                && bands.first?.attributes["data-to"] == "2023-05")
        #expect(bands[0].start < charts[1].start)
    }

    @Test("uses campaign names and dates when given")
    func namedCampaigns() throws {
        let campaigns = [
            DashboardData.Campaign(
                id: "lijn-1712-veilige-thuis", name: dashboardEvilName, helplines: ["1712"],
                windowStart: "2023-03-01", windowEnd: "2023-05-31")
        ]
        let html = Self.report().renderedHTML(campaigns: campaigns)
        _ = try dashboardParseTags(html)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(!html.contains("<script>"))
    }

    @Test("internal: shows every figure, small ones included")
    func internalReport() throws {
        let html = Self.report().renderedHTML()
        let tags = try dashboardParseTags(html)
        let january = Self.cells(html, tags) { $0 == "2023-01 1712 chat" }
        #expect(january.first?[3] == "6")
        #expect(Self.cells(html, tags) { $0 == "2023-02 1712 chat" }.first?[5] == "+100.0%")
    }

    /// The public form of `report`: its months decided by the disclosure engine, as `report monthly --public` renders them.
    static func publicForm(_ report: MonthlyReport) -> PublicMonthlyReport {
        var byMonth: [[String]: [String: Int]] = [:]
        for row in report.rows where row.channel != "all" { byMonth[[row.helpline, row.month], default: [:]][row.channel] = row.contacts }
        let months = byMonth.keys.sorted { $0.lexicographicallyPrecedes($1) }.map {
            MonthlyRelease.decide(helpline: $0[0], month: $0[1], counts: byMonth[$0]!, threshold: 10)
        }
        let figures = PublicFigures(months: months, effects: [], lastPublishableMonth: months.map(\.month).max() ?? "")
        return PublicMonthlyReport(figures: figures, filter: .init(), generatedAt: report.generatedAt, embargoDays: 7)
    }

    @Test("public: small counts as <10, their partner hidden, percentages on a hidden base left out, no outcomes")
    func publicReport() throws {
        let html = try Self.publicForm(Self.report()).rendered(as: .html)
        let tags = try dashboardParseTags(html)
        // Columns: month, helpline, channel, contacts, prev. month, change %, same month last year, change YoY %.
        let chat = try #require(Self.cells(html, tags) { $0 == "2023-01 1712 chat" }.first)
        #expect(chat[3] == "<10")
        let total = try #require(Self.cells(html, tags) { $0 == "2023-01 1712 all" }.first)
        #expect(total[3] == "x", "the total is withheld so that total − phone does not give chat")
        let february = try #require(Self.cells(html, tags) { $0 == "2023-02 1712 chat" }.first)
        #expect(february[3] == "12" && february[4] == "<10")
        #expect(february[5] == "–", "January's 6 is the base: no percentage")
        let februaryTotal = try #require(Self.cells(html, tags) { $0 == "2023-02 1712 all" }.first)
        #expect(februaryTotal[4] == "x" && februaryTotal[5] == "–")
        let march = try #require(Self.cells(html, tags) { $0 == "2023-03 1712 chat" }.first)
        #expect(march[5] == "+150.0%")
        #expect(!html.contains(">6<") && !html.contains("696"))
        #expect(html.contains("counts below 10 are shown as &lt;10"))
        #expect(!html.contains(">answered<") && !html.contains(">abandoned<"), "outcomes are not part of the publication")
    }

    @Test("a report of the 'all' rows only still draws a chart per helpline")
    func allRowsOnly() throws {
        var report = Self.report()
        report.rows = report.rows.filter { $0.channel == "all" }
        let html = report.renderedHTML()
        let tags = try dashboardParseTags(html)
        #expect(tags.filter { $0.name == "svg" && $0.attributes["class"] == "chart" }.count == 2)
        #expect(html.contains("All channels"))
        #expect(Self.cells(html, tags) { _ in true }.count == 12)
    }

    @Test("a one-month report (--month last) and an empty report are still well-formed")
    func oneMonthAndEmpty() throws {
        var report = Self.report()
        report.rows = report.rows.filter { $0.month == "2023-06" }
        for html in [report.renderedHTML(), try Self.publicForm(report).rendered(as: .html)] {
            let tags = try dashboardParseTags(html)
            #expect(tags.filter { $0.name == "svg" && $0.attributes["class"] == "chart" }.count == 2)
            for tag in tags where ["rect", "circle", "line", "text"].contains(tag.name) {
                for key in ["x", "y", "cx", "cy", "x1", "x2", "y1", "y2", "width", "height"] {
                    if let value = tag.attributes[key] { #expect(Double(value)?.isFinite == true, "\(tag.name) \(key)=\(value)") }
                }
            }
        }
        report.rows = []
        let empty = try Self.publicForm(report).rendered(as: .html)
        _ = try dashboardParseTags(empty)
        #expect(empty.contains("No contacts recorded in this period."))
    }
}
