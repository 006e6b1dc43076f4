import Foundation

/// Entry point: did each campaign work, by how much, how sure are we, and what did each extra
/// contact cost?
public enum CampaignAttribution {
    /// Fits the count model to `series` with one carry-over column per campaign, splits the
    /// model's excess among overlapping campaigns (Shapley), and returns per-campaign uplift with
    /// intervals, cost per extra contact, warnings, model diagnostics and the placebo/backtest
    /// checks. Pure computation: no I/O; deterministic for given inputs and `options.seed`.
    ///
    /// - Throws: `AttributionError` for too little data, invalid input, campaigns with no days in
    ///   the data or identical windows, rank deficiency, separation, or non-convergence.
    public static func evaluate(
        series: DailySeries, campaigns: [CampaignWindow], holidays: HolidayCalendar, options: AttributionOptions = AttributionOptions()
    ) throws(AttributionError) -> AttributionReport {
        let y = series.counts
        let n = y.count
        try validate(series: series, campaigns: campaigns, options: options)
        let builder = DesignBuilder(start: series.start, days: n, holidays: holidays, fourierTerms: options.fourierTerms)
        try checkCampaignColumns(builder: builder, campaigns: campaigns)
        let required = max(90, 3 * (builder.base.columns + campaigns.count))
        guard n >= required else { throw .insufficientData(days: n, required: required) }

        let fixed: [Double?] = campaigns.map { options.fixedCarryOver[$0.id] }
        let model = try ModelSelection.fit(
            y: y, builder: builder, campaigns: campaigns, family: options.family, grid: options.carryOverGrid, fixed: fixed,
            penalty: options.carryOverPenalty)
        let glm = model.glm
        let p = glm.p
        let m = campaigns.count
        let totals = CampaignTotals(
            x: model.x, campaignColumns: model.campaignColumns, builder: builder, campaigns: campaigns, tailCutoff: options.tailCutoff)
        let point = totals.sums(glm.coefficients)
        let gradient = totals.upliftGradient(glm.coefficients)
        let upliftCov = CampaignTotals.sandwich(gradient, m: m, p: p, covariance: glm.covariance)
        let level = options.confidenceLevel
        let critical = Distributions.normalQuantile(0.5 + level / 2)

        // Intervals: delta method (plus carry-over uncertainty), bootstrap where asked.
        var extra = [Double](repeating: 0, count: m)
        if options.includeCarryOverUncertainty && options.carryOverGrid.count > 1 {
            extra = CarryOverUncertainty.extraVariance(
                model: model, y: y, builder: builder, campaigns: campaigns, grid: options.carryOverGrid, fixed: fixed,
                selectedUplift: point.uplift, tailCutoff: options.tailCutoff)
        }
        var se = (0..<m).map { (upliftCov[$0 * m + $0] + extra[$0]).squareRoot() }
        var low = (0..<m).map { point.uplift[$0] - critical * se[$0] }
        var high = (0..<m).map { point.uplift[$0] + critical * se[$0] }
        var method = [String](repeating: "delta", count: m)
        var modelWarnings: [String] = []
        let bootstrapTargets: [Int]
        let replicates: Int
        switch options.intervals {
        case .deltaMethod:
            bootstrapTargets = []
            replicates = 0
        case .bootstrap(let r):
            bootstrapTargets = Array(0..<m)
            replicates = r
        case .bootstrapForCarryOver(let r):
            bootstrapTargets = (0..<m).filter { model.lambdas[$0] > 0 }
            replicates = r
        }
        if !bootstrapTargets.isEmpty && replicates > 1 {
            let boot = ParametricBootstrap.run(
                model: model, builder: builder, campaigns: campaigns, grid: options.carryOverGrid, fixed: fixed, replicates: replicates,
                seed: options.seed, tailCutoff: options.tailCutoff, penalty: options.carryOverPenalty)
            if boot.failures > 0 {
                modelWarnings.append("\(boot.failures) of \(replicates) bootstrap refits failed and were left out")
            }
            for j in bootstrapTargets where boot.draws[j].count >= 20 {
                let d = boot.draws[j].sorted()
                low[j] = ParametricBootstrap.quantile(d, (1 - level) / 2)
                high[j] = ParametricBootstrap.quantile(d, 0.5 + level / 2)
                let mean = d.reduce(0, +) / Double(d.count)
                se[j] = (d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(d.count - 1)).squareRoot()
                method[j] = "bootstrap"
            }
        }

        // Data-sufficiency warnings.
        let mean = y.reduce(0, +) / Double(max(1, n))
        if mean < options.minimumMeanDailyContacts {
            modelWarnings.append(
                "few contacts: \(format(mean, 1)) a day on average (under \(format(options.minimumMeanDailyContacts, 0))); intervals are wide")
        }
        if builder.fourierTerms == 0 {
            modelWarnings.append(
                "less than a year of data: no yearly seasonality in the model, so seasonal swings can be mistaken for campaign effects")
        }
        if let firstStart = campaigns.map(\.start).min(), series.start.days(to: firstStart) < 365 {
            modelWarnings.append(
                "only \(max(0, series.start.days(to: firstStart))) days of data before the first campaign (a year is advised); the baseline is less certain"
            )
        }

        // Collinearity among campaign columns.
        var joint = [[Int]](repeating: [], count: m)
        for a in 0..<m {
            for b in (a + 1)..<max(a + 1, m) {
                let r = correlation(model.x.column(model.campaignColumns[a]), model.x.column(model.campaignColumns[b]))
                if r > options.collinearityThreshold {
                    joint[a].append(b)
                    joint[b].append(a)
                }
            }
        }

        var effects: [CampaignEffect] = []
        for (j, c) in campaigns.enumerated() {
            let w = totals.windows[j]
            var warnings = modelWarnings.filter { !$0.hasPrefix("only ") || series.start.days(to: c.start) < 365 }
            let observed = w.reduce(0.0) { $0 + y[$1] }
            let uplift = point.uplift[j]
            let expected = point.fitted[j] - uplift
            let overlaps = (0..<m).filter { k in k != j && totals.windows[k].overlaps(w) }.map { campaigns[$0].id }
            if builder.start.days(to: c.end) >= n {
                warnings.append("the campaign runs past the last day of data (\(series.end)); only days up to then are counted")
            } else if totals.tailTruncated[j] {
                warnings.append("the carry-over continues past the last day of data (\(series.end)); later extra contacts are not counted yet")
            }
            if c.start < series.start {
                warnings.append("the campaign started before the first day of data; days before \(series.start) are not counted")
            }
            if fixed[j] == nil, let top = options.carryOverGrid.max(), top > 0, model.lambdas[j] == top {
                warnings.append("carry-over is at the top of the grid (λ = \(format(top, 2))); the effect may last longer than modelled")
            }
            for k in joint[j] {
                let sum = uplift + point.uplift[k]
                let v = upliftCov[j * m + j] + upliftCov[k * m + k] + 2 * upliftCov[j * m + k]
                let h = critical * max(0, v).squareRoot()
                warnings.append(
                    "\(c.id) and \(campaigns[k].id) ran on almost the same days (correlation above \(format(options.collinearityThreshold, 2))): "
                        + "the split between them is not identified; together about \(format(sum, 0)) extra contacts (\(format(sum - h, 0))–\(format(sum + h, 0)))"
                )
            }
            let cost = CostPerContact(costEur: c.costEur, uplift: uplift, low: low[j], high: high[j])
            if let why = cost.warning { warnings.append(why) }
            let significant = low[j] > 0 || high[j] < 0
            let pct = expected > 0 ? 100 / expected : .nan
            effects.append(
                CampaignEffect(
                    id: c.id, start: c.start, end: c.end, attributionEnd: builder.start.adding(days: w.upperBound),
                    carryOverLambda: model.lambdas[j], carryOverHalfLifeDays: Adstock.halfLifeDays(lambda: model.lambdas[j]),
                    observedContacts: observed, expectedContacts: expected, fittedContacts: point.fitted[j],
                    baselineContacts: point.baseline[j], upliftContacts: uplift, upliftStandardError: se[j], upliftLow: low[j],
                    upliftHigh: high[j], upliftPercent: uplift * pct, upliftPercentLow: low[j] * pct, upliftPercentHigh: high[j] * pct,
                    intervalMethod: method[j], costEur: c.costEur, costPerExtraContactEur: cost.perContact,
                    costPerExtraContactLowEur: cost.low, costPerExtraContactHighEur: cost.high, overlapsWith: overlaps,
                    jointEffectWith: joint[j].map { campaigns[$0].id }, significant: significant, warnings: warnings))
        }

        // Checks.
        var checks = CheckSummary(placeboRuns: 0, placeboSignificant: 0, backtestMeanAbsPercentError: nil, backtestCampaigns: 0)
        if options.placeboRuns > 0 {
            let r = PlaceboCheck.run(
                model: model, y: y, builder: builder, campaigns: campaigns, windows: totals.windows, runs: options.placeboRuns,
                seed: options.seed, critical: critical)
            checks.placeboRuns = r.runs
            checks.placeboSignificant = r.significant
        }
        if options.backtestWeeks > 0 {
            let r = BacktestCheck.run(model: model, y: y, builder: builder, campaigns: campaigns, weeks: options.backtestWeeks)
            checks.backtestMeanAbsPercentError = r.meanAbsPercentError
            checks.backtestCampaigns = r.campaigns
        }

        let summary = ModelSummary(
            family: options.family, alpha: model.alpha, scale: glm.scale, fourierTerms: builder.fourierTerms, dataStart: series.start,
            dataEnd: series.end, meanDailyContacts: mean,
            diagnostics: ModelDiagnostics(
                deviance: glm.deviance, pearsonChi2: glm.pearsonChi2, dispersion: glm.pearsonChi2 / Double(max(1, n - p)),
                logLikelihood: glm.logLikelihood, iterations: glm.iterations, n: n, p: p),
            columns: glm.columnNames, coefficients: glm.coefficients, standardErrors: glm.standardErrors)
        let baseline = MonthlyBaselines.compute(
            y: y, x: model.x, campaignColumns: model.campaignColumns, glm: glm, start: series.start, critical: critical)
        return AttributionReport(model: summary, campaigns: effects, checks: checks, warnings: modelWarnings, baseline: baseline)
    }

    // MARK: Input checks

    static func validate(series: DailySeries, campaigns: [CampaignWindow], options: AttributionOptions) throws(AttributionError) {
        if let bad = series.counts.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
            throw .invalidInput("count on \(series.day(at: bad)) is \(series.counts[bad]); counts must be finite and ≥ 0")
        }
        var seen = Set<String>()
        for c in campaigns {
            if c.end < c.start { throw .invalidInput("campaign \(c.id) ends (\(c.end)) before it starts (\(c.start))") }
            if !seen.insert(c.id).inserted { throw .invalidInput("campaign id \(c.id) appears twice") }
            if let cost = c.costCents, cost < 0 { throw .invalidInput("campaign \(c.id) has a negative cost") }
        }
        for (id, l) in options.fixedCarryOver where !(l >= 0 && l < 1) {
            throw .invalidInput("fixed carry-over for \(id) is \(l); it must be in [0, 1)")
        }
        if options.carryOverGrid.isEmpty || options.carryOverGrid.contains(where: { !($0 >= 0 && $0 < 1) }) {
            throw .invalidInput("carry-over grid values must be in [0, 1)")
        }
        if !(options.carryOverPenalty >= 0) { throw .invalidInput("carry-over penalty must be ≥ 0") }
        if !(options.confidenceLevel > 0 && options.confidenceLevel < 1) {
            throw .invalidInput("confidence level must be between 0 and 1")
        }
    }

    /// Campaigns with no day in the data, or with identical on-days, cannot be estimated.
    static func checkCampaignColumns(builder: DesignBuilder, campaigns: [CampaignWindow]) throws(AttributionError) {
        var groups: [[Double]: [String]] = [:]
        var order: [[Double]] = []
        for c in campaigns {
            let on = builder.onIndicator(c)
            if !on.contains(1) { throw .campaignHasNoDays(id: c.id) }
            if groups[on] == nil { order.append(on) }
            groups[on, default: []].append(c.id)
        }
        for key in order where groups[key]!.count > 1 {
            throw .identicalCampaignWindows(ids: groups[key]!)
        }
    }

    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n
        let mb = b.reduce(0, +) / n
        var sab = 0.0
        var saa = 0.0
        var sbb = 0.0
        for i in a.indices {
            sab += (a[i] - ma) * (b[i] - mb)
            saa += (a[i] - ma) * (a[i] - ma)
            sbb += (b[i] - mb) * (b[i] - mb)
        }
        return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
    }

    static func format(_ v: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", v)
    }
}
