import Foundation

extension MonthlyReport {
    /// The report as a self-contained HTML5 document (inline CSS and SVG, no scripts, no external assets): one chart
    /// per helpline, the same as the dashboard's, then the full monthly table.
    ///
    /// - Parameters:
    ///   - publicMode: suppress small counts (docs/DISCLOSURE.md): counts below 10 as `<10`, secondary
    ///     suppression within each month, percentages on a hidden value or base left out; answered and abandoned
    ///     are withheld together (see `withheldOutcomes`).
    ///   - campaigns: campaigns to shade, with names and dates. Without them the bands come from each row's
    ///     `activeCampaigns` (labelled by id, spanning the months where the campaign was active).
    public func renderedHTML(publicMode: Bool = false, campaigns: [DashboardData.Campaign]? = nil)
        -> String
    {
        let suppression = Suppression(enabled: publicMode)
        let data = dashboardData(campaigns: campaigns)
        var body = "<header><h1>Monthly contacts</h1>"
        body +=
            "<p class=\"intro\">Generated \(HTML.escape(ReportText.iso8601(generatedAt))); days in \(HTML.escape(timeZone)) time. "
        body +=
            "Contacts are offered contacts (received, answered or not). \(HTML.escape(Self.rateChangeNote))</p>"
        body += DashboardPage.modeNote(suppression) + "</header><main>"
        body += "<section aria-labelledby=\"charts-heading\"><h2 id=\"charts-heading\">Charts</h2>"
        body +=
            DashboardPage.helplineSections(data, suppression: suppression, headingLevel: 3) + "</section>"
        body +=
            "<section aria-labelledby=\"table-heading\"><h2 id=\"table-heading\">Table</h2><div class=\"scroll\">"
        body += htmlTable(data: data, suppression: suppression) + "</div></section></main>"
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

    /// The rows (`helpline`, `month`, panel key) whose answered and abandoned counts are withheld in public mode.
    ///
    /// Answered and abandoned are parts of a row's contacts and add up over channels to the `all` row, so they get
    /// the same treatment as the contacts: a channel's outcomes are withheld (both together) when its contacts are
    /// hidden or either outcome is below the threshold; when that leaves exactly one channel withheld in a month,
    /// the channel with the fewest contacts over the period is withheld with it, so that the `all` row's answered
    /// or abandoned minus the shown channels gives nothing away. The `all` row's outcomes are withheld when its
    /// contacts are hidden or either outcome is small.
    func withheldOutcomes(panels: [String: HelplinePanel], suppression: Suppression) -> Set<[String]> {
        guard suppression.isEnabled else { return [] }
        var outcomes: [[String]: (answered: Int, abandoned: Int)] = [:]
        for row in rows { outcomes[[row.helpline, row.month, row.channel]] = (row.answered, row.abandoned) }
        var withheld: Set<[String]> = []
        for (helpline, panel) in panels {
            let sums = Dictionary(uniqueKeysWithValues: panel.channels.map { c in (c, panel.months.reduce(0) { $0 + (panel.values[c]?[$1] ?? 0) }) })
            let order = panel.channels.sorted { (sums[$0]!, $0) < (sums[$1]!, $1) }
            for month in panel.months {
                func small(_ channel: String) -> Bool {
                    guard let o = outcomes[[helpline, month, channel]] else { return false }
                    return suppression.isSmall(o.answered) || suppression.isSmall(o.abandoned)
                }
                let present = panel.channels.filter { panel.values[$0]?[month] != nil }
                var hidden = Set(present.filter { panel.cell($0, month).hidden != nil || small($0) })
                if panel.hasTotal {
                    let totalHidden = panel.cell(Suppression.totalColumn, month).hidden != nil || small("all")
                    if totalHidden { withheld.insert([helpline, month, Suppression.totalColumn]) }
                    if hidden.count == 1, !totalHidden, let partner = order.first(where: { present.contains($0) && !hidden.contains($0) }) {
                        hidden.insert(partner)
                    }
                } else if let only = present.first, hidden.contains(only) || small("all") {
                    // One channel: its row and the `all` row are the same figures.
                    hidden.insert(only)
                    withheld.insert([helpline, month, Suppression.totalColumn])
                }
                for channel in hidden { withheld.insert([helpline, month, channel]) }
            }
        }
        return withheld
    }

    /// The monthly table with the same columns as the Markdown report, suppressed in public mode.
    func htmlTable(data: DashboardData, suppression: Suppression) -> String {
        let months = data.months
        var panels: [String: HelplinePanel] = [:]
        for helpline in data.helplines {
            panels[helpline] = HelplinePanel(
                helpline: helpline, months: months, counts: data.counts, campaigns: [], baselines: [],
                suppression: suppression)
        }
        let withheld = withheldOutcomes(panels: panels, suppression: suppression)
        var out =
            "<table class=\"monthly\"><caption>Monthly contacts per helpline and channel</caption><thead><tr>"
        out +=
            Self.columns.map { "<th scope=\"col\">\(HTML.escape($0))</th>" }.joined()
            + "</tr></thead><tbody>"
        for row in rows {
            guard let panel = panels[row.helpline] else { continue }
            let key: String
            if row.channel == "all" {
                key =
                    panel.channels == [Self.allChannelsKey] ? Self.allChannelsKey : Suppression.totalColumn
            } else {
                key = row.channel
            }
            let current = panel.cell(key, row.month).hidden
            func base(_ offset: Int, _ value: Int?) -> (text: String, hidden: Bool) {
                guard let value else { return ("–", false) }
                if let month = MonthMath.adding(-offset, to: row.month), months.contains(month) {
                    let reason = panel.cell(key, month).hidden
                    return (suppression.display(value, reason: reason), reason != nil)
                }
                return (suppression.display(value, reason: nil), suppression.isSmall(value))
            }
            func percent(_ value: Double?, baseHidden: Bool) -> String {
                guard value != nil else { return "–" }
                return ReportText.percent(
                    suppression.percent(value, valueHidden: current != nil, baseHidden: baseHidden))
            }
            let previous = base(1, row.previousMonthContacts)
            let lastYear = base(12, row.sameMonthLastYearContacts)
            let outcomesHidden = withheld.contains([row.helpline, row.month, key]) || (current != nil && suppression.isEnabled)
            func outcome(_ value: Int) -> String {
                guard outcomesHidden else { return DashboardFormat.int(value) }
                return suppression.isSmall(value) ? suppression.hiddenLabel : Suppression.secondaryLabel
            }
            // A change and its interval are withheld wherever the percentage is: they reveal the hidden count.
            func rate(_ change: RateChange?, baseHidden: Bool) -> String {
                guard let change else { return "–" }
                return suppression.percent(change.percent, valueHidden: current != nil, baseHidden: baseHidden) == nil ? "–" : change.text
            }
            let cells = [
                row.month + (row.partial ? " (partial)" : ""), row.helpline, row.channel,
                suppression.display(row.contacts, reason: current),
                previous.text, percent(row.changeVsPreviousMonthPercent, baseHidden: previous.hidden),
                rate(row.rateChangeVsPreviousMonth, baseHidden: previous.hidden), lastYear.text,
                percent(row.changeVsSameMonthLastYearPercent, baseHidden: lastYear.hidden),
                rate(row.rateChangeVsSameMonthLastYear, baseHidden: lastYear.hidden),
                outcome(row.answered), outcome(row.abandoned),
                row.activeCampaigns.joined(separator: " "),
            ]
            out +=
                "<tr>"
                + cells.enumerated().map { i, cell in
                    let numeric = (3...11).contains(i)
                    return (i == 0 ? "<th scope=\"row\">" : numeric ? "<td class=\"num\">" : "<td>")
                        + HTML.escape(cell)
                        + (i == 0 ? "</th>" : "</td>")
                }.joined() + "</tr>"
        }
        return out + "</tbody></table>"
    }
}
