/// Each campaign's estimate under other baseline specifications: the other trend (a straight line
/// instead of yearly knots, or the reverse) and, when events were recorded, the model without them.
/// Carry-over is held at the reported fit's values, α is re-profiled, intervals are computed as
/// for the reported figure (its own residual correlation, the reported carry-over uncertainty and
/// placebo calibration).
enum Sensitivity {
    /// The specifications whose interval does not overlap the reported [low, high] (failed fits are ignored).
    static func disagreeing(_ estimates: [SensitivityEstimate], low: Double, high: Double) -> [String] {
        estimates.filter { $0.error == nil && ($0.upliftLow > high || $0.upliftHigh < low) }.map(\.specification)
    }

    static func estimates(
        y: [Double], series: DailySeries, holidays: HolidayCalendar, events: [BaselineEvent], campaigns: [CampaignWindow],
        options: AttributionOptions, lambdas: [Double], extraVariance: [Double], critical: Double, calibration: [Double]
    ) -> [[SensitivityEstimate]] {
        var specifications: [(name: String, trend: TrendSpecification, events: [BaselineEvent])] = []
        if options.trend == .linear {
            specifications.append(("piecewise-linear trend", .yearlyKnots, events))
        } else {
            specifications.append(("linear trend", .linear, events))
        }
        if !events.isEmpty { specifications.append(("without recorded events", options.trend, [])) }
        var out = [[SensitivityEstimate]](repeating: [], count: campaigns.count)
        for spec in specifications {
            let builder = DesignBuilder(
                start: series.start, days: y.count, holidays: holidays, fourierTerms: options.fourierTerms, trend: spec.trend,
                events: spec.events)
            do {
                let model = try ModelSelection.fit(
                    y: y, builder: builder, campaigns: campaigns, family: options.family, grid: [0], fixed: lambdas.map { $0 })
                let own =
                    options.allowForSerialCorrelation
                    ? SerialCorrelation(y: y, mu: model.glm.mu, family: model.glm.family, scale: model.glm.scale) : .independent
                let covariance = CoefficientCovariance(x: model.x, glm: model.glm, serial: own)
                let totals = CampaignTotals(
                    x: model.x, campaignColumns: model.campaignColumns, builder: builder, campaigns: campaigns,
                    tailCutoff: options.tailCutoff)
                let uplift = totals.sums(model.glm.coefficients).uplift
                let g = totals.upliftGradient(model.glm.coefficients)
                let p = model.glm.p
                for j in campaigns.indices {
                    let variance = covariance.variance(Array(g[(j * p)..<((j + 1) * p)])) + extraVariance[j]
                    let se = variance.squareRoot() * calibration[j]
                    out[j].append(
                        SensitivityEstimate(
                            specification: spec.name, upliftContacts: uplift[j], upliftLow: uplift[j] - critical * se,
                            upliftHigh: uplift[j] + critical * se, error: nil))
                }
            } catch {
                for j in campaigns.indices {
                    out[j].append(
                        SensitivityEstimate(specification: spec.name, upliftContacts: 0, upliftLow: 0, upliftHigh: 0, error: error.description))
                }
            }
        }
        return out
    }
}
