import Foundation

/// Each campaign's estimated extra contacts as a dot with a whisker for its interval, against a zero line.
struct UpliftChart {
    struct Row {
        var label: String
        var effect: DashboardData.CampaignEffect
    }

    var rows: [Row]
    var id: String

    static let width = 640.0
    static let labelWidth = 210.0
    static let valueWidth = 150.0
    static let rowHeight = 30.0
    static let fontSize = 13.0

    func render() -> String {
        let c = DashboardFormat.coordinate
        let top = 12.0
        let plotLeft = Self.labelWidth
        let plotRight = Self.width - Self.valueWidth
        let height = top + Double(rows.count) * Self.rowHeight + 36
        let bottom = top + Double(rows.count) * Self.rowHeight
        let low = min(0, rows.map(\.effect.extraContactsLower).min() ?? 0)
        let high = max(0, rows.map(\.effect.extraContactsUpper).max() ?? 0)
        let step = ChartStyle.niceStep(for: max(high - low, 1), ticks: 4)
        let domainLow = (low / step).rounded(.down) * step
        let domainHigh = max(domainLow + step, (high / step).rounded(.up) * step)
        func x(_ v: Double) -> Double {
            plotLeft + (v - domainLow) / (domainHigh - domainLow) * (plotRight - plotLeft)
        }

        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart uplift\" id=\"\(id)\" viewBox=\"0 0 \(c(Self.width)) \(c(height))\" "
        svg +=
            "width=\"100%\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" font-size=\"\(c(Self.fontSize))\">"
        svg += "<title id=\"\(id)-title\">Extra contacts per campaign, with intervals</title>"
        svg += "<desc id=\"\(id)-desc\">\(HTML.escape(description()))</desc>"
        svg += "<g class=\"axis\" fill=\"\(ChartStyle.axisText)\">"
        var tick = domainLow
        while tick <= domainHigh + 0.001 {
            svg +=
                "<line x1=\"\(c(x(tick)))\" y1=\"\(c(top))\" x2=\"\(c(x(tick)))\" y2=\"\(c(bottom))\" stroke=\"\(ChartStyle.grid)\"/>"
            svg +=
                "<text x=\"\(c(x(tick)))\" y=\"\(c(bottom + 16))\" text-anchor=\"middle\">\(DashboardFormat.signed(tick))</text>"
            tick += step
        }
        svg +=
            "<line x1=\"\(c(x(0)))\" y1=\"\(c(top - 4))\" x2=\"\(c(x(0)))\" y2=\"\(c(bottom))\" stroke=\"\(ChartStyle.axisText)\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>"
        svg +=
            "<text x=\"\(c(plotLeft))\" y=\"\(c(bottom + 32))\" font-size=\"\(c(Self.fontSize - 1))\">Extra contacts attributed to the campaign (0 = no effect)</text>"
        svg += "</g>"
        for (i, row) in rows.enumerated() {
            let e = row.effect
            let cy = top + (Double(i) + 0.5) * Self.rowHeight
            svg += "<g class=\"effect\" data-campaign=\"\(HTML.escape(e.campaignID))\">"
            svg += "<title>\(HTML.escape(Self.sentence(row)))</title>"
            svg +=
                "<text x=\"\(c(plotLeft - 8))\" y=\"\(c(cy + 4))\" text-anchor=\"end\" fill=\"#1a1a1a\">\(HTML.escape(HTML.truncated(row.label, to: 28)))</text>"
            svg +=
                "<line x1=\"\(c(x(e.extraContactsLower)))\" y1=\"\(c(cy))\" x2=\"\(c(x(e.extraContactsUpper)))\" y2=\"\(c(cy))\" stroke=\"#005a9c\" stroke-width=\"2\"/>"
            for end in [e.extraContactsLower, e.extraContactsUpper] {
                svg +=
                    "<line x1=\"\(c(x(end)))\" y1=\"\(c(cy - 6))\" x2=\"\(c(x(end)))\" y2=\"\(c(cy + 6))\" stroke=\"#005a9c\" stroke-width=\"2\"/>"
            }
            svg += "<circle cx=\"\(c(x(e.extraContacts)))\" cy=\"\(c(cy))\" r=\"5\" fill=\"#005a9c\"/>"
            svg +=
                "<text x=\"\(c(plotRight + 8))\" y=\"\(c(cy + 4))\" fill=\"#1a1a1a\">\(HTML.escape(Self.valueText(e)))</text>"
            svg += "</g>"
        }
        svg += "</svg>"
        return svg
    }

    /// `+412 (230 to 590)`.
    static func valueText(_ e: DashboardData.CampaignEffect) -> String {
        "\(DashboardFormat.signed(e.extraContacts)) (\(DashboardFormat.signed(e.extraContactsLower)) to \(DashboardFormat.signed(e.extraContactsUpper)))"
    }

    static func sentence(_ row: Row) -> String {
        let e = row.effect
        var text =
            "\(row.label): \(DashboardFormat.signed(e.extraContacts)) extra contacts, \(e.intervalLevel) interval "
        text +=
            "\(DashboardFormat.signed(e.extraContactsLower)) to \(DashboardFormat.signed(e.extraContactsUpper))"
        if e.extraContactsLower <= 0 && e.extraContactsUpper >= 0 {
            text += " (the interval includes no effect)"
        }
        return text
    }

    func description() -> String {
        "Dot-and-whisker chart: for each campaign, the estimated number of extra contacts (dot) and its interval (whisker). "
            + rows.map(Self.sentence).joined(separator: "; ") + "."
    }
}
