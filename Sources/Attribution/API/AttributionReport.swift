/// The estimated effect of one campaign. Field names follow the report's JSON contract.
public struct CampaignEffect: Sendable, Hashable, Codable {
    public var id: String
    public var start: LocalDay
    public var end: LocalDay
    /// Last day counted for this campaign (its end plus the carry-over tail, within the data).
    public var attributionEnd: LocalDay
    /// Selected carry-over λ (0 = none).
    public var carryOverLambda: Double
    /// ln 0.5 / ln λ (0 when λ = 0).
    public var carryOverHalfLifeDays: Double
    /// Contacts counted from `start` to `attributionEnd`.
    public var observedContacts: Double
    /// What the model expects over the same days without this campaign (its share removed;
    /// overlapping campaigns kept).
    public var expectedContacts: Double
    /// The model's fitted contacts over the same days.
    public var fittedContacts: Double
    /// Counterfactual with every campaign off over the same days (Σ μ⁰).
    public var baselineContacts: Double
    /// Φ: extra contacts attributed to this campaign (Shapley share of the model excess).
    public var upliftContacts: Double
    public var upliftStandardError: Double
    public var upliftLow: Double
    public var upliftHigh: Double
    /// 100·uplift / expected.
    public var upliftPercent: Double
    public var upliftPercentLow: Double
    public var upliftPercentHigh: Double
    /// "delta" or "bootstrap".
    public var intervalMethod: String
    public var costEur: Double?
    /// cost / uplift, when the interval's lower bound is above zero.
    public var costPerExtraContactEur: Double?
    /// cost / upper bound.
    public var costPerExtraContactLowEur: Double?
    /// cost / lower bound.
    public var costPerExtraContactHighEur: Double?
    /// Campaigns whose attribution windows share days with this one.
    public var overlapsWith: [String]
    /// Campaigns whose columns correlate above the threshold: only the joint effect is identified.
    public var jointEffectWith: [String]
    /// The interval excludes zero.
    public var significant: Bool
    public var warnings: [String]
    /// The window ends within the last weeks of data, the campaign is still running or its
    /// carry-over is not over: its baseline is an extrapolation and no cost per contact is given.
    public var baselineExtrapolated: Bool = false
    /// Factor (≥ 1) by which the interval was widened because the campaign's placebos varied more
    /// than N(0, 1) (1: no widening; also 1 when too few placebos fit).
    public var placeboCalibrationFactor: Double = 1
    /// Root mean square of the campaign's placebo z-scores (nil: fewer than the minimum).
    public var placeboNullScale: Double?
    /// Placebos of this campaign's length that were fitted.
    public var placeboRuns: Int = 0
    /// The estimate under other baseline specifications.
    public var sensitivity: [SensitivityEstimate] = []
    /// Some specification's interval does not overlap the reported one.
    public var sensitivityDisagrees: Bool = false

    private enum CodingKeys: String, CodingKey {
        case id, start, end, attributionEnd, carryOverLambda, carryOverHalfLifeDays, observedContacts, expectedContacts,
            fittedContacts, baselineContacts, upliftContacts, upliftStandardError, upliftLow, upliftHigh, upliftPercent,
            upliftPercentLow, upliftPercentHigh, intervalMethod, costEur, costPerExtraContactEur, costPerExtraContactLowEur,
            costPerExtraContactHighEur, overlapsWith, jointEffectWith, significant, warnings, baselineExtrapolated,
            placeboCalibrationFactor, placeboNullScale, placeboRuns, sensitivity, sensitivityDisagrees
    }

    /// Encodes every field; absent optionals as JSON `null` (the contract keeps the keys).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(attributionEnd, forKey: .attributionEnd)
        try c.encode(carryOverLambda, forKey: .carryOverLambda)
        try c.encode(carryOverHalfLifeDays, forKey: .carryOverHalfLifeDays)
        try c.encode(observedContacts, forKey: .observedContacts)
        try c.encode(expectedContacts, forKey: .expectedContacts)
        try c.encode(fittedContacts, forKey: .fittedContacts)
        try c.encode(baselineContacts, forKey: .baselineContacts)
        try c.encode(upliftContacts, forKey: .upliftContacts)
        try c.encode(upliftStandardError, forKey: .upliftStandardError)
        try c.encode(upliftLow, forKey: .upliftLow)
        try c.encode(upliftHigh, forKey: .upliftHigh)
        try c.encode(upliftPercent, forKey: .upliftPercent)
        try c.encode(upliftPercentLow, forKey: .upliftPercentLow)
        try c.encode(upliftPercentHigh, forKey: .upliftPercentHigh)
        try c.encode(intervalMethod, forKey: .intervalMethod)
        try c.encode(costEur, forKey: .costEur)
        try c.encode(costPerExtraContactEur, forKey: .costPerExtraContactEur)
        try c.encode(costPerExtraContactLowEur, forKey: .costPerExtraContactLowEur)
        try c.encode(costPerExtraContactHighEur, forKey: .costPerExtraContactHighEur)
        try c.encode(overlapsWith, forKey: .overlapsWith)
        try c.encode(jointEffectWith, forKey: .jointEffectWith)
        try c.encode(significant, forKey: .significant)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(baselineExtrapolated, forKey: .baselineExtrapolated)
        try c.encode(placeboCalibrationFactor, forKey: .placeboCalibrationFactor)
        try c.encode(placeboNullScale, forKey: .placeboNullScale)
        try c.encode(placeboRuns, forKey: .placeboRuns)
        try c.encode(sensitivity, forKey: .sensitivity)
        try c.encode(sensitivityDisagrees, forKey: .sensitivityDisagrees)
    }
}

/// One campaign's estimate under another baseline specification.
public struct SensitivityEstimate: Sendable, Hashable, Codable {
    /// "reported", "linear trend", "piecewise-linear trend", "without recorded events".
    public var specification: String
    public var upliftContacts: Double
    public var upliftLow: Double
    public var upliftHigh: Double
    /// Why the fit failed under this specification (e.g. rank deficiency); the figures are then 0.
    public var error: String?
}

/// Fit diagnostics of the final model.
public struct ModelDiagnostics: Sendable, Hashable, Codable {
    public var deviance: Double
    public var pearsonChi2: Double
    /// Pearson χ²/(n − p): ≈ 1 when the variance function fits.
    public var dispersion: Double
    public var logLikelihood: Double
    public var iterations: Int
    public var n: Int
    public var p: Int
    /// Autocorrelation of the Pearson residuals at lags 1, 2, … 14 days.
    public var residualAutocorrelation: [Double] = []
    /// 1 + 2Σ(1 − k/28)ρ_k: how much a four-week sum's variance is inflated by that correlation.
    public var varianceInflation28Days: Double = 1
}

/// The model behind the campaign figures.
public struct ModelSummary: Sendable, Hashable, Codable {
    public var family: ModelFamily
    /// NB2 α (nil for Poisson and quasi-Poisson).
    public var alpha: Double?
    /// φ used for the covariance (1 for Poisson and NB2).
    public var scale: Double
    public var fourierTerms: Int
    public var dataStart: LocalDay
    public var dataEnd: LocalDay
    public var meanDailyContacts: Double
    public var diagnostics: ModelDiagnostics
    public var columns: [String]
    public var coefficients: [Double]
    /// Model-based standard errors (independent days).
    public var standardErrors: [Double]
    /// "linear" or "piecewise-linear (knots every 365 days)".
    public var trend: String = "linear"
    /// Recorded non-campaign events in the model (ids).
    public var baselineEvents: [String] = []
}

/// Placebo and backtest results.
public struct CheckSummary: Sendable, Hashable, Codable {
    /// Placebo campaigns fitted.
    public var placeboRuns: Int
    /// Of those, how many came out significant (≈ 5% expected at the 95% level).
    public var placeboSignificant: Int
    /// Mean absolute % error of weekly totals in the held-out weeks before each campaign.
    public var backtestMeanAbsPercentError: Double?
    /// Campaigns for which a backtest could be run.
    public var backtestCampaigns: Int
    /// Share of placebos whose interval excluded zero before calibration (≈ 0.05 if the model is right).
    public var placeboFalsePositiveRate: Double? = nil
    /// Share of held-out weeks inside their 95% prediction interval (≈ 0.95 if the forecast is right).
    public var backtestIntervalCoverage: Double? = nil
    /// The mean absolute % error that count noise alone would give on the same weeks.
    public var backtestNoiseMeanAbsPercentError: Double? = nil
    /// Held-out weeks scored.
    public var backtestWeeks: Int = 0

    public init(placeboRuns: Int, placeboSignificant: Int, backtestMeanAbsPercentError: Double?, backtestCampaigns: Int) {
        self.placeboRuns = placeboRuns
        self.placeboSignificant = placeboSignificant
        self.backtestMeanAbsPercentError = backtestMeanAbsPercentError
        self.backtestCampaigns = backtestCampaigns
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(placeboRuns, forKey: .placeboRuns)
        try c.encode(placeboSignificant, forKey: .placeboSignificant)
        try c.encode(backtestMeanAbsPercentError, forKey: .backtestMeanAbsPercentError)
        try c.encode(backtestCampaigns, forKey: .backtestCampaigns)
        try c.encode(placeboFalsePositiveRate, forKey: .placeboFalsePositiveRate)
        try c.encode(backtestIntervalCoverage, forKey: .backtestIntervalCoverage)
        try c.encode(backtestNoiseMeanAbsPercentError, forKey: .backtestNoiseMeanAbsPercentError)
        try c.encode(backtestWeeks, forKey: .backtestWeeks)
    }
}

/// Everything `CampaignAttribution.evaluate` found.
public struct AttributionReport: Sendable, Hashable, Codable {
    public var model: ModelSummary
    public var campaigns: [CampaignEffect]
    public var checks: CheckSummary
    /// Warnings about the whole model (data sufficiency, …); campaign-specific ones are on each campaign.
    public var warnings: [String]
    /// Expected contacts per calendar month without any campaign, over the whole data range.
    public var baseline: [MonthlyBaseline]
}
