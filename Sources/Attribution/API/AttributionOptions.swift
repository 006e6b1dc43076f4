/// How campaign intervals are computed.
public enum IntervalMethod: Sendable, Hashable {
    /// Delta method on the fitted coefficients, carry-over held at its selected value.
    case deltaMethod
    /// Seeded parametric bootstrap: simulate from the fitted model, refit, re-select carry-over
    /// and α, and take percentile intervals. `replicates` refits (≥ 200 recommended).
    case bootstrap(replicates: Int)
    /// Delta method for campaigns whose selected carry-over is 0 and bootstrap for the others.
    case bootstrapForCarryOver(replicates: Int)
}

/// Settings for `CampaignAttribution.evaluate`.
public struct AttributionOptions: Sendable, Hashable {
    /// Likelihood; NB2 by default.
    public var family: ModelFamily = .negativeBinomial
    /// Yearly Fourier pairs K (used only with ≥ 1 year of data; at most 2 with < 2 years).
    public var fourierTerms: Int = 2
    /// Carry-over values λ to choose from, by maximum likelihood.
    public var carryOverGrid: [Double] = Adstock.defaultGrid
    /// Log-likelihood a carry-over λ > 0 must gain over λ = 0 to be chosen. The default 1.92 is
    /// half the 95% χ²₁ quantile: carry-over is used only when a likelihood-ratio test against
    /// "no carry-over" rejects at 5%. Plain maximum likelihood (0) picks a carry-over whenever
    /// noise after a campaign happens to be high, which biased the uplift of campaigns without
    /// carry-over upwards by about 8% in the recovery study (see docs/STATISTICS.md).
    public var carryOverPenalty: Double = 1.92
    /// Carry-over fixed per campaign id (skips the search for those campaigns).
    public var fixedCarryOver: [String: Double] = [:]
    /// Two-sided interval level.
    public var confidenceLevel: Double = 0.95
    public var intervals: IntervalMethod = .deltaMethod
    /// Widen delta-method intervals by the spread of the uplift across carry-over values
    /// (Akaike-weighted), so that uncertainty about λ is not ignored.
    public var includeCarryOverUncertainty: Bool = true
    /// Seed for the bootstrap and the placebo dates.
    public var seed: UInt64 = 20_240_501
    /// Placebo campaigns per campaign at most: one on each non-overlapping quiet stretch of the
    /// campaign's length, up to this many (0 to skip).
    public var placeboRuns: Int = 60
    /// Allow for day-to-day correlation of the residuals in every interval (docs/STATISTICS.md §6).
    /// Off gives the model-based intervals of independent days, which are too narrow on real series.
    public var allowForSerialCorrelation: Bool = true
    /// Widen intervals by the placebos' spread when it is above N(0, 1).
    public var calibrateWithPlacebos: Bool = true
    /// Placebos a campaign needs before their spread is used to widen its interval.
    public var minimumPlacebosForCalibration: Int = 20
    /// The long-term part of the baseline: a line whose slope may change once a year by default.
    public var trend: TrendSpecification = .yearlyKnots
    /// Estimate each campaign also under other baseline specifications (other trend, without
    /// recorded events) and flag disagreements.
    public var sensitivity: Bool = true
    /// A campaign whose attribution window ends within this many days of the last day of data has an
    /// extrapolated baseline (no cost per extra contact).
    public var extrapolationMarginDays: Int = 28
    /// Weeks held out before each campaign in the backtest (0 to skip).
    public var backtestWeeks: Int = 8
    /// Campaign columns correlating above this are reported as a joint effect.
    public var collinearityThreshold: Double = 0.9
    /// Below this mean daily count a data-sufficiency warning is given.
    public var minimumMeanDailyContacts: Double = 20
    /// A carry-over tail ends when the campaign column falls below this share of its peak.
    public var tailCutoff: Double = 0.01

    public init() {}
}
