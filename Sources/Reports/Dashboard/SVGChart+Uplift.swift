import Foundation

/// Each campaign's estimated extra contacts as a dot with a whisker for its interval, against a zero line.
struct UpliftChart {
    struct Row {
        /// The campaign's name.
        var name: String
        /// Where the effect was measured (`1712, phone`), or empty.
        var scope: String

        var label: String { scope.isEmpty ? name : "\(name) (\(scope))" }

        /// The label in at most `limit` characters, shortening the name and keeping the scope whole.
        func label(limit: Int) -> String {
            guard label.count > limit else { return label }
            if scope.isEmpty { return HTML.truncated(name, to: limit) }
            return HTML.truncated(name, to: max(8, limit - scope.count - 3)) + " (\(scope))"
        }
        var effect: DashboardData.CampaignEffect
    }

    var rows: [Row]
    var id: String

    static let width = 560.0
    static let rowHeight = 50.0
    static let fontSize = 15.0
    static let left = 12.0
    static let right = 548.0

    /// Each row: the campaign (and where it was measured) on a line of its own with the estimate at the right, and
    /// the whisker across the full width beneath it, so labels are never cut short on a phone.
    func render() -> String {
        let c = DashboardFormat.coordinate
        let top = 8.0
        let bottom = top + Double(rows.count) * Self.rowHeight
        let height = bottom + 44
        let low = min(0, rows.map(\.effect.extraContactsLower).min() ?? 0)
        let high = max(0, rows.map(\.effect.extraContactsUpper).max() ?? 0)
        let step = ChartStyle.niceStep(for: max(high - low, 1), ticks: 4)
        let domainLow = (low / step).rounded(.down) * step
        let domainHigh = max(domainLow + step, (high / step).rounded(.up) * step)
        let plotLeft = Self.left + 16
        let plotRight = Self.right - 16
        func x(_ v: Double) -> Double { plotLeft + (v - domainLow) / (domainHigh - domainLow) * (plotRight - plotLeft) }

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart uplift\" id=\"\(id)\" "
        svg += "viewBox=\"0 0 \(c(Self.width)) \(c(height))\" width=\"100%\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" "
        svg += "font-size=\"\(c(Self.fontSize))\">"
        svg += "<title id=\"\(id)-title\">Extra contacts per campaign, with intervals</title>"
        svg += "<desc id=\"\(id)-desc\">\(HTML.escape(description()))</desc>"
        svg += "<g class=\"axis\" fill=\"\(ChartStyle.axisText)\">"
        var tick = domainLow
        while tick <= domainHigh + 0.001 {
            svg += "<line x1=\"\(c(x(tick)))\" y1=\"\(c(top))\" x2=\"\(c(x(tick)))\" y2=\"\(c(bottom))\" stroke=\"\(ChartStyle.grid)\"/>"
            svg += "<text x=\"\(c(x(tick)))\" y=\"\(c(bottom + 18))\" text-anchor=\"middle\">\(DashboardFormat.signed(tick))</text>"
            tick += step
        }
        svg += "<line x1=\"\(c(x(0)))\" y1=\"\(c(top))\" x2=\"\(c(x(0)))\" y2=\"\(c(bottom))\" stroke=\"\(ChartStyle.axisText)\" "
        svg += "stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>"
        svg += "<text x=\"\(c(Self.left))\" y=\"\(c(bottom + 38))\" font-size=\"\(c(Self.fontSize - 2))\">"
        svg += "Extra contacts attributed to the campaign (0 = no effect)</text></g>"
        for (i, row) in rows.enumerated() {
            let e = row.effect
            let rowTop = top + Double(i) * Self.rowHeight
            let cy = rowTop + 34
            let value = HTML.escape(Self.valueText(e))
            let labelRoom = Int(
                (Self.right - Self.left - ChartStyle.textWidth(Self.valueText(e), fontSize: Self.fontSize) - 16) / (Self.fontSize * 0.56))
            svg += "<g class=\"effect\" data-campaign=\"\(HTML.escape(e.campaignID))\">"
            svg += "<title>\(HTML.escape(Self.sentence(row)))</title>"
            svg += "<text x=\"\(c(Self.left))\" y=\"\(c(rowTop + 16))\" fill=\"#1a1a1a\">"
            svg += "\(HTML.escape(row.label(limit: max(16, labelRoom))))</text>"
            svg += "<text x=\"\(c(Self.right))\" y=\"\(c(rowTop + 16))\" text-anchor=\"end\" fill=\"#1a1a1a\" font-weight=\"bold\">\(value)</text>"
            svg += "<line x1=\"\(c(x(e.extraContactsLower)))\" y1=\"\(c(cy))\" x2=\"\(c(x(e.extraContactsUpper)))\" y2=\"\(c(cy))\" "
            svg += "stroke=\"#005a9c\" stroke-width=\"2.5\"/>"
            for end in [e.extraContactsLower, e.extraContactsUpper] {
                svg +=
                    "<line x1=\"\(c(x(end)))\" y1=\"\(c(cy - 7))\" x2=\"\(c(x(end)))\" y2=\"\(c(cy + 7))\" stroke=\"#005a9c\" stroke-width=\"2.5\"/>"
            }
            svg += "<circle cx=\"\(c(x(e.extraContacts)))\" cy=\"\(c(cy))\" r=\"6\" fill=\"#005a9c\"/>"
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
