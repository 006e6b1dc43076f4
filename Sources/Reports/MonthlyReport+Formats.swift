import Foundation

/// Output formats of the reports.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table, csv, json, markdown
    /// A self-contained HTML page with SVG charts (monthly report only).
    case html
}

extension MonthlyReport: Encodable {
    enum Keys: String, CodingKey { case generatedAt, timeZone, rows }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(ReportText.iso8601(generatedAt), forKey: .generatedAt)
        try c.encode(timeZone, forKey: .timeZone)
        try c.encode(rows, forKey: .rows)
    }
}

extension MonthlyReport.Row: Encodable {
    enum Keys: String, CodingKey {
        case month, helpline, channel, contacts, answered, abandoned, previousMonthContacts, changeVsPreviousMonthPercent
        case sameMonthLastYearContacts, changeVsSameMonthLastYearPercent, perDayChangeVsPreviousMonthPercent, activeCampaigns, partial
        case rateChangeVsPreviousMonth, rateChangeVsSameMonthLastYear
    }

    /// Missing values are written as `null`, never left out: the field list is the contract.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(month, forKey: .month)
        try c.encode(helpline, forKey: .helpline)
        try c.encode(channel, forKey: .channel)
        try c.encode(contacts, forKey: .contacts)
        try c.encode(answered, forKey: .answered)
        try c.encode(abandoned, forKey: .abandoned)
        try c.encode(previousMonthContacts, forKey: .previousMonthContacts)
        try c.encode(changeVsPreviousMonthPercent, forKey: .changeVsPreviousMonthPercent)
        try c.encode(sameMonthLastYearContacts, forKey: .sameMonthLastYearContacts)
        try c.encode(changeVsSameMonthLastYearPercent, forKey: .changeVsSameMonthLastYearPercent)
        try c.encode(perDayChangeVsPreviousMonthPercent, forKey: .perDayChangeVsPreviousMonthPercent)
        try c.encode(activeCampaigns, forKey: .activeCampaigns)
        try c.encode(partial, forKey: .partial)
        try c.encode(rateChangeVsPreviousMonth, forKey: .rateChangeVsPreviousMonth)
        try c.encode(rateChangeVsSameMonthLastYear, forKey: .rateChangeVsSameMonthLastYear)
    }
}

extension RateChange: Encodable {
    enum Keys: String, CodingKey {
        case contacts, days, baseContacts, baseDays, ratio, low, high, percent, percentLow, percentHigh, withinNormalVariation
        case dispersion, serialCorrelationInflation
    }

    public func encode(to encoder: any Encoder) throws {
        func rounded(_ value: Double?, _ digits: Double) -> Double? { value.map { ($0 * digits).rounded() / digits } }
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(contacts, forKey: .contacts)
        try c.encode(days, forKey: .days)
        try c.encode(baseContacts, forKey: .baseContacts)
        try c.encode(baseDays, forKey: .baseDays)
        try c.encode(rounded(ratio, 10_000), forKey: .ratio)
        try c.encode(rounded(low, 10_000), forKey: .low)
        try c.encode(rounded(high, 10_000), forKey: .high)
        try c.encode(rounded(percent, 10), forKey: .percent)
        try c.encode(rounded(percentLow, 10), forKey: .percentLow)
        try c.encode(rounded(percentHigh, 10), forKey: .percentHigh)
        try c.encode(withinNormalVariation, forKey: .withinNormalVariation)
        try c.encode(rounded(dispersion, 1000), forKey: .dispersion)
        try c.encode(rounded(serialCorrelationInflation, 1000), forKey: .serialCorrelationInflation)
    }

    /// `+13.1% (-3.0 to +31.8), within normal variation`; without an interval only the change.
    var text: String {
        guard let percentLow, let percentHigh else { return ReportText.percent(percent) }
        func signed(_ value: Double) -> String { (value > 0 ? "+" : "") + String(format: "%.1f", value) }
        return ReportText.percent(percent) + " (\(signed(percentLow)) to \(signed(percentHigh)))"
            + (withinNormalVariation == true ? ", within normal variation" : "")
    }
}

extension MonthlyReport {
    static let columns = [
        "month", "helpline", "channel", "contacts", "prev. month", "change %", "per-day change (95% interval)", "same month last year",
        "change YoY %", "per-day change YoY (95% interval)", "answered", "abandoned", "active campaigns",
    ]

    func cells(_ row: Row) -> [String] {
        [
            row.month + (row.partial ? " (partial)" : ""), row.helpline, row.channel, String(row.contacts),
            ReportText.int(row.previousMonthContacts), ReportText.percent(row.changeVsPreviousMonthPercent),
            row.rateChangeVsPreviousMonth?.text ?? "–", ReportText.int(row.sameMonthLastYearContacts),
            ReportText.percent(row.changeVsSameMonthLastYearPercent), row.rateChangeVsSameMonthLastYear?.text ?? "–",
            String(row.answered), String(row.abandoned),
            row.activeCampaigns.joined(separator: " "),
        ]
    }

    /// What the per-day change columns mean, for the Markdown and HTML introductions.
    static let rateChangeNote =
        "Per-day changes compare daily rates (so month length and leap years are not changes; the current month is compared on its "
        + "complete days with the same days of the base month), with a 95% interval for day-to-day noise: \"within normal variation\" "
        + "means the interval includes no change."

    /// The report in `format`, ending with a newline.
    public func rendered(as format: ReportFormat) throws -> String {
        switch format {
        case .json:
            return try ReportText.json(self)
        case .csv:
            var lines = [
                "month,helpline,channel,contacts,previous_month_contacts,change_vs_previous_month_pct,per_day_change_vs_previous_month_pct,"
                    + "same_month_last_year_contacts,change_vs_same_month_last_year_pct,answered,abandoned,active_campaigns,partial,"
                    + "rate_change_vs_previous_month_pct,rate_change_vs_previous_month_low_pct,rate_change_vs_previous_month_high_pct,"
                    + "rate_change_vs_previous_month_within_normal_variation,rate_change_vs_same_month_last_year_pct,"
                    + "rate_change_vs_same_month_last_year_low_pct,rate_change_vs_same_month_last_year_high_pct,"
                    + "rate_change_vs_same_month_last_year_within_normal_variation"
            ]
            func rate(_ change: RateChange?) -> [String] {
                [
                    ReportText.number(change?.percent), ReportText.number(change?.percentLow), ReportText.number(change?.percentHigh),
                    change?.withinNormalVariation.map { $0 ? "true" : "false" } ?? "",
                ]
            }
            for row in rows {
                lines.append(
                    ([
                        row.month, row.helpline, row.channel, String(row.contacts), ReportText.int(row.previousMonthContacts, empty: ""),
                        ReportText.number(row.changeVsPreviousMonthPercent), ReportText.number(row.perDayChangeVsPreviousMonthPercent),
                        ReportText.int(row.sameMonthLastYearContacts, empty: ""), ReportText.number(row.changeVsSameMonthLastYearPercent),
                        String(row.answered), String(row.abandoned), row.activeCampaigns.joined(separator: " "), row.partial ? "true" : "false",
                    ] + rate(row.rateChangeVsPreviousMonth) + rate(row.rateChangeVsSameMonthLastYear)).map(ReportText.csvField).joined(separator: ",")
                )
            }
            return lines.joined(separator: "\n") + "\n"
        case .markdown:
            var out = "# Monthly contacts\n\nGenerated \(ReportText.iso8601(generatedAt)); days in \(timeZone) time. "
            out += "Contacts are offered contacts (received, answered or not). \(Self.rateChangeNote)\n\n"
            out += ReportText.markdownTable(header: Self.columns, rows: rows.map(cells))
            return out
        case .table:
            return ReportText.textTable(header: Self.columns, rows: rows.map(cells))
        case .html:
            return renderedHTML()
        }
    }
}
