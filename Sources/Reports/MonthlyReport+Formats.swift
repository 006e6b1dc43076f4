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
    }
}

extension MonthlyReport {
    static let columns = [
        "month", "helpline", "channel", "contacts", "prev. month", "change %", "per-day change %", "same month last year", "change YoY %",
        "answered", "abandoned", "active campaigns",
    ]

    func cells(_ row: Row) -> [String] {
        [
            row.month + (row.partial ? " (partial)" : ""), row.helpline, row.channel, String(row.contacts),
            ReportText.int(row.previousMonthContacts), ReportText.percent(row.changeVsPreviousMonthPercent),
            ReportText.percent(row.perDayChangeVsPreviousMonthPercent), ReportText.int(row.sameMonthLastYearContacts),
            ReportText.percent(row.changeVsSameMonthLastYearPercent), String(row.answered), String(row.abandoned),
            row.activeCampaigns.joined(separator: " "),
        ]
    }

    /// The report in `format`, ending with a newline.
    public func rendered(as format: ReportFormat) throws -> String {
        switch format {
        case .json:
            return try ReportText.json(self)
        case .csv:
            var lines = [
                "month,helpline,channel,contacts,previous_month_contacts,change_vs_previous_month_pct,per_day_change_vs_previous_month_pct,"
                    + "same_month_last_year_contacts,change_vs_same_month_last_year_pct,answered,abandoned,active_campaigns,partial"
            ]
            for row in rows {
                lines.append(
                    [
                        row.month, row.helpline, row.channel, String(row.contacts), ReportText.int(row.previousMonthContacts, empty: ""),
                        ReportText.number(row.changeVsPreviousMonthPercent), ReportText.number(row.perDayChangeVsPreviousMonthPercent),
                        ReportText.int(row.sameMonthLastYearContacts, empty: ""), ReportText.number(row.changeVsSameMonthLastYearPercent),
                        String(row.answered), String(row.abandoned), row.activeCampaigns.joined(separator: " "), row.partial ? "true" : "false",
                    ].map(ReportText.csvField).joined(separator: ","))
            }
            return lines.joined(separator: "\n") + "\n"
        case .markdown:
            var out = "# Monthly contacts\n\nGenerated \(ReportText.iso8601(generatedAt)); days in \(timeZone) time. "
            out += "Contacts are offered contacts (received, answered or not). Per-day change corrects for month length.\n\n"
            out += ReportText.markdownTable(header: Self.columns, rows: rows.map(cells))
            return out
        case .table:
            return ReportText.textTable(header: Self.columns, rows: rows.map(cells))
        case .html:
            return renderedHTML()
        }
    }
}
