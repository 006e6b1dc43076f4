import Foundation

/// How the dashboard is rendered.
public struct DashboardOptions: Sendable, Equatable {
    /// Public: only what the disclosure engine publishes (docs/DISCLOSURE.md). Internal: everything shown.
    public var publicMode: Bool
    public var title: String
    /// Text under the title (escaped).
    public var intro: String?

    public init(publicMode: Bool, title: String = "Helpline contacts and campaigns", intro: String? = nil) {
        self.publicMode = publicMode
        self.title = title
        self.intro = intro
    }
}

/// The dashboard page: a complete HTML5 document, server-rendered, no JavaScript, no external assets.
///
/// One chart per helpline (monthly contacts per channel and in total, campaign windows shaded and labelled, the
/// expected baseline when supplied), each with a data table as its text alternative; the campaign effects as a
/// dot-and-whisker chart when supplied; and a campaign table. All text is escaped. The markup is also well-formed
/// XML.
public enum DashboardPage {
    /// The page. In public mode figures that are not a publication yet go through the disclosure engine first
    /// (`DashboardData.publication`); the service passes the stored releases.
    public static func render(_ data: DashboardData, options: DashboardOptions) -> String {
        let data = options.publicMode ? data.publication() : data
        let suppression = pageSuppression(data)
        var body = "<header><h1>\(HTML.escape(options.title))</h1>"
        body += "<p class=\"intro\">\(HTML.escape(options.intro ?? defaultIntro(data)))</p>"
        body += modeNote(suppression)
        body += "</header><main>"
        body +=
            "<section aria-labelledby=\"contacts-heading\"><h2 id=\"contacts-heading\">Monthly contacts</h2>"
        body += helplineSections(data, suppression: suppression, headingLevel: 3)
        body += "</section>"
        let effects = shownEffects(data, suppression: suppression)
        if !effects.isEmpty {
            body +=
                "<section aria-labelledby=\"effects-heading\"><h2 id=\"effects-heading\">Campaign effects</h2>"
            body +=
                "<p>Extra contacts attributed to each campaign by the model (contacts above what was expected without campaigns), "
            body +=
                "with their intervals. A whisker that crosses zero means the data do not show an effect.</p>"
            body += "<figure>" + UpliftChart(rows: effects, id: "uplift").render() + "</figure></section>"
        }
        body +=
            "<section aria-labelledby=\"campaigns-heading\"><h2 id=\"campaigns-heading\">Campaigns</h2>"
        body += campaignTable(data, suppression: suppression)
        body += "</section></main>"
        body += "<footer><p>Generated \(HTML.escape(ReportText.iso8601(data.generatedAt))). "
        body += "Contacts are offered contacts: received, answered or not.</p></footer>"
        return document(title: options.title, body: body)
    }

    static func defaultIntro(_ data: DashboardData) -> String {
        let months = data.months
        guard let first = months.first, let last = months.last else {
            return "No contacts recorded yet."
        }
        return
            "Contacts per month to each helpline from \(MonthMath.label(first)) to \(MonthMath.label(last)), by channel, "
            + "with the periods when campaigns ran. Each chart has a table of its figures below it."
    }

    /// Off for internal figures; for a publication, on with its threshold (the smallest when helplines differ).
    static func pageSuppression(_ data: DashboardData) -> Suppression {
        guard data.isPublication else { return .off }
        return Suppression(threshold: data.thresholds.values.min() ?? 10, enabled: true)
    }

    static func modeNote(_ suppression: Suppression) -> String {
        guard suppression.isEnabled else {
            return
                "<p class=\"note\">Internal view: all figures are shown, including small counts. Do not publish.</p>"
        }
        return
            "<p class=\"note\">To protect callers, counts below \(suppression.threshold) are shown as "
            + "\(HTML.escape(suppression.hiddenLabel)), figures from which such a count could be worked out are shown as "
            + "<abbr title=\"withheld\">\(Suppression.secondaryLabel)</abbr>, and percentages based on a hidden figure are left out (–).</p>"
    }

    /// The complete document around `body`.
    static func document(title: String, body: String) -> String {
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"
            + "<title>\(HTML.escape(title))</title><style>\(css)</style></head><body>\(body)</body></html>\n"
    }

    /// A section per helpline: heading, chart, legend, and the data table (in a disclosure widget).
    static func helplineSections(_ data: DashboardData, suppression: Suppression, headingLevel: Int)
        -> String
    {
        let months = data.months
        let helplines = data.helplines
        guard !helplines.isEmpty else { return "<p>No contacts recorded in this period.</p>" }
        var out = "<div class=\"charts\">"
        for (n, helpline) in helplines.enumerated() {
            let panel = HelplinePanel(helpline: helpline, months: months, data: data, campaigns: data.campaigns, baselines: data.baselines)
            let chart = MonthlyChart(panel: panel, id: "chart-\(n + 1)")
            out += "<figure class=\"helpline\" data-helpline=\"\(HTML.escape(helpline))\">"
            out += "<h\(headingLevel)>Helpline \(HTML.escape(helpline))</h\(headingLevel)>"
            out += chart.render()
            out += "<figcaption>" + legend(panel) + "</figcaption>"
            if !data.isPublication, let change = data.monthChanges.first(where: { $0.helpline == helpline }) {
                out += monthChangeText(change)
            }
            out +=
                "<details><summary>Table of monthly contacts, helpline \(HTML.escape(helpline))</summary>"
            out += "<div class=\"scroll\">" + dataTable(panel) + "</div></details></figure>"
        }
        return out + "</div>"
    }

    /// "2023-07: 710 contacts; per day +13.1% (−3.0 to +31.8) on 2022-07, within normal variation; …" (internal figures
    /// only: the rate changes are computed from daily counts, which are not public).
    static func monthChangeText(_ change: DashboardData.MonthChange) -> String {
        var parts: [String] = []
        for (label, rate) in [("the month before", change.previousMonth), ("the same month a year before", change.sameMonthLastYear)] {
            guard let rate else { continue }
            parts.append("\(rate.text) per day against \(label)")
        }
        guard !parts.isEmpty else { return "" }
        return "<p class=\"change\">\(HTML.escape(change.month)): \(DashboardFormat.int(change.contacts)) contacts; "
            + HTML.escape(parts.joined(separator: "; ")) + ".</p>"
    }

    static func legend(_ panel: HelplinePanel) -> String {
        var items: [String] = []
        for (index, key) in panel.seriesKeys.enumerated() {
            items.append(
                ChartStyle.legendSwatch(ChartStyle.stroke(forSeries: index, key: key))
                    + HTML.escape(HelplinePanel.label(ofChannel: key)))
        }
        if panel.campaigns.contains(where: { panel.monthIndices(of: $0) != nil }) {
            items.append(ChartStyle.bandSwatch() + "Campaign running")
        }
        if !panel.baselines.isEmpty {
            items.append(ChartStyle.baselineSwatch() + "Expected without campaigns (interval shaded)")
        }
        if panel.seriesKeys.contains(where: { key in
            panel.months.contains { panel.cell(key, $0).hidden == .primary }
        }) {
            items.append(
                ChartStyle.suppressedSwatch(panel.suppression)
                    + "Below \(panel.suppression.threshold), not shown")
        }
        return "<ul class=\"legend\">" + items.map { "<li>\($0)</li>" }.joined() + "</ul>"
    }

    /// The chart's figures: month, each channel, total, and the total's change on the previous month and year.
    static func dataTable(_ panel: HelplinePanel) -> String {
        var out =
            "<table><caption>Monthly contacts, helpline \(HTML.escape(panel.helpline))</caption><thead><tr><th scope=\"col\">Month</th>"
        for channel in panel.channels {
            out += "<th scope=\"col\">\(HTML.escape(HelplinePanel.label(ofChannel: channel)))</th>"
        }
        if panel.hasTotal { out += "<th scope=\"col\">Total</th>" }
        // The chart's band, as text: the model's expected contacts without campaigns and its interval.
        let baseline = Dictionary(panel.baselines.map { ($0.month, $0) }, uniquingKeysWith: { first, _ in first })
        if !baseline.isEmpty { out += "<th scope=\"col\">Expected without campaigns (95% interval)</th>" }
        out +=
            "<th scope=\"col\">vs previous month</th><th scope=\"col\">vs same month last year</th><th scope=\"col\">Campaigns</th></tr></thead><tbody>"
        for month in panel.months {
            out +=
                "<tr><th scope=\"row\">\(MonthMath.label(month))\(panel.partialMonths.contains(month) ? " (partial)" : "")</th>"
            for key in panel.seriesKeys {
                out += "<td class=\"num\">\(HTML.escape(panel.text(key, month)))</td>"
            }
            if !baseline.isEmpty { out += "<td class=\"num\">\(HTML.escape(expectedText(baseline[month])))</td>" }
            for back in [1, 12] {
                let change = panel.totalChange(month, monthsBack: back)
                if let value = change.value {
                    out += "<td class=\"num\">\(HTML.escape(DashboardFormat.percent(value)))</td>"
                } else if change.suppressed {
                    out +=
                        "<td class=\"num suppressed-percent\"><abbr title=\"not shown: a figure it is based on is hidden\">–</abbr></td>"
                } else {
                    out += "<td class=\"num\">–</td>"
                }
            }
            let active = panel.campaigns.filter { campaign in
                guard let range = panel.monthIndices(of: campaign),
                    let i = panel.months.firstIndex(of: month)
                else { return false }
                return (range.first...range.last).contains(i)
            }
            out += "<td>\(active.map { HTML.escape($0.name) }.joined(separator: "; "))</td></tr>"
        }
        return out + "</tbody></table>"
    }

    /// `1,234 (1,102–1,371)`, or `–` for a month without a baseline.
    static func expectedText(_ point: DashboardData.BaselinePoint?) -> String {
        guard let point else { return "–" }
        let expected = DashboardFormat.int(Int(point.expected.rounded()))
        guard let lower = point.lower, let upper = point.upper else { return expected }
        return "\(expected) (\(DashboardFormat.int(Int(lower.rounded())))–\(DashboardFormat.int(Int(upper.rounded()))))"
    }

    /// Effects to draw, labelled with campaign names; in public mode, effects on fewer than `threshold` observed
    /// contacts are left out.
    static func shownEffects(_ data: DashboardData, suppression: Suppression) -> [UpliftChart.Row] {
        let names = Dictionary(data.campaigns.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let live = Set(data.campaigns.filter(\.isLive).map(\.id))
        return data.effects.compactMap { effect in
            if effect.withheld != nil { return nil }
            if suppression.isEnabled && live.contains(effect.campaignID) { return nil }
            return UpliftChart.Row(name: names[effect.campaignID] ?? effect.campaignID, scope: measuredOn(effect), effect: effect)
        }
    }

    /// `1712, phone`, `1712, all channels`, or empty when the effect does not say.
    static func measuredOn(_ effect: DashboardData.CampaignEffect) -> String {
        let channel = effect.channel.map { $0 == "all" ? "all channels" : $0 }
        return [effect.helpline, channel].compactMap { $0 }.joined(separator: ", ")
    }

    /// Name, helplines, dates, media channels, cost, reach and — when effects are supplied — per helpline and
    /// channel measured: uplift with interval, observed vs expected contacts, relative uplift and cost per extra contact.
    static func campaignTable(_ data: DashboardData, suppression: Suppression) -> String {
        guard !data.campaigns.isEmpty else { return "<p>No campaigns in this period.</p>" }
        // A publication leaves out a running campaign's effects: it still gets the effect columns, saying why.
        let hasEffects = !data.effects.isEmpty || (suppression.isEnabled && data.campaigns.contains(where: \.isLive))
        var out = "<div class=\"scroll\"><table class=\"campaigns\"><caption>Campaigns in this period"
        out += hasEffects ? ", with their estimated effects" : " (effects not estimated yet)"
        // With effects, "Measured on" (helpline and channel) takes the place of the helplines column.
        out += "</caption><thead><tr><th scope=\"col\">Campaign</th>" + (hasEffects ? "" : "<th scope=\"col\">Helplines</th>")
        out += "<th scope=\"col\">Dates</th>"
        out += "<th scope=\"col\">Channels</th><th scope=\"col\">Cost</th><th scope=\"col\">Reach</th>"
        // A publication has no observed or expected counts over a campaign's days, nor the answered split: they are
        // sums of daily counts that the monthly table does not publish (docs/DISCLOSURE.md).
        let effectColumns = suppression.isEnabled ? 3 : 5
        if hasEffects {
            out += "<th scope=\"col\">Measured on</th><th scope=\"col\">Extra contacts (interval)</th>"
            if !suppression.isEnabled { out += "<th scope=\"col\">Observed / expected</th>" }
            out += "<th scope=\"col\">Uplift</th><th scope=\"col\">Cost per extra contact</th>"
            if !suppression.isEnabled { out += "<th scope=\"col\">Extra answered / unanswered</th>" }
        }
        out += "</tr></thead><tbody>"
        for campaign in data.campaigns {
            let effects = data.effects.filter { $0.campaignID == campaign.id }
            let rows = max(1, effects.count)
            let span = rows > 1 ? " rowspan=\"\(rows)\"" : ""
            out +=
                "<tr data-campaign=\"\(HTML.escape(campaign.id))\"><th scope=\"row\"\(span)>\(HTML.escape(campaign.name))"
            if campaign.status == "planned" || campaign.status == "running" {
                out += " <span class=\"status\">(\(HTML.escape(campaign.status)))</span>"
            }
            out += "</th>"
            if !hasEffects { out += "<td\(span)>\(HTML.escape(campaign.helplines.joined(separator: ", ")))</td>" }
            out += "<td\(span)>\(HTML.escape(MonthlyChart.windowText(campaign, nonBreaking: true)))</td>"
            out += "<td\(span)>\(HTML.escape(campaign.channels.joined(separator: ", ")))</td>"
            out +=
                "<td class=\"num\"\(span)>\(campaign.totalCostEUR.map { HTML.escape(DashboardFormat.euros($0)) } ?? "–")</td>"
            out +=
                "<td class=\"num\"\(span)>\(campaign.totalReach.map { DashboardFormat.whole($0) } ?? "–")</td>"
            if hasEffects {
                if effects.isEmpty && suppression.isEnabled && campaign.isLive {
                    // Its counts run to yesterday: comparing the page from day to day would give daily counts.
                    out += "<td>\(HTML.escape(campaign.helplines.joined(separator: ", ")))</td>"
                    out += "<td colspan=\"\(effectColumns)\">not public while the campaign runs</td>"
                } else if effects.isEmpty {
                    out += "<td>\(HTML.escape(campaign.helplines.joined(separator: ", ")))</td><td colspan=\"\(effectColumns)\">not estimated</td>"
                }
                for (i, effect) in effects.enumerated() {
                    if i > 0 { out += "</tr><tr data-campaign=\"\(HTML.escape(campaign.id))\">" }
                    out += effectCells(effect, campaign: campaign, suppression: suppression)
                }
            }
            out += "</tr>"
        }
        return out + "</tbody></table></div>"
    }

    static func effectCells(
        _ e: DashboardData.CampaignEffect, campaign: DashboardData.Campaign, suppression: Suppression
    ) -> String {
        var out = "<td>\(HTML.escape(measuredOn(e)))</td>"
        let columns = suppression.isEnabled ? 3 : 5
        if suppression.isEnabled && campaign.isLive {
            // Its counts run to yesterday: comparing the page from day to day would give daily counts (docs/DISCLOSURE.md).
            return out + "<td colspan=\"\(columns)\">not public while the campaign runs</td>"
        }
        switch e.withheld {
        case .primary:
            return out + "<td colspan=\"\(columns)\">not shown: fewer than \(suppression.threshold) contacts in the window</td>"
        case .secondary:
            return out
                + "<td colspan=\"\(columns)\">not shown (<abbr title=\"withheld\">x</abbr>): it would give away a channel with few contacts</td>"
        case nil: break
        }
        out += "<td class=\"num\">\(HTML.escape(DashboardFormat.signed(e.extraContacts))) "
        out +=
            "<span class=\"interval\">(\(HTML.escape(e.intervalLevel)): \(HTML.escape(DashboardFormat.signed(e.extraContactsLower))) to "
        out += "\(HTML.escape(DashboardFormat.signed(e.extraContactsUpper))))</span>"
        let flags = Self.flags(e)
        if !flags.isEmpty { out += "<br/><span class=\"flags\">\(HTML.escape(flags.joined(separator: " · ")))</span>" }
        if let note = e.note { out += "<br/><span class=\"caveat\">\(HTML.escape(note))</span>" }
        out += "</td>"
        if !suppression.isEnabled {
            out += "<td class=\"num\">" + (e.observedContacts.map { DashboardFormat.int($0) } ?? "–")
            out += " / " + (e.expectedContacts.map { DashboardFormat.whole($0) } ?? "–") + "</td>"
        }
        out +=
            "<td class=\"num\">\(e.relativeUpliftPercent.map { HTML.escape(DashboardFormat.percent($0)) } ?? "–")</td>"
        if let cost = e.costPerExtraContact(cost: campaign.totalCostEUR) {
            out += "<td class=\"num\">\(HTML.escape(DashboardFormat.euros(cost.estimate))) "
            out +=
                "<span class=\"interval\">(\(HTML.escape(DashboardFormat.euros(cost.lower))) to \(HTML.escape(DashboardFormat.euros(cost.upper))))</span></td>"
        } else if campaign.totalCostEUR == nil {
            out += "<td class=\"num\">no cost recorded</td>"
        } else if e.baselineExtrapolated {
            out += "<td class=\"num\">not yet (baseline extrapolated)</td>"
        } else {
            out += "<td class=\"num\">not estimable</td>"
        }
        if suppression.isEnabled { return out }
        if let answered = e.extraAnswered, let unanswered = e.extraUnanswered {
            out += "<td class=\"num\">\(HTML.escape(DashboardFormat.signed(answered)))"
            if let low = e.extraAnsweredLower, let high = e.extraAnsweredUpper {
                out +=
                    " <span class=\"interval\">(\(HTML.escape(DashboardFormat.signed(low))) to \(HTML.escape(DashboardFormat.signed(high))))</span>"
            }
            out += " / \(HTML.escape(DashboardFormat.signed(unanswered)))</td>"
        } else {
            out += "<td class=\"num\">–</td>"
        }
        return out
    }

    /// Short flags for an effect: what a reader should weigh before quoting it.
    static func flags(_ e: DashboardData.CampaignEffect) -> [String] {
        var out: [String] = []
        if e.baselineExtrapolated { out.append("baseline extrapolated") }
        if e.sensitivityDisagrees { out.append("depends on the baseline specification") }
        if let factor = e.placeboCalibrationFactor, factor > 1.005 { out.append(String(format: "interval widened ×%.2f by placebos", factor)) }
        return out
    }

    /// Inline CSS: one column on narrow screens, two charts side by side on wide ones; no `<` in it (XML-safe).
    static let css = """
        :root{color-scheme:light;}\
        body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#ffffff;line-height:1.45;}\
        header,main,footer{max-width:1280px;margin:0 auto;padding:0 16px;}\
        h1{font-size:1.6rem;margin:1rem 0 .25rem;}h2{font-size:1.3rem;margin:1.5rem 0 .5rem;}h3{font-size:1.1rem;margin:.25rem 0;}\
        .intro{max-width:70ch;}.note{max-width:70ch;padding:.5rem .75rem;background:#eef3f8;border-left:4px solid #005a9c;}\
        .charts{display:grid;grid-template-columns:1fr;gap:24px;}\
        @media (min-width:1100px){.charts{grid-template-columns:1fr 1fr;}}\
        figure{margin:0;}svg.chart{display:block;width:100%;height:auto;max-width:760px;}svg.uplift{max-width:640px;}\
        .legend{list-style:none;padding:0;margin:.25rem 0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.9rem;}\
        .legend li{display:flex;align-items:center;gap:6px;}.swatch{flex:none;}\
        details{margin:.5rem 0 1rem;}summary{cursor:pointer;color:#005a9c;text-decoration:underline;}\
        .scroll{overflow-x:auto;}\
        table{border-collapse:collapse;font-size:.875rem;margin:.5rem 0;}caption{text-align:left;font-weight:600;padding:.25rem 0;}\
        th,td{border-bottom:1px solid #d9d9d9;padding:4px 8px;text-align:left;vertical-align:top;}\
        td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;}\
        thead th{border-bottom:2px solid #404040;}.interval,.status,.caveat,.flags{color:#4d4d4d;font-size:.85em;}.flags{font-weight:600;}.interval{display:block;}.nowrap{white-space:nowrap;}\
        abbr{text-decoration:none;cursor:help;}footer{color:#4d4d4d;font-size:.85rem;margin-top:2rem;}\
        @media (max-width:700px){body{font-size:15px;}h1{font-size:1.3rem;}}
        """
}
