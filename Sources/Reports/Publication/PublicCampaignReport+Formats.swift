import Disclosure
import Foundation

extension PublicCampaignReport: Encodable {
    enum Keys: String, CodingKey { case generatedAt, embargoDays, disclosure, campaigns }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(ReportText.iso8601(generatedAt), forKey: .generatedAt)
        try c.encode(embargoDays, forKey: .embargoDays)
        try c.encode(Self.disclosureNote, forKey: .disclosure)
        try c.encode(campaigns, forKey: .campaigns)
    }

    static let disclosureNote =
        "Public figures (docs/DISCLOSURE.md): extra contacts and their 95% interval rounded to 10 (the interval outwards), uplift to "
        + "a whole percent; an effect on fewer contacts than the threshold is withheld, and so is one that would give it away."
}

extension PublicCampaignReport.Campaign: Encodable {
    enum Keys: String, CodingKey {
        case id, name, helplines, channels, windowStart, windowEnd, status, totalCostEur, totalReach, effects, effectsNote
    }
    enum EffectKeys: String, CodingKey {
        case helpline, channel, shownAs, withheld, threshold, extraContacts, extraLow, extraHigh, upliftPercent, upliftPercentLow
        case upliftPercentHigh, significant, baselineExtrapolated, sensitivityDisagrees, costPerExtraContactEur, costPerExtraContactLowEur
        case costPerExtraContactHighEur
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(helplines, forKey: .helplines)
        try c.encode(channels, forKey: .channels)
        try c.encode(windowStart, forKey: .windowStart)
        try c.encode(windowEnd, forKey: .windowEnd)
        try c.encode(status, forKey: .status)
        try c.encode(totalCostEUR, forKey: .totalCostEur)
        try c.encode(totalReach, forKey: .totalReach)
        try c.encode(effectsNote, forKey: .effectsNote)
        var list = c.nestedUnkeyedContainer(forKey: .effects)
        for e in effects {
            var o = list.nestedContainer(keyedBy: EffectKeys.self)
            try o.encode(e.helpline, forKey: .helpline)
            try o.encode(e.channel, forKey: .channel)
            try o.encode(PublicCampaignReport.shownAs(e), forKey: .shownAs)
            try o.encode(e.withheld?.rawValue, forKey: .withheld)
            try o.encode(e.threshold, forKey: .threshold)
            try o.encode(e.figures?.extraContacts, forKey: .extraContacts)
            try o.encode(e.figures?.extraLow, forKey: .extraLow)
            try o.encode(e.figures?.extraHigh, forKey: .extraHigh)
            try o.encode(e.figures?.upliftPercent, forKey: .upliftPercent)
            try o.encode(e.figures?.upliftPercentLow, forKey: .upliftPercentLow)
            try o.encode(e.figures?.upliftPercentHigh, forKey: .upliftPercentHigh)
            try o.encode(e.figures?.significant, forKey: .significant)
            try o.encode(e.figures?.baselineExtrapolated, forKey: .baselineExtrapolated)
            try o.encode(e.figures?.sensitivityDisagrees, forKey: .sensitivityDisagrees)
            let cost = e.costPerExtraContact(costEUR: totalCostEUR)
            try o.encode(cost?.estimate, forKey: .costPerExtraContactEur)
            try o.encode(cost?.low, forKey: .costPerExtraContactLowEur)
            try o.encode(cost?.high, forKey: .costPerExtraContactHighEur)
        }
    }
}

extension PublicCampaignReport {
    /// `+50 (+10 to +90), +12%`, `<10` or `x`.
    static func shownAs(_ e: EffectRelease) -> String {
        guard let f = e.figures else { return e.withheld == .primary ? "<\(e.threshold)" : PublishedCount.secondaryLabel }
        func signed(_ v: Int) -> String { v > 0 ? "+\(v)" : String(v) }
        var text = "\(signed(f.extraContacts)) (\(signed(f.extraLow)) to \(signed(f.extraHigh)))"
        if let u = f.upliftPercent { text += ", \(signed(u))%" }
        return text
    }

    static let columns = ["campaign", "name", "start", "end", "helpline", "channel", "extra contacts (95%)", "cost per extra contact", "note"]

    func rows() -> [[String]] {
        var out: [[String]] = []
        for c in campaigns {
            let head = [c.id, c.name, c.windowStart ?? "–", c.windowEnd ?? "running"]
            if c.effects.isEmpty { out.append(head + [c.helplines.joined(separator: " "), "–", "–", "–", c.effectsNote ?? ""]) }
            for e in c.effects {
                let cost = e.costPerExtraContact(costEUR: c.totalCostEUR).map { "€\($0.estimate) (€\($0.low)–€\($0.high))" } ?? "–"
                let note =
                    e.withheld == .primary
                    ? "fewer than \(e.threshold) contacts" : e.withheld == .secondary ? "withheld: would give away a small channel" : ""
                out.append(head + [e.helpline, e.channel, Self.shownAs(e), cost, note])
            }
        }
        return out
    }

    /// The report in `format`, ending with a newline.
    public func rendered(as format: ReportFormat) throws -> String {
        switch format {
        case .json:
            return try ReportText.json(self)
        case .csv:
            let header =
                "id,name,start,end,status,cost_eur,helpline,channel,shown_as,withheld,threshold,extra_contacts,extra_low,extra_high,"
                + "uplift_percent,uplift_percent_low,uplift_percent_high,significant,cost_per_extra_contact_eur,note"
            var lines = [header]
            func text(_ v: Int?) -> String { v.map(String.init) ?? "" }
            for c in campaigns {
                let head = [
                    c.id, c.name, c.windowStart ?? "", c.windowEnd ?? "", c.status, c.totalCostEUR.map { String(format: "%.2f", $0) } ?? "",
                ]
                if c.effects.isEmpty {
                    lines.append(
                        (head + [c.helplines.joined(separator: " ")] + Array(repeating: "", count: 12) + [c.effectsNote ?? ""]).map(
                            ReportText.csvField
                        ).joined(separator: ","))
                }
                for e in c.effects {
                    let f = e.figures
                    let fields =
                        head + [
                            e.helpline, e.channel, Self.shownAs(e), e.withheld?.rawValue ?? "", String(e.threshold), text(f?.extraContacts),
                            text(f?.extraLow), text(f?.extraHigh), text(f?.upliftPercent), text(f?.upliftPercentLow), text(f?.upliftPercentHigh),
                            f.map { $0.significant ? "true" : "false" } ?? "", text(e.costPerExtraContact(costEUR: c.totalCostEUR)?.estimate), "",
                        ]
                    lines.append(fields.map(ReportText.csvField).joined(separator: ","))
                }
            }
            return lines.joined(separator: "\n") + "\n"
        case .markdown:
            var out = "# Campaigns (public)\n\nGenerated \(ReportText.iso8601(generatedAt)). \(Self.disclosureNote)\n\n"
            for c in campaigns {
                out += "## \(c.name)\n\n"
                out += "- Dates: \(c.windowStart ?? "–") to \(c.windowEnd ?? "running")\n"
                out += "- Media channels: \(c.channels.isEmpty ? "–" : c.channels.joined(separator: ", "))\n"
                out += "- Cost: \(c.totalCostEUR.map { String(format: "€%.2f", $0) } ?? "not recorded")\n"
                out += "- Reach: \(c.totalReach.map { String(Int($0.rounded())) } ?? "not recorded")\n"
                if let note = c.effectsNote { out += "- Effect: \(note)\n" }
                for e in c.effects {
                    let on = "\(e.helpline), \(e.channel == "all" ? "all channels" : e.channel)"
                    if let f = e.figures {
                        out += "- Effect on \(on): \(Self.shownAs(e)); "
                        out += f.significant ? "distinguishable from normal variation\n" : "not distinguishable from normal variation\n"
                    } else {
                        out +=
                            "- Effect on \(on): not shown (\(e.withheld == .primary ? "fewer than \(e.threshold) contacts" : "it would give away a small channel"))\n"
                    }
                }
                out += "\n"
            }
            return out
        case .table:
            return ReportText.textTable(header: Self.columns, rows: rows())
        case .html:
            throw ReportError("--format html is available for the monthly report; use markdown for the campaign report")
        }
    }
}
