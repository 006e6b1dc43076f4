import Foundation
import Testing

@testable import Reports

@Suite("Dashboard page")
struct DashboardTests {
    static func render(publicMode: Bool = false, effects: Bool = false) -> String {
        DashboardPage.render(
            dashboardFixtureData(effects: effects), options: DashboardOptions(publicMode: publicMode))
    }

    /// The `<svg class="chart">` elements (not the legend swatches).
    static func charts(_ tags: [DashboardTag]) -> [DashboardTag] {
        tags.filter {
            $0.name == "svg" && !$0.isClosing
                && ($0.attributes["class"] ?? "").split(separator: " ").contains("chart")
        }
    }

    @Test("is a well-formed HTML5 document with lang, charset and a viewport, in both modes")
    func wellFormed() throws {
        for publicMode in [false, true] {
            let html = Self.render(publicMode: publicMode, effects: true)
            #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
            let tags = try dashboardParseTags(html)
            #expect(
                tags.contains {
                    $0.name == "meta" && $0.attributes["name"] == "viewport"
                        && $0.attributes["content"]?.contains("width=device-width") == true
                })
            #expect(tags.contains { $0.name == "meta" && $0.attributes["charset"] == "utf-8" })
            #expect(tags.filter { $0.name == "title" && !$0.isClosing }.count >= 1)
            #expect(!html.contains("<script"), "no JavaScript")
            #expect(
                !html.contains("http://")
                    || !html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains(
                        "http"),
                "no external assets")
        }
    }

    @Test("draws one chart per helpline, each fluid with a viewBox and width 100%")
    func oneChartPerHelpline() throws {
        let tags = try dashboardParseTags(Self.render())
        let charts = Self.charts(tags).filter { $0.attributes["class"] == "chart" }
        #expect(charts.count == 2)
        #expect(
            tags.filter { $0.name == "figure" && $0.attributes["data-helpline"] != nil }.map {
                $0.attributes["data-helpline"]!
            } == [
                "1712", "nupraatikerover",
            ])
        for chart in charts {
            #expect(chart.attributes["width"] == "100%")
            #expect(chart.attributes["viewBox"]?.hasPrefix("0 0 \(Int(MonthlyChart.width)) ") == true)
        }
    }

    @Test("shades each campaign window over exactly the campaign's months, with its name as a label")
    func campaignWindows() throws {
        let html = Self.render()
        let tags = try dashboardParseTags(html)
        let bands = tags.filter { $0.name == "rect" && $0.attributes["class"] == "campaign-band" }
        #expect(bands.count == 2, "the 2018 campaign is outside the range and not drawn")
        // 24 months across the plot area.
        let step = (MonthlyChart.width - MonthlyChart.rightMargin - MonthlyChart.left) / 24
        let lijn = try #require(bands.first { $0.attributes["data-campaign"] == "lijn" })
        #expect(lijn.attributes["data-from"] == "2023-03" && lijn.attributes["data-to"] == "2023-05")
        // Coordinates are written to 0.1.
        #expect(abs(Double(lijn.attributes["x"]!)! - (MonthlyChart.left + 14 * step)) <= 0.05)
        #expect(abs(Double(lijn.attributes["width"]!)! - 3 * step) <= 0.05)
        #expect(lijn.attributes["fill"]?.hasPrefix("url(#") == true)
        let evil = try #require(
            bands.first { $0.attributes["data-campaign"] == "evil&quot;&lt;id&gt;" })
        #expect(abs(Double(evil.attributes["x"]!)! - (MonthlyChart.left + 11 * step)) <= 0.05)
        #expect(abs(Double(evil.attributes["width"]!)! - step) <= 0.05)
        // The bands sit in their helpline's chart only.
        let charts = Self.charts(tags).filter { $0.attributes["class"] == "chart" }
        #expect(lijn.start > charts[0].start && lijn.start < charts[1].start)
        #expect(evil.start > charts[1].start)
        let labels = tags.filter { $0.name == "text" && $0.attributes["class"] == "campaign-label" }.map {
            dashboardInnerText(html, of: $0, in: tags)
        }
        // Long names are shortened in the label; the band's tooltip has the full name and dates.
        #expect(labels.contains("Lijn 1712, bestemming Veilige…"))
        #expect(labels.contains(HTML.escape(HTML.truncated(dashboardEvilName, to: 30))))
        let tooltip = dashboardInnerText(html, of: tags.first { $0.name == "title" && $0.start > lijn.start }!, in: tags)
        #expect(tooltip == "Lijn 1712, bestemming Veilige thuis: 1 Mar 2023 – 31 May 2023")
    }

    @Test("escapes campaign names everywhere: no raw markup from user text reaches the page")
    func escaping() throws {
        let html = Self.render(effects: true)
        #expect(!html.contains("<script>"))
        #expect(!html.contains("alert(1)</script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"))
        #expect(HTML.escape("a'b\u{0}c") == "a&#39;b\u{FFFD}c")
        _ = try dashboardParseTags(html)
        // The hostile name and id in every place they appear: band title, label, table, uplift chart.
        #expect(html.components(separatedBy: "&lt;script&gt;alert(1)").count - 1 >= 4)
    }

    @Test("gives every chart role=img, a <title> and a <desc> in words, and a data table alternative")
    func accessibility() throws {
        let html = Self.render(publicMode: true, effects: true)
        let tags = try dashboardParseTags(html)
        let charts = Self.charts(tags)
        #expect(charts.count == 3, "two helpline charts and the uplift chart")
        for chart in charts {
            #expect(chart.attributes["role"] == "img")
            let ids = (chart.attributes["aria-labelledby"] ?? "").split(separator: " ").map(String.init)
            #expect(ids.count == 2)
            let title = try #require(
                tags.first { $0.name == "title" && $0.attributes["id"] == ids.first })
            let desc = try #require(tags.first { $0.name == "desc" && $0.attributes["id"] == ids.last })
            #expect(title.start > chart.start && desc.start > chart.start)
            #expect(dashboardInnerText(html, of: desc, in: tags).count > 80)
        }
        let desc1712 = dashboardInnerText(
            html, of: tags.first { $0.name == "desc" && $0.attributes["id"] == "chart-1-desc" }!, in: tags
        )
        #expect(
            desc1712.contains("Line chart of monthly contacts to helpline 1712 from Jan 2022 to Dec 2023")
        )
        #expect(desc1712.contains("Lijn 1712, bestemming Veilige thuis (Mar 2023 to May 2023)"))
        #expect(desc1712.contains("&lt;10"))
        // A table per helpline chart, with a caption and header cells with scope.
        let tables = tags.filter { $0.name == "table" && !$0.isClosing }
        #expect(tables.count == 3, "two data tables and the campaign table")
        #expect(tags.filter { $0.name == "caption" && !$0.isClosing }.count == 3)
        #expect(
            tags.filter { $0.name == "th" && !$0.isClosing }.allSatisfy { $0.attributes["scope"] != nil })
        // Legend swatches are hidden from assistive technology; the legend text names each series.
        #expect(
            tags.filter { $0.name == "svg" && $0.attributes["class"] == "swatch" }.allSatisfy {
                $0.attributes["aria-hidden"] == "true"
            })
    }

    @Test("uses series colours with at least 4.5:1 contrast on white and distinct dash patterns")
    func contrast() {
        func luminance(_ hex: String) -> Double {
            let value = Int(hex.dropFirst(), radix: 16)!
            let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map {
                Double($0) / 255
            }
            let linear = channels.map { $0 <= 0.03928 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
            return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
        }
        for colour in ChartStyle.palette + [
            ChartStyle.total.colour, ChartStyle.axisText, ChartStyle.baselineColour,
        ] {
            let ratio = 1.05 / (luminance(colour) + 0.05)
            #expect(ratio >= 4.5, "\(colour): \(ratio)")
        }
        #expect(Set(ChartStyle.dashes).count == ChartStyle.dashes.count)
    }

    @Test("in internal mode shows every count, small ones included")
    func internalMode() throws {
        let html = Self.render(publicMode: false)
        let tags = try dashboardParseTags(html)
        let row = try #require(Self.tableRow(html, tags, helplineTable: 0, month: "Jan 2022"))
        #expect(row == ["603", "600", "3", "–", "–", ""] || row == ["600", "3", "603", "–", "–", ""])
        #expect(!html.contains("&lt;10 contacts"))
        #expect(html.contains("Internal view"))
    }

    /// The cells of one data-table row (after the month header), unescaped text.
    static func tableRow(_ html: String, _ tags: [DashboardTag], helplineTable: Int, month: String)
        -> [String]?
    {
        let tables = tags.filter { $0.name == "table" && !$0.isClosing }
        guard helplineTable < tables.count else { return nil }
        let table = tables[helplineTable]
        let tableEnd = tags.first { $0.name == "table" && $0.isClosing && $0.start > table.start }!
            .start
        let rows = tags.filter {
            $0.name == "tr" && !$0.isClosing && $0.start > table.start && $0.start < tableEnd
        }
        for tr in rows {
            let cells = tags.filter {
                ($0.name == "td" || $0.name == "th") && !$0.isClosing && $0.start > tr.start
            }
            guard let header = cells.first,
                dashboardVisibleText(dashboardInnerText(html, of: header, in: tags)) == month
            else { continue }
            let rowEnd = tags.first { $0.name == "tr" && $0.isClosing && $0.start > tr.start }!.start
            return cells.dropFirst().filter { $0.start < rowEnd }.map {
                dashboardVisibleText(dashboardInnerText(html, of: $0, in: tags)).replacingOccurrences(
                    of: "&lt;", with: "<")
            }
        }
        return nil
    }

    @Test(
        "in public mode shows counts below 10 as <10, in tables, tooltips and the text alternative, never their value"
    )
    func publicSmallCounts() throws {
        let html = Self.render(publicMode: true)
        let tags = try dashboardParseTags(html)
        // Columns: phone, chat, total, vs previous month, vs last year, campaigns.
        let january = try #require(Self.tableRow(html, tags, helplineTable: 0, month: "Jan 2022"))
        #expect(january == ["600", "<10", "x", "–", "–", ""])
        let april = try #require(Self.tableRow(html, tags, helplineTable: 0, month: "Apr 2022"))
        #expect(
            april == ["630", "43", "673", "–", "–", ""],
            "March's total is withheld, so April's change is too")
        // Tooltips: the hidden chat points say <10 and sit on the threshold line, not at 3, 4, 5.
        let suppressed = tags.filter { $0.name == "circle" && $0.attributes["class"] == "suppressed" }
        #expect(suppressed.count == 3)
        #expect(Set(suppressed.map { $0.attributes["cy"]! }).count == 1)
        let tooltip = dashboardInnerText(
            html, of: tags.first { $0.name == "title" && $0.start > suppressed[0].start }!, in: tags)
        #expect(tooltip == "Chat, Jan 2022: &lt;10 contacts (not shown)")
        for small in ["Chat, Jan 2022: 3 ", "Chat, Feb 2022: 4 ", "Chat, Mar 2022: 5 ", "Total, Jan 2022: 603 "] {
            #expect(!html.contains(small))
        }
        #expect(html.contains("counts below 10 are shown as &lt;10"))
    }

    @Test("in public mode hides the total of a month with a small channel, so the channel cannot be worked out from it")
    func publicSecondarySuppression() throws {
        let html = Self.render(publicMode: true)
        let tags = try dashboardParseTags(html)
        for month in ["Jan 2022", "Feb 2022", "Mar 2022"] {
            let row = try #require(Self.tableRow(html, tags, helplineTable: 0, month: month))
            #expect(row[1] == "<10" && row[2] == "x", "\(month): \(row)")
            #expect(Int(row[0].replacingOccurrences(of: ",", with: "")) != nil, "the phone count stays")
        }
        // The total line has a gap there: its first drawn point is April 2022.
        let totalTitles = tags.filter { $0.name == "title" }.map {
            dashboardInnerText(html, of: $0, in: tags)
        }.filter { $0.hasPrefix("Total, ") }
        #expect(totalTitles.first?.hasPrefix("Total, Apr 2022") == true)
    }

    @Test("in public mode leaves out a percentage whose base or value is hidden")
    func publicPercentages() throws {
        var counts: [DashboardData.MonthlyCount] = []
        for (month, n) in [
            ("2022-01", 8), ("2022-02", 30), ("2022-03", 45), ("2023-01", 40), ("2023-02", 6),
        ] {
            counts.append(.init(month: month, helpline: "small", channel: "chat", contacts: n))
        }
        let data = DashboardData(
            generatedAt: Date(timeIntervalSince1970: 0), from: "2022-01", to: "2023-02", counts: counts)
        let internalHTML = DashboardPage.render(data, options: .init(publicMode: false))
        let internalTags = try dashboardParseTags(internalHTML)
        #expect(
            Self.tableRow(internalHTML, internalTags, helplineTable: 0, month: "Feb 2022")?[1]
                == "+275.0%")
        #expect(
            Self.tableRow(internalHTML, internalTags, helplineTable: 0, month: "Jan 2023")?[2]
                == "+400.0%")
        let html = DashboardPage.render(data, options: .init(publicMode: true))
        let tags = try dashboardParseTags(html)
        #expect(
            Self.tableRow(html, tags, helplineTable: 0, month: "Jan 2022") == ["<10", "–", "–", ""])
        #expect(
            Self.tableRow(html, tags, helplineTable: 0, month: "Feb 2022") == ["30", "–", "–", ""],
            "base January is <10")
        #expect(
            Self.tableRow(html, tags, helplineTable: 0, month: "Mar 2022") == ["45", "+50.0%", "–", ""])
        #expect(
            Self.tableRow(html, tags, helplineTable: 0, month: "Jan 2023") == ["40", "–", "–", ""],
            "base January 2022 is <10")
        #expect(
            Self.tableRow(html, tags, helplineTable: 0, month: "Feb 2023") == ["<10", "–", "–", ""],
            "the value itself is hidden")
        #expect(
            tags.filter { $0.name == "td" && $0.attributes["class"] == "num suppressed-percent" }.count
                == 4)
        #expect(!html.contains("+275.0%") && !html.contains("+400.0%") && !html.contains("-85.0%"))
    }

    @Test(
        "with effects: draws the expected baseline band and each campaign's uplift with its interval, and the cost per extra contact"
    )
    func effects() throws {
        let html = Self.render(effects: true)
        let tags = try dashboardParseTags(html)
        #expect(
            tags.filter { $0.name == "polygon" && $0.attributes["class"] == "baseline-band" }.count == 1)
        #expect(
            tags.filter { $0.name == "path" && $0.attributes["class"] == "baseline-line" }.count == 1)
        let effects = tags.filter { $0.name == "g" && $0.attributes["class"] == "effect" }
        #expect(effects.map { $0.attributes["data-campaign"]! } == ["lijn", "evil&quot;&lt;id&gt;"])
        #expect(
            html.contains(
                "Lijn 1712, bestemming Veilige thuis: +412 extra contacts, 95% interval +230 to +590"))
        #expect(html.contains("(the interval includes no effect)"))
        // Cost per extra contact: 25,000 / 412 with interval [25,000/590, 25,000/230]; not estimable when the interval crosses 0.
        #expect(html.contains("€60.68 <span class=\"interval\">(€42.37 to €109)</span>"))
        #expect(html.contains("not estimable"))
        #expect(html.contains("+18.5%"))
        // Without effects: no uplift chart, no effect columns.
        let plain = Self.render()
        #expect(!plain.contains("class=\"effect\"") && !plain.contains("baseline-band"))
        #expect(plain.contains("effects not estimated yet"))
    }

    @Test("in public mode does not show an effect estimated on fewer than 10 observed contacts")
    func publicSmallEffects() throws {
        var data = dashboardFixtureData(effects: true)
        data.effects[1].observedContacts = 7
        let html = DashboardPage.render(data, options: .init(publicMode: true))
        _ = try dashboardParseTags(html)
        let tags = try dashboardParseTags(html)
        #expect(tags.filter { $0.name == "g" && $0.attributes["class"] == "effect" }.count == 1)
        #expect(html.contains("not shown: fewer than 10 contacts in the window"))
    }

    @Test("lists the campaigns in a table with dates, channels, cost and reach")
    func campaignTable() throws {
        let html = Self.render()
        let tags = try dashboardParseTags(html)
        let rows = tags.filter { $0.name == "tr" && $0.attributes["data-campaign"] != nil }
        #expect(
            rows.map { $0.attributes["data-campaign"]! } == ["old", "evil&quot;&lt;id&gt;", "lijn"])
        #expect(html.contains("1\u{A0}Mar\u{A0}2023 – 31\u{A0}May\u{A0}2023"))
        #expect(html.contains("bus_tram (Vlaanderen)"))
        #expect(html.contains("€9,982") && html.contains("406,000"))
    }

    @Test("renders an empty data set as a valid page that says so")
    func empty() throws {
        let html = DashboardPage.render(DashboardData(counts: []), options: .init(publicMode: true))
        _ = try dashboardParseTags(html)
        #expect(html.contains("No contacts recorded"))
    }

    @Test("the well-formedness check rejects broken markup")
    func checkerRejects() {
        for bad in ["<a><b></a>", "<a>x < y</a>", "<a x=1></a>", "<a>&nbsp;</a>", "<a>&amp</a>", "<a>"] {
            #expect(throws: DashboardMarkupError.self, "\(bad)") { try dashboardParseTags(bad) }
        }
    }
}
