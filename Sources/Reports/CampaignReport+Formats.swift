import Attribution
import Foundation

extension CampaignReport: Encodable {
    enum Keys: String, CodingKey { case generatedAt, model, campaigns, checks }

    /// Exactly the contract's fields; missing values are `null`, never left out.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(ReportText.iso8601(generatedAt), forKey: .generatedAt)
        try c.encode(model, forKey: .model)
        try c.encode(campaigns, forKey: .campaigns)
        try c.encode(checks, forKey: .checks)
    }
}

extension CampaignReport.Model: Encodable {
    enum Keys: String, CodingKey {
        case family, alpha, fourierTerms, baselineEvents, residualAutocorrelationLag1, varianceInflation28Days
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(family, forKey: .family)
        try c.encode(alpha, forKey: .alpha)
        try c.encode(fourierTerms, forKey: .fourierTerms)
        try c.encode(baselineEvents, forKey: .baselineEvents)
        try c.encode(residualAutocorrelationLag1.map { CampaignReport.round($0, 3) }, forKey: .residualAutocorrelationLag1)
        try c.encode(varianceInflation28Days.map { CampaignReport.round($0, 2) }, forKey: .varianceInflation28Days)
    }
}

extension CampaignReport.Checks: Encodable {
    enum Keys: String, CodingKey {
        case placeboRuns, placeboSignificant, backtestMeanAbsPercentError, placeboFalsePositiveRate, backtestIntervalCoverage
        case backtestNoiseMeanAbsPercentError
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(placeboRuns, forKey: .placeboRuns)
        try c.encode(placeboSignificant, forKey: .placeboSignificant)
        try c.encode(backtestMeanAbsPercentError.map { CampaignReport.round($0, 1) }, forKey: .backtestMeanAbsPercentError)
        try c.encode(placeboFalsePositiveRate.map { CampaignReport.round($0, 3) }, forKey: .placeboFalsePositiveRate)
        try c.encode(backtestIntervalCoverage.map { CampaignReport.round($0, 3) }, forKey: .backtestIntervalCoverage)
        try c.encode(backtestNoiseMeanAbsPercentError.map { CampaignReport.round($0, 1) }, forKey: .backtestNoiseMeanAbsPercentError)
    }
}

extension CampaignReport.Campaign: Encodable {
    enum Keys: String, CodingKey {
        case id, name, helpline, channel, start, end, carryOverHalfLifeDays, observedContacts, expectedContacts, upliftContacts, upliftLow
        case upliftHigh, upliftPercent, costEur, costPerExtraContactEur, costPerExtraContactLowEur, costPerExtraContactHighEur, overlapsWith
        case significant, warnings, upliftPercentLow, upliftPercentHigh, baselineExtrapolated, placeboCalibrationFactor
        case sensitivityDisagrees, answeredContacts, baselineAnswerRate, extraAnsweredContacts, extraAnsweredLow, extraAnsweredHigh
        case extraUnansweredContacts, sensitivity
    }

    /// The contract's fields, rounded to one decimal (observed contacts to a whole number, cost to the cent).
    public func encode(to encoder: any Encoder) throws {
        let r1 = { (v: Double?) in v.map { CampaignReport.round($0, 1) } }
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(helpline, forKey: .helpline)
        try c.encode(channel, forKey: .channel)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(r1(carryOverHalfLifeDays), forKey: .carryOverHalfLifeDays)
        try c.encode(observedContacts.map { Int($0.rounded()) }, forKey: .observedContacts)
        try c.encode(r1(expectedContacts), forKey: .expectedContacts)
        try c.encode(r1(upliftContacts), forKey: .upliftContacts)
        try c.encode(r1(upliftLow), forKey: .upliftLow)
        try c.encode(r1(upliftHigh), forKey: .upliftHigh)
        try c.encode(r1(upliftPercent), forKey: .upliftPercent)
        try c.encode(costEur.map { CampaignReport.round($0, 2) }, forKey: .costEur)
        try c.encode(r1(costPerExtraContactEur), forKey: .costPerExtraContactEur)
        try c.encode(r1(costPerExtraContactLowEur), forKey: .costPerExtraContactLowEur)
        try c.encode(r1(costPerExtraContactHighEur), forKey: .costPerExtraContactHighEur)
        try c.encode(overlapsWith, forKey: .overlapsWith)
        try c.encode(significant, forKey: .significant)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(r1(upliftPercentLow), forKey: .upliftPercentLow)
        try c.encode(r1(upliftPercentHigh), forKey: .upliftPercentHigh)
        try c.encode(baselineExtrapolated, forKey: .baselineExtrapolated)
        try c.encode(placeboCalibrationFactor.map { CampaignReport.round($0, 2) }, forKey: .placeboCalibrationFactor)
        try c.encode(sensitivityDisagrees, forKey: .sensitivityDisagrees)
        try c.encode(answeredContacts.map { Int($0.rounded()) }, forKey: .answeredContacts)
        try c.encode(baselineAnswerRate.map { CampaignReport.round($0, 3) }, forKey: .baselineAnswerRate)
        try c.encode(r1(extraAnsweredContacts), forKey: .extraAnsweredContacts)
        try c.encode(r1(extraAnsweredLow), forKey: .extraAnsweredLow)
        try c.encode(r1(extraAnsweredHigh), forKey: .extraAnsweredHigh)
        try c.encode(r1(extraUnansweredContacts), forKey: .extraUnansweredContacts)
        try c.encode(
            sensitivity.map {
                CampaignReport.SensitivityEstimate(
                    specification: $0.specification, upliftContacts: r1($0.upliftContacts), upliftLow: r1($0.upliftLow),
                    upliftHigh: r1($0.upliftHigh), error: $0.error)
            }, forKey: .sensitivity)
    }
}

extension CampaignReport {
    static func round(_ v: Double, _ digits: Int) -> Double {
        let f = pow(10, Double(digits))
        return (v * f).rounded() / f
    }

    /// A figure for prose: whole numbers below 100, else to the nearest ten (479.6 → 480, 2,347 → 2,350, 12.3 → 12).
    static func about(_ v: Double) -> Int {
        abs(v) < 100 ? Int(v.rounded()) : Int((v / 10).rounded()) * 10
    }

    /// `1,234` with a comma for thousands (as the Flemish Parliament's English summaries write it).
    static func grouped(_ v: Int) -> String {
        let digits = String(abs(v))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return (v < 0 ? "-" : "") + out
    }

    static func euros(_ v: Double, cents: Bool = false) -> String {
        if cents {
            let whole = Int(v.rounded(.towardZero))
            let c = Int((abs(v - Double(whole)) * 100).rounded())
            return "EUR \(grouped(whole)).\(c < 10 ? "0" : "")\(c)"
        }
        return "EUR \(grouped(Int(v.rounded())))"
    }

    /// What the extra contacts are called on a channel.
    static func contactWord(_ channel: String) -> String {
        switch channel {
        case "phone": "calls"
        case "chat": "chats"
        case "email": "e-mails"
        default: "contacts"
        }
    }

    /// The evaluation in plain words, e.g. "about 480 extra calls (330–630), +21%, EUR 52 per extra call".
    public static func evaluationSentence(_ c: Campaign) -> String {
        if let error = c.fitError { return "not possible: \(error)." }
        guard let uplift = c.upliftContacts, let low = c.upliftLow, let high = c.upliftHigh else {
            return "not possible: " + (c.warnings.first ?? "no estimate") + "."
        }
        let word = contactWord(c.channel)
        let single = word == "contacts" ? "contact" : String(word.dropLast())
        let range = low < 0 ? "\(grouped(about(low))) to \(grouped(about(high)))" : "\(grouped(about(low)))–\(grouped(about(high)))"
        var s = "about \(grouped(about(uplift))) extra \(word) (\(range))"
        if let pct = c.upliftPercent { s += ", " + (pct > 0 ? "+" : "") + "\(Int(pct.rounded()))%" }
        if let cost = c.costPerExtraContactEur {
            s += ", \(euros(cost)) per extra \(single)"
            if let l = c.costPerExtraContactLowEur, let h = c.costPerExtraContactHighEur { s += " (\(euros(l))–\(grouped(Int(h.rounded()))))" }
        }
        return s
    }

    /// The evaluation paragraph: the sentence, what it compares, and whether it is significant.
    static func evaluationParagraph(_ c: Campaign) -> String {
        var s = evaluationSentence(c)
        guard c.fitError == nil, c.upliftContacts != nil else { return s }
        s += "."
        if let observed = c.observedContacts, let expected = c.expectedContacts {
            s += " \(grouped(Int(observed.rounded()))) \(contactWord(c.channel)) were received over the campaign"
            s += (c.carryOverHalfLifeDays ?? 0) > 0 ? " and its after-effect" : ""
            s += ", against about \(grouped(about(expected))) expected without it."
        }
        if let h = c.carryOverHalfLifeDays, h > 0 {
            s += " The effect faded with a half-life of about \(String(format: "%.1f", h)) days after the campaign."
        }
        s +=
            c.significant
            ? " The 95% interval excludes zero: the increase is unlikely to be chance."
            : " The 95% interval includes zero: the campaign may have had no effect on contacts."
        if let answered = c.extraAnsweredContacts, let low = c.extraAnsweredLow, let high = c.extraAnsweredHigh,
            let unanswered = c.extraUnansweredContacts, let rate = c.baselineAnswerRate, c.significant
        {
            s += " Of the extra \(contactWord(c.channel)) offered, about \(grouped(about(answered))) were answered "
            s += "(\(grouped(about(low))) to \(grouped(about(high)))) and about \(grouped(about(max(0, unanswered)))) went unanswered, "
            s += "at an answer rate of \(Int((rate * 100).rounded()))% in the eight weeks before."
        }
        return s
    }

    func duration(_ c: Campaign) -> String {
        guard let s = LocalDay(iso: c.start), let e = LocalDay(iso: c.end) else { return "\(c.start) to \(c.end)" }
        let days = s.days(to: e) + 1
        return c.running
            ? "since \(c.start), still running (\(days) days up to the last day of data, \(c.end))"
            : "\(c.start) to \(c.end) (\(days) days)"
    }

    /// The report in `format`, ending with a newline.
    public func rendered(as format: ReportFormat) throws -> String {
        switch format {
        case .json: return try ReportText.json(self)
        case .csv: return csv()
        case .markdown: return markdown()
        case .table: return table()
        case .html: throw ReportError("--format html is available for the monthly report; use markdown for the campaign report")
        }
    }

    static let csvHeader = [
        "id", "name", "helpline", "channel", "start", "end", "carryOverHalfLifeDays", "observedContacts", "expectedContacts", "upliftContacts",
        "upliftLow", "upliftHigh", "upliftPercent", "costEur", "costPerExtraContactEur", "costPerExtraContactLowEur",
        "costPerExtraContactHighEur", "overlapsWith", "significant", "warnings", "extraAnsweredContacts", "extraAnsweredLow",
        "extraAnsweredHigh", "extraUnansweredContacts",
    ]

    func csv() -> String {
        var lines = [Self.csvHeader.joined(separator: ",")]
        for c in campaigns {
            let fields = [
                c.id, c.name, c.helpline, c.channel, c.start, c.end, ReportText.number(c.carryOverHalfLifeDays),
                c.observedContacts.map { String(Int($0.rounded())) } ?? "", ReportText.number(c.expectedContacts),
                ReportText.number(c.upliftContacts), ReportText.number(c.upliftLow), ReportText.number(c.upliftHigh),
                ReportText.number(c.upliftPercent), c.costEur.map { String(format: "%.2f", $0) } ?? "", ReportText.number(c.costPerExtraContactEur),
                ReportText.number(c.costPerExtraContactLowEur), ReportText.number(c.costPerExtraContactHighEur),
                c.overlapsWith.joined(separator: " "), c.significant ? "true" : "false", c.warnings.joined(separator: "; "),
                ReportText.number(c.extraAnsweredContacts), ReportText.number(c.extraAnsweredLow), ReportText.number(c.extraAnsweredHigh),
                ReportText.number(c.extraUnansweredContacts),
            ]
            lines.append(fields.map(ReportText.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func table() -> String {
        let header = [
            "campaign", "helpline", "channel", "start", "end", "observed", "expected", "extra (95% CI)", "change", "cost EUR",
            "EUR per extra (95% CI)", "significant", "extra answered (95% CI)", "extra unanswered",
        ]
        func n(_ v: Double?) -> String { v.map { Self.grouped(Int($0.rounded())) } ?? "–" }
        let rows = campaigns.map { c -> [String] in
            let extra = c.upliftContacts.map { "\(n($0)) (\(n(c.upliftLow)) to \(n(c.upliftHigh)))" } ?? "–"
            let perContact = c.costPerExtraContactEur.map {
                String(format: "%.1f", $0) + " (\(ReportText.number(c.costPerExtraContactLowEur))–\(ReportText.number(c.costPerExtraContactHighEur)))"
            }
            return [
                c.id, c.helpline, c.channel, c.start, c.end + (c.running ? " (running)" : ""), n(c.observedContacts), n(c.expectedContacts), extra,
                ReportText.percent(c.upliftPercent), c.costEur.map { String(format: "%.2f", $0) } ?? "–", perContact ?? "–",
                c.upliftContacts == nil ? "–" : (c.significant ? "yes" : "no"),
                c.extraAnsweredContacts.map { "\(n($0)) (\(n(c.extraAnsweredLow)) to \(n(c.extraAnsweredHigh)))" } ?? "–",
                n(c.extraUnansweredContacts),
            ]
        }
        var out = ReportText.textTable(header: header, rows: rows)
        let notes = campaigns.flatMap { c in c.warnings.map { "  \(c.id) \(c.helpline)/\(c.channel): \($0)" } }
        if !notes.isEmpty { out += "\nwarnings:\n" + notes.joined(separator: "\n") + "\n" }
        out += "\n" + checksSentence() + "\n"
        return out
    }

    func modelSentence() -> String {
        var s = "Model: "
        switch model.family {
        case "negative_binomial": s += "negative binomial (NB2)"
        case "quasi_poisson": s += "quasi-Poisson"
        case "poisson": s += "Poisson"
        case let other?: s += other
        case nil: s += "per helpline and channel"
        }
        if let a = model.alpha { s += ", overdispersion α = \(String(format: "%.3f", a))" }
        if let k = model.fourierTerms { s += ", \(k) yearly seasonal term pair\(k == 1 ? "" : "s")" }
        s += "; trend, day of week and the helpline's holidays (by default Belgium's public and the Flemish school holidays) are taken into account"
        if !model.baselineEvents.isEmpty { s += ", and the recorded baseline events " + model.baselineEvents.joined(separator: ", ") }
        s += "."
        if let rho = model.residualAutocorrelationLag1, let k = model.varianceInflation28Days {
            s += String(
                format: " Day-to-day correlation left in the data: lag-1 %.2f, which makes a 4-week total vary %.2f× as much as independent days; the intervals allow for it.",
                rho, k)
        }
        return s
    }

    func checksSentence() -> String {
        var s = "Checks: "
        if let runs = checks.placeboRuns, let sig = checks.placeboSignificant {
            s += "\(sig) of \(runs) placebo campaigns (fake campaigns on quiet dates) came out significant (about 5% expected)"
        } else {
            s += "no placebo checks"
        }
        if let e = checks.backtestMeanAbsPercentError {
            s += "; the model predicted weekly contacts in the weeks before each campaign within \(String(format: "%.1f", e))% on average"
        }
        return s + "."
    }

    func markdown() -> String {
        var out = "# Campaign evaluation\n\n"
        out += "Generated \(ReportText.iso8601(generatedAt)). For each campaign: what it cost, how long it ran, where it was seen, "
        out += "and how many extra contacts the helpline received because of it, with a 95% interval. Extra contacts are the "
        out += "difference between the contacts received and what the model expects without the campaign. "
        out += modelSentence() + " " + checksSentence() + "\n"
        if campaigns.isEmpty { out += "\nNo campaign effects to show.\n" }
        var lastCampaign: String?
        for c in campaigns {
            if c.id != lastCampaign {
                out += "\n## \(c.name) (`\(c.id)`)\n\n"
                out += "- **Duration:** \(duration(c))\n"
                out += "- **Cost:** " + costText(c) + "\n"
                out += "- **Media channels:** \(c.mediaChannels.isEmpty ? "not recorded" : c.mediaChannels.joined(separator: ", "))\n"
                out += "- **Reach:** \(reachText(c))\n"
                let groups = c.targetGroups.map { $0.replacingOccurrences(of: "_", with: " ") }
                out += "- **Target groups:** \(groups.isEmpty ? "not recorded" : groups.joined(separator: ", "))\n"
                out += "- **Helplines:** \(c.helplines.joined(separator: ", "))\n"
                let next = c.notes.filter { $0.kind == "next_step" }.map(\.text)
                out += "- **Next steps:** \(next.isEmpty ? "none recorded" : next.joined(separator: " "))\n"
                let other = c.notes.filter { $0.kind != "next_step" }.map(\.text)
                if !other.isEmpty { out += "- **Notes:** \(other.joined(separator: " "))\n" }
                lastCampaign = c.id
            }
            let scope = c.channel == "all" ? "all channels" : "channel \(c.channel)"
            out += "\n**Evaluation, helpline \(c.helpline), \(scope):** \(Self.evaluationParagraph(c))\n"
            if !c.overlapsWith.isEmpty {
                out += "It overlapped with \(c.overlapsWith.joined(separator: ", ")); extra contacts on shared days are split between them.\n"
            }
            if !c.sensitivity.isEmpty {
                out += "\nOther baselines" + (c.sensitivityDisagrees ? " (they disagree with the estimate above)" : "") + ": "
                out +=
                    c.sensitivity.map { e in
                        guard let uplift = e.upliftContacts, let low = e.upliftLow, let high = e.upliftHigh else {
                            return "\(e.specification): not estimable" + (e.error.map { " (\($0))" } ?? "")
                        }
                        return "\(e.specification): about \(Self.grouped(Self.about(uplift))) "
                            + "(\(Self.grouped(Self.about(low))) to \(Self.grouped(Self.about(high))))"
                    }.joined(separator: "; ") + ".\n"
            }
            if !c.warnings.isEmpty {
                out += "\nCaveats:\n" + c.warnings.map { "- \($0)" }.joined(separator: "\n") + "\n"
            }
        }
        return out
    }

    func costText(_ c: Campaign) -> String {
        var s = c.costEur.map { Self.euros($0, cents: true) } ?? "not recorded"
        if !c.costItems.isEmpty {
            s +=
                " ("
                + c.costItems.map {
                    "\($0.item): \($0.currency) \(Self.grouped($0.amountCents / 100)).\(String(format: "%02d", $0.amountCents % 100))"
                }
                .joined(separator: "; ") + ")"
        }
        return s
    }

    func reachText(_ c: Campaign) -> String {
        guard !c.reach.isEmpty else { return "not recorded" }
        return c.reach.map { r in
            let value = r.value.rounded() == r.value ? Self.grouped(Int(r.value)) : String(format: "%.1f", r.value)
            return "\(value) (\(r.metric), \(r.source))"
        }.joined(separator: "; ")
    }
}
