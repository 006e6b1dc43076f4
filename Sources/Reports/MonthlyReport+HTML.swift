import Foundation

extension MonthlyReport {
    /// The report as a self-contained HTML5 document (inline CSS and SVG, no scripts, no external assets): one chart
    /// per helpline, the same as the dashboard's, then the full monthly table. Every figure is shown: an internal
    /// report (`report monthly --public --format html` is the public one, `PublicMonthlyReport`).
    ///
    /// - Parameter campaigns: campaigns to shade, with names and dates. Without them the bands come from each row's
    ///   `activeCampaigns` (labelled by id, spanning the months where the campaign was active).
    public func renderedHTML(campaigns: [DashboardData.Campaign]? = nil) -> String {
        let data = dashboardData(campaigns: campaigns)
        let table = rows.map { row in
            [
                row.month + (row.partial ? " (partial)" : ""), row.helpline, row.channel, DashboardFormat.int(row.contacts),
                row.previousMonthContacts.map(DashboardFormat.int) ?? "–", ReportText.percent(row.changeVsPreviousMonthPercent),
                row.rateChangeVsPreviousMonth?.text ?? "–", row.sameMonthLastYearContacts.map(DashboardFormat.int) ?? "–",
                ReportText.percent(row.changeVsSameMonthLastYearPercent), row.rateChangeVsSameMonthLastYear?.text ?? "–",
                DashboardFormat.int(row.answered), DashboardFormat.int(row.abandoned), row.activeCampaigns.joined(separator: " "),
            ]
        }
        return Self.htmlDocument(
            data: data,
            intro: "Generated \(ReportText.iso8601(generatedAt)); days in \(timeZone) time. "
                + "Contacts are offered contacts (received, answered or not). \(Self.rateChangeNote)",
            columns: Self.columns, rows: table, numeric: 3...11)
    }

    /// A monthly report page: the intro, one chart per helpline of `data`, then `rows` under `columns` (the first
    /// column is the row header; `numeric` are right-aligned).
    static func htmlDocument(data: DashboardData, intro: String, columns: [String], rows: [[String]], numeric: ClosedRange<Int>) -> String {
        var body = "<header><h1>Monthly contacts</h1><p class=\"intro\">\(HTML.escape(intro))</p>"
        body += DashboardPage.modeNote(DashboardPage.pageSuppression(data)) + "</header><main>"
        body += "<section aria-labelledby=\"charts-heading\"><h2 id=\"charts-heading\">Charts</h2>"
        body += DashboardPage.helplineSections(data, suppression: DashboardPage.pageSuppression(data), headingLevel: 3) + "</section>"
        body += "<section aria-labelledby=\"table-heading\"><h2 id=\"table-heading\">Table</h2><div class=\"scroll\">"
        body += "<table class=\"monthly\"><caption>Monthly contacts per helpline and channel</caption><thead><tr>"
        body += columns.map { "<th scope=\"col\">\(HTML.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows {
            body += "<tr>"
            for (i, cell) in row.enumerated() {
                body += (i == 0 ? "<th scope=\"row\">" : numeric.contains(i) ? "<td class=\"num\">" : "<td>") + HTML.escape(cell)
                body += i == 0 ? "</th>" : "</td>"
            }
            body += "</tr>"
        }
        body += "</tbody></table></div></section></main>"
        return DashboardPage.document(title: "Monthly contacts", body: body)
    }

    /// The channel key used when the report holds only the `all` rows of a helpline (e.g. `--channel all`).
    static let allChannelsKey = "all channels"

    /// The rows as dashboard input: per-channel counts (or the `all` row where a helpline has no channel rows).
    func dashboardData(campaigns: [DashboardData.Campaign]?) -> DashboardData {
        let withChannels = Set(rows.filter { $0.channel != "all" }.map(\.helpline))
        let counts = rows.compactMap { row -> DashboardData.MonthlyCount? in
            if row.channel == "all" {
                guard !withChannels.contains(row.helpline) else { return nil }
                return .init(
                    month: row.month, helpline: row.helpline, channel: Self.allChannelsKey,
                    contacts: row.contacts, partial: row.partial)
            }
            return .init(
                month: row.month, helpline: row.helpline, channel: row.channel, contacts: row.contacts,
                partial: row.partial)
        }
        return DashboardData(
            generatedAt: generatedAt, counts: counts, campaigns: campaigns ?? campaignsFromRows())
    }

    /// Campaign bands from `activeCampaigns`: each id from the first to the last month it is listed in.
    func campaignsFromRows() -> [DashboardData.Campaign] {
        var spans: [String: (first: String, last: String, helplines: Set<String>)] = [:]
        for row in rows {
            for id in row.activeCampaigns {
                var span = spans[id] ?? (row.month, row.month, [])
                span.first = min(span.first, row.month)
                span.last = max(span.last, row.month)
                span.helplines.insert(row.helpline)
                spans[id] = span
            }
        }
        return spans.sorted { ($0.value.first, $0.key) < ($1.value.first, $1.key) }.map { id, span in
            DashboardData.Campaign(
                id: id, name: id, helplines: span.helplines.sorted(), windowStart: span.first + "-01",
                windowEnd: MonthMath.lastDay(of: span.last), status: "stopped")
        }
    }
}
