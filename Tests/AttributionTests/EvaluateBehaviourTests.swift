import Attribution
import Foundation
import Testing

/// Errors, warnings, JSON shape and reproducibility of `CampaignAttribution.evaluate`.
@Suite struct EvaluateBehaviourTests {
    let start = LocalDay(year: 2022, month: 1, day: 3)!

    func series(days: Int, level: Double = 30, seed: UInt64 = 1) -> DailySeries {
        var g = SeededGenerator(seed: seed)
        return DailySeries(
            start: start,
            counts: (0..<days).map { i in
                let dow = (i % 7) >= 5 ? 0.6 : 1.0
                return Double(poissonDraw(level * dow, &g))
            })
    }

    func window(_ id: String, _ from: Int, _ to: Int, cost: Int? = nil) -> CampaignWindow {
        CampaignWindow(id: id, start: start.adding(days: from), end: start.adding(days: to), costCents: cost)
    }

    var quick: AttributionOptions {
        var o = AttributionOptions()
        o.placeboRuns = 0
        o.backtestWeeks = 0
        return o
    }

    @Test func campaignOutsideTheDataIsAnError() {
        let s = series(days: 500)
        #expect(throws: AttributionError.campaignHasNoDays(id: "late")) {
            try CampaignAttribution.evaluate(series: s, campaigns: [window("late", 600, 620)], holidays: .none, options: quick)
        }
    }

    @Test func identicalWindowsAreAnError() {
        let s = series(days: 500)
        #expect(throws: AttributionError.identicalCampaignWindows(ids: ["radio", "tv"])) {
            try CampaignAttribution.evaluate(
                series: s, campaigns: [window("radio", 400, 430), window("tv", 400, 430)], holidays: .none, options: quick)
        }
    }

    @Test func tooLittleDataIsAnError() {
        let s = series(days: 60)
        #expect(throws: AttributionError.insufficientData(days: 60, required: 90)) {
            try CampaignAttribution.evaluate(series: s, campaigns: [window("a", 30, 40)], holidays: .none, options: quick)
        }
    }

    @Test func invalidInputIsAnError() {
        let s = series(days: 500)
        #expect(throws: AttributionError.self) {
            try CampaignAttribution.evaluate(series: s, campaigns: [window("a", 40, 30)], holidays: .none, options: quick)
        }
        let negative = DailySeries(start: start, counts: [Double](repeating: 3, count: 200) + [-1])
        #expect(throws: AttributionError.self) {
            try CampaignAttribution.evaluate(series: negative, campaigns: [], holidays: .none, options: quick)
        }
    }

    @Test func rankDeficiencyNamesTheColumns() throws {
        let s = series(days: 200)
        let b = DesignBuilder(start: start, days: 200, holidays: .none, fourierTerms: 0)
        var x = b.build(campaigns: [window("a", 50, 80)], lambdas: [0])
        x.append(x.column(x.columns - 1), name: "campaign:copy", kind: .campaign(id: "copy"))
        do {
            _ = try GLMFitter.fit(y: s.counts, x: x, family: .poisson)
            Issue.record("expected rank deficiency")
        } catch {
            #expect(error == .rankDeficient(columns: ["campaign:copy"], dependsOn: ["campaign:a"]))
            #expect(error.code == "rank_deficient")
        }
    }

    @Test func zeroCountsDuringACampaignIsSeparation() throws {
        var counts = series(days: 300).counts
        for i in 100...130 { counts[i] = 0 }
        let s = DailySeries(start: start, counts: counts)
        #expect(throws: AttributionError.separation(columns: ["campaign:dead"])) {
            try CampaignAttribution.evaluate(series: s, campaigns: [window("dead", 100, 130)], holidays: .none, options: quick)
        }
    }

    @Test func nearlyCollinearCampaignsReportAJointEffect() throws {
        let s = series(days: 500)
        let r = try CampaignAttribution.evaluate(
            series: s, campaigns: [window("a", 400, 440), window("b", 401, 440)], holidays: .none, options: quick)
        #expect(r.campaigns[0].jointEffectWith == ["b"])
        #expect(r.campaigns[1].jointEffectWith == ["a"])
        #expect(r.campaigns[0].warnings.contains { $0.contains("not identified") })
        // Little data before the first campaign and no seasonality are flagged.
        #expect(r.warnings.contains { $0.contains("no yearly seasonality") } == false)
        #expect(r.warnings.contains { $0.contains("before the first campaign") } == false)
    }

    @Test func noEffectGivesNoCostAndAWarningWhy() throws {
        let s = series(days: 400, level: 12)
        let r = try CampaignAttribution.evaluate(
            series: s, campaigns: [window("quiet", 380, 395, cost: 1_000_000)], holidays: .none, options: quick)
        let c = r.campaigns[0]
        #expect(c.costEur == 10_000)
        #expect(r.warnings.contains { $0.contains("few contacts") })
        #expect(r.warnings.contains { $0.contains("no yearly seasonality") } == false)
        #expect(r.warnings.contains { $0.contains("before the first campaign") } == false)
        // The window ends five days before the data: the baseline is extrapolated, so no cost per contact yet.
        #expect(c.baselineExtrapolated)
        #expect(c.costPerExtraContactEur == nil && c.costPerExtraContactLowEur == nil && c.costPerExtraContactHighEur == nil)
        #expect(c.warnings.contains { $0.contains("baseline is extrapolated") })
    }

    @Test func jsonKeepsTheContractNamesAndNulls() throws {
        let s = series(days: 400)
        let r = try CampaignAttribution.evaluate(
            series: s, campaigns: [window("x", 300, 330, cost: 500_000)], holidays: .none, options: quick)
        let data = try JSONEncoder().encode(r)
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let model = object["model"] as! [String: Any]
        #expect(model["family"] as? String == "negative_binomial")
        #expect(model["fourierTerms"] as? Int == 2)
        let campaign = (object["campaigns"] as! [[String: Any]])[0]
        for key in [
            "id", "start", "end", "carryOverHalfLifeDays", "observedContacts", "expectedContacts", "upliftContacts", "upliftLow",
            "upliftHigh", "upliftPercent", "costEur", "costPerExtraContactEur", "costPerExtraContactLowEur", "costPerExtraContactHighEur",
            "overlapsWith", "significant", "warnings",
        ] {
            #expect(campaign.keys.contains(key), "missing \(key)")
        }
        #expect(campaign["start"] as? String == start.adding(days: 300).description)
        let checks = object["checks"] as! [String: Any]
        #expect(checks.keys.contains("backtestMeanAbsPercentError"), "kept as null when not run")
        #expect(checks["placeboRuns"] as? Int == 0)
        let decoded = try JSONDecoder().decode(AttributionReport.self, from: data)
        #expect(decoded.campaigns[0].upliftContacts == r.campaigns[0].upliftContacts)
    }

    @Test func noCampaignsStillFitsAndRunsPlacebos() throws {
        let s = series(days: 400)
        var o = quick
        o.placeboRuns = 5
        let r = try CampaignAttribution.evaluate(series: s, campaigns: [], holidays: .none, options: o)
        #expect(r.campaigns.isEmpty)
        #expect(r.checks.placeboRuns == 5, "four-week placebos without campaigns")
        #expect(r.model.diagnostics.p == 12)
    }

    @Test func campaignRunningPastTheDataIsFlagged() throws {
        let s = series(days: 400)
        let r = try CampaignAttribution.evaluate(series: s, campaigns: [window("open", 380, 420)], holidays: .none, options: quick)
        #expect(r.campaigns[0].warnings.contains { $0.contains("past the last day of data") })
        #expect(r.campaigns[0].attributionEnd == s.end)
    }

    @Test func bootstrapIsReproducibleForASeed() throws {
        let s = series(days: 400)
        var o = quick
        o.intervals = .bootstrap(replicates: 25)
        o.seed = 99
        let campaigns = [window("x", 300, 330)]
        let a = try CampaignAttribution.evaluate(series: s, campaigns: campaigns, holidays: .none, options: o)
        let b = try CampaignAttribution.evaluate(series: s, campaigns: campaigns, holidays: .none, options: o)
        #expect(a.campaigns[0].intervalMethod == "bootstrap")
        #expect(a.campaigns[0].upliftLow == b.campaigns[0].upliftLow)
        #expect(a.campaigns[0].upliftHigh == b.campaigns[0].upliftHigh)
        o.seed = 100
        let c = try CampaignAttribution.evaluate(series: s, campaigns: campaigns, holidays: .none, options: o)
        #expect(c.campaigns[0].upliftLow != a.campaigns[0].upliftLow)
    }
}

/// Poisson draws for test data (same sampler family as the module's, kept local to the tests).
func poissonDraw(_ mean: Double, _ g: inout SeededGenerator) -> Int {
    let limit = exp(-mean)
    var k = 0
    var prod = g.uniform()
    while prod > limit {
        k += 1
        prod *= g.uniform()
    }
    return k
}
