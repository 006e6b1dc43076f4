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
        series: DailySeries, campaigns: [CampaignWindow], holidays: HolidayCalendar, events: [BaselineEvent] = [],
        options: AttributionOptions = AttributionOptions()
    ) throws(AttributionError) -> AttributionReport {
        let y = series.counts
        let n = y.count
        try validate(series: series, campaigns: campaigns, events: events, options: options)
        let builder = DesignBuilder(
            start: series.start, days: n, holidays: holidays, fourierTerms: options.fourierTerms, trend: options.trend, events: events)
        try checkCampaignColumns(builder: builder, campaigns: campaigns)
        let required = max(90, 3 * (builder.base.columns + campaigns.count))
        guard n >= required else { throw .insufficientData(days: n, required: required) }

        let fixed: [Double?] = campaigns.map { options.fixedCarryOver[$0.id] }
        let model = try ModelSelection.fit(
            y: y, builder: builder, campaigns: campaigns, family: options.family, grid: options.carryOverGrid, fixed: fixed,
            penalty: options.carryOverPenalty)
        let glm = model.glm
        let m = campaigns.count
        // Measured on every fit (reported), used in the variances unless switched off.
        let measured = SerialCorrelation(y: y, mu: glm.mu, family: glm.family, scale: glm.scale)
        let serial = options.allowForSerialCorrelation ? measured : SerialCorrelation.independent
        let covariance = CoefficientCovariance(x: model.x, glm: glm, serial: serial)
        let totals = CampaignTotals(
            x: model.x, campaignColumns: model.campaignColumns, builder: builder, campaigns: campaigns, tailCutoff: options.tailCutoff)
        let point = totals.sums(glm.coefficients)
        let gradients = totals.gradients(glm.coefficients)
        let level = options.confidenceLevel
        let critical = Distributions.normalQuantile(0.5 + level / 2)

        // Placebos first: their spread calibrates every campaign interval.
        var checks = CheckSummary(placeboRuns: 0, placeboSignificant: 0, backtestMeanAbsPercentError: nil, backtestCampaigns: 0)
        var placebo = PlaceboCheck.Result(z: [[Double]](repeating: [], count: max(1, m)), significant: 0)
        if options.placeboRuns > 0 {
            placebo = PlaceboCheck.run(
                model: model, y: y, builder: builder, campaigns: campaigns, windows: totals.windows, fixed: fixed,
                grid: options.carryOverGrid, penalty: options.carryOverPenalty, serial: serial, maxPerCampaign: options.placeboRuns,
                critical: critical)
            checks.placeboRuns = placebo.runs
            checks.placeboSignificant = placebo.significant
            if placebo.runs > 0 { checks.placeboFalsePositiveRate = Double(placebo.significant) / Double(placebo.runs) }
        }
        let nullScale = (0..<m).map { placebo.nullScale($0, minimum: max(1, options.minimumPlacebosForCalibration)) }
        let calibration = nullScale.map { options.calibrateWithPlacebos ? max(1, $0 ?? 1) : 1 }

        // Intervals: delta method with the correlation-robust covariance (plus carry-over uncertainty),
        // widened by the placebo calibration; bootstrap where asked.
        var extra = [Double](repeating: 0, count: m)
        if options.includeCarryOverUncertainty && options.carryOverGrid.count > 1 {
            extra = CarryOverUncertainty.extraVariance(
                model: model, y: y, builder: builder, campaigns: campaigns, grid: options.carryOverGrid, fixed: fixed,
                selectedUplift: point.uplift, tailCutoff: options.tailCutoff)
        }
        let p = glm.p
        func row(_ g: [Double], _ j: Int) -> [Double] { Array(g[(j * p)..<((j + 1) * p)]) }
        var se = (0..<m).map { j in (covariance.variance(row(gradients.uplift, j)) + extra[j]).squareRoot() * calibration[j] }
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

        // Data-sufficiency and calibration warnings.
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
        if let rate = checks.placeboFalsePositiveRate, rate > 0.10 {
            modelWarnings.append(
                "\(format(100 * rate, 0))% of \(checks.placeboRuns) placebo campaigns came out significant (about 5% expected): the series has swings the model does not explain; intervals were widened by the placebos' spread, but record known events (level shifts, media stories, outages) to explain them"
            )
        }
        if let rho = serial.autocorrelation.first, rho > 0.2 {
            modelWarnings.append(
                "strong day-to-day correlation left in the data (lag-1 residual autocorrelation \(format(rho, 2))): intervals allow for it, but a missing event or trend change may be behind it"
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

        let sensitivity =
            options.sensitivity
            ? Sensitivity.estimates(
                y: y, series: series, holidays: holidays, events: events, campaigns: campaigns, options: options, lambdas: model.lambdas,
                extraVariance: extra, critical: critical, calibration: calibration)
            : [[SensitivityEstimate]](repeating: [], count: m)

        var effects: [CampaignEffect] = []
        for (j, c) in campaigns.enumerated() {
            let w = totals.windows[j]
            var warnings = modelWarnings.filter { !$0.hasPrefix("only ") || series.start.days(to: c.start) < 365 }
            let observed = w.reduce(0.0) { $0 + y[$1] }
            let uplift = point.uplift[j]
            let expected = point.fitted[j] - uplift
            let overlaps = (0..<m).filter { k in k != j && totals.windows[k].overlaps(w) }.map { campaigns[$0].id }
            let extrapolated = w.upperBound >= n - max(1, options.extrapolationMarginDays) || totals.tailTruncated[j]
            if builder.start.days(to: c.end) >= n {
                warnings.append("the campaign runs past the last day of data (\(series.end)); only days up to then are counted")
            } else if totals.tailTruncated[j] {
                warnings.append("the carry-over continues past the last day of data (\(series.end)); later extra contacts are not counted yet")
            } else if extrapolated {
                warnings.append(
                    "the campaign's window ends within \(options.extrapolationMarginDays) days of the last day of data (\(series.end)): its baseline is extrapolated and may still change"
                )
            }
            if c.start < series.start {
                warnings.append("the campaign started before the first day of data; days before \(series.start) are not counted")
            }
            if fixed[j] == nil, let top = options.carryOverGrid.max(), top > 0, model.lambdas[j] == top {
                warnings.append("carry-over is at the top of the grid (λ = \(format(top, 2))); the effect may last longer than modelled")
            }
            if calibration[j] > 1.05 {
                warnings.append(
                    "placebos of this campaign's length varied \(format(calibration[j], 2))× more than the model expects; the interval was widened by that factor"
                )
            }
            for k in joint[j] {
                let sum = uplift + point.uplift[k]
                let g = zip(row(gradients.uplift, j), row(gradients.uplift, k)).map { $0 + $1 }
                let h = critical * max(calibration[j], calibration[k]) * max(0, covariance.variance(g)).squareRoot()
                warnings.append(
                    "\(c.id) and \(campaigns[k].id) ran on almost the same days (correlation above \(format(options.collinearityThreshold, 2))): "
                        + "the split between them is not identified; together about \(format(sum, 0)) extra contacts (\(format(sum - h, 0))–\(format(sum + h, 0)))"
                )
            }
            let cost: CostPerContact
            if extrapolated && c.costEur != nil {
                cost = CostPerContact(
                    withheld:
                        "cost per extra contact not given yet: the baseline is extrapolated until the carry-over has ended and some weeks of data follow"
                )
            } else if !joint[j].isEmpty && c.costEur != nil {
                cost = CostPerContact(
                    withheld:
                        "cost per extra contact not given: only the joint effect with \(joint[j].map { campaigns[$0].id }.joined(separator: ", ")) is identified"
                )
            } else {
                cost = CostPerContact(costEur: c.costEur, uplift: uplift, low: low[j], high: high[j])
            }
            if let why = cost.warning { warnings.append(why) }
            let significant = low[j] > 0 || high[j] < 0
            // % uplift: delta method on Φ/E with E = F − Φ, so the expected count's uncertainty is in it.
            var percent = Double.nan
            var percentLow = Double.nan
            var percentHigh = Double.nan
            if expected > 0 {
                let gu = row(gradients.uplift, j)
                let gf = row(gradients.fitted, j)
                let ratioGradient = (0..<p).map { k in gu[k] / expected - uplift * (gf[k] - gu[k]) / (expected * expected) }
                let ratioSE: Double
                if method[j] == "bootstrap" {
                    ratioSE = se[j] / expected
                } else {
                    ratioSE = (covariance.variance(ratioGradient) + extra[j] / (expected * expected)).squareRoot() * calibration[j]
                }
                percent = 100 * uplift / expected
                percentLow = 100 * (uplift / expected - critical * ratioSE)
                percentHigh = 100 * (uplift / expected + critical * ratioSE)
            }
            var effect = CampaignEffect(
                id: c.id, start: c.start, end: c.end, attributionEnd: builder.start.adding(days: w.upperBound),
                carryOverLambda: model.lambdas[j], carryOverHalfLifeDays: Adstock.halfLifeDays(lambda: model.lambdas[j]),
                observedContacts: observed, expectedContacts: expected, fittedContacts: point.fitted[j],
                baselineContacts: point.baseline[j], upliftContacts: uplift, upliftStandardError: se[j], upliftLow: low[j],
                upliftHigh: high[j], upliftPercent: percent, upliftPercentLow: percentLow, upliftPercentHigh: percentHigh,
                intervalMethod: method[j], costEur: c.costEur, costPerExtraContactEur: cost.perContact,
                costPerExtraContactLowEur: cost.low, costPerExtraContactHighEur: cost.high, overlapsWith: overlaps,
                jointEffectWith: joint[j].map { campaigns[$0].id }, significant: significant, warnings: warnings)
            effect.baselineExtrapolated = extrapolated
            effect.placeboCalibrationFactor = calibration[j]
            effect.placeboNullScale = nullScale[j]
            effect.placeboRuns = placebo.z[j].count
            effect.sensitivity = sensitivity[j]
            let names = Sensitivity.disagreeing(sensitivity[j], low: low[j], high: high[j])
            effect.sensitivityDisagrees = !names.isEmpty
            if effect.sensitivityDisagrees {
                effect.warnings.append(
                    "the estimate depends on the baseline: with \(names.joined(separator: ", ")) its interval does not overlap the reported one")
            }
            effects.append(effect)
        }

        if options.backtestWeeks > 0 {
            let r = BacktestCheck.run(
                model: model, y: y, builder: builder, campaigns: campaigns, weeks: options.backtestWeeks, serial: serial, critical: critical)
            checks.backtestMeanAbsPercentError = r.meanAbsPercentError
            checks.backtestNoiseMeanAbsPercentError = r.noiseMeanAbsPercentError
            checks.backtestIntervalCoverage = r.intervalCoverage
            checks.backtestWeeks = r.weeks
            checks.backtestCampaigns = r.campaigns
        }

        var diagnostics = ModelDiagnostics(
            deviance: glm.deviance, pearsonChi2: glm.pearsonChi2, dispersion: glm.pearsonChi2 / Double(max(1, n - p)),
            logLikelihood: glm.logLikelihood, iterations: glm.iterations, n: n, p: p)
        diagnostics.residualAutocorrelation = measured.autocorrelation
        diagnostics.varianceInflation28Days = measured.inflation(windowDays: 28)
        var summary = ModelSummary(
            family: options.family, alpha: model.alpha, scale: glm.scale, fourierTerms: builder.fourierTerms, dataStart: series.start,
            dataEnd: series.end, meanDailyContacts: mean, diagnostics: diagnostics, columns: glm.columnNames,
            coefficients: glm.coefficients, standardErrors: glm.standardErrors)
        summary.trend = options.trend.name
        summary.baselineEvents = model.x.kinds.compactMap { if case .baselineEvent(let id) = $0 { id } else { nil } }
        let baseline = MonthlyBaselines.compute(
            y: y, x: model.x, campaignColumns: model.campaignColumns, glm: glm, covariance: covariance, serial: serial,
            start: series.start, critical: critical)
        return AttributionReport(model: summary, campaigns: effects, checks: checks, warnings: modelWarnings, baseline: baseline)
    }

    // MARK: Input checks

    static func validate(
        series: DailySeries, campaigns: [CampaignWindow], events: [BaselineEvent], options: AttributionOptions
    ) throws(AttributionError) {
        var eventIDs = Set<String>()
        for e in events {
            if let end = e.end, end < e.start { throw .invalidInput("baseline event \(e.id) ends (\(end)) before it starts (\(e.start))") }
            if !eventIDs.insert(e.id).inserted { throw .invalidInput("baseline event id \(e.id) appears twice") }
        }
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
