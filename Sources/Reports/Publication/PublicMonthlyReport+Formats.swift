import Disclosure
import Foundation

extension PublicMonthlyReport: Encodable {
    enum Keys: String, CodingKey { case generatedAt, lastPublishableMonth, embargoDays, disclosure, rows }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(ReportText.iso8601(generatedAt), forKey: .generatedAt)
        try c.encode(lastPublishableMonth, forKey: .lastPublishableMonth)
        try c.encode(embargoDays, forKey: .embargoDays)
        try c.encode(Self.disclosureNote, forKey: .disclosure)
        try c.encode(rows, forKey: .rows)
    }

    static let disclosureNote =
        "Public figures (docs/DISCLOSURE.md): a count below the threshold is shown as <threshold, a count from which such a count "
        + "could be worked out as x; percentages only where both months are shown; each month was decided once, when it was released."
}

extension PublicMonthlyReport.Row: Encodable {
    enum Keys: String, CodingKey {
        case month, helpline, channel, contacts, shownAs, withheld, threshold, previousMonthContacts, changeVsPreviousMonthPercent
        case sameMonthLastYearContacts, changeVsSameMonthLastYearPercent
    }

    /// `contacts` is the count or null; `shownAs` what a reader sees (`710`, `<10`, `x`); the earlier months as they
    /// were shown (text), null when not released.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(month, forKey: .month)
        try c.encode(helpline, forKey: .helpline)
        try c.encode(channel, forKey: .channel)
        try c.encode(contacts.value, forKey: .contacts)
        try c.encode(contacts.label(threshold: threshold), forKey: .shownAs)
        try c.encode(contacts.reason?.rawValue, forKey: .withheld)
        try c.encode(threshold, forKey: .threshold)
        try c.encode(previousMonthLabel, forKey: .previousMonthContacts)
        try c.encode(changeVsPreviousMonthPercent, forKey: .changeVsPreviousMonthPercent)
        try c.encode(sameMonthLastYearLabel, forKey: .sameMonthLastYearContacts)
        try c.encode(changeVsSameMonthLastYearPercent, forKey: .changeVsSameMonthLastYearPercent)
    }
}

extension PublicMonthlyReport {
    static let columns = ["month", "helpline", "channel", "contacts", "prev. month", "change %", "same month last year", "change YoY %"]

    func cells(_ row: Row) -> [String] {
        [
            row.month, row.helpline, row.channel, row.contacts.label(threshold: row.threshold),
            row.previousMonthLabel ?? "–", ReportText.percent(row.changeVsPreviousMonthPercent),
            row.sameMonthLastYearLabel ?? "–", ReportText.percent(row.changeVsSameMonthLastYearPercent),
        ]
    }

    var intro: String {
        "Generated \(ReportText.iso8601(generatedAt)). Released months up to \(lastPublishableMonth) (a month is released \(embargoDays) "
            + "days after it ends). Contacts are offered contacts (received, answered or not). " + Self.disclosureNote
    }

    /// The report in `format`, ending with a newline.
    public func rendered(as format: ReportFormat) throws -> String {
        switch format {
        case .json:
            return try ReportText.json(self)
        case .csv:
            var lines = [
                "month,helpline,channel,contacts,shown_as,withheld,threshold,previous_month_contacts,change_vs_previous_month_pct,"
                    + "same_month_last_year_contacts,change_vs_same_month_last_year_pct"
            ]
            for row in rows {
                lines.append(
                    [
                        row.month, row.helpline, row.channel, ReportText.int(row.contacts.value, empty: ""),
                        row.contacts.label(threshold: row.threshold),
                        row.contacts.reason?.rawValue ?? "", String(row.threshold), row.previousMonthLabel ?? "",
                        ReportText.number(row.changeVsPreviousMonthPercent), row.sameMonthLastYearLabel ?? "",
                        ReportText.number(row.changeVsSameMonthLastYearPercent),
                    ].map(ReportText.csvField).joined(separator: ","))
            }
            return lines.joined(separator: "\n") + "\n"
        case .markdown:
            return "# Monthly contacts (public)\n\n\(intro)\n\n" + ReportText.markdownTable(header: Self.columns, rows: rows.map(cells))
        case .table:
            return ReportText.textTable(header: Self.columns, rows: rows.map(cells))
        case .html:
            let data = DashboardData(publication: publication, campaigns: [], from: nil, to: nil, generatedAt: generatedAt)
            return MonthlyReport.htmlDocument(data: data, intro: intro, columns: Self.columns, rows: rows.map(cells), numeric: 3...7)
        }
    }
}
