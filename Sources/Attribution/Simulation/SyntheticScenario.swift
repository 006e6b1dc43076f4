import Foundation

/// A campaign with a known effect, for simulation studies.
public struct SyntheticCampaign: Sendable, Hashable {
    public var window: CampaignWindow
    /// Steady-state log uplift γ.
    public var gamma: Double
    /// Carry-over λ.
    public var lambda: Double

    public init(window: CampaignWindow, gamma: Double, lambda: Double) {
        self.window = window
        self.gamma = gamma
        self.lambda = lambda
    }
}

/// Synthetic NB2 daily counts from the model itself, with known campaign effects: used by the
/// recovery test and the `attribution-recovery` study.
public struct SyntheticScenario: Sendable {
    public var start: LocalDay
    public var days: Int
    /// Level on Mondays at t = 0 (log scale intercept = log(level)).
    public var level: Double
    /// Log-change per year.
    public var trendPerYear: Double
    /// Log effects Tuesday … Sunday against Monday.
    public var dayOfWeek: [Double]
    /// (sin, cos) log amplitudes of yearly harmonics k = 1, 2, …
    public var fourier: [(sin: Double, cos: Double)]
    /// Log effect of a Belgian public holiday.
    public var holiday: Double
    /// NB2 α (0 gives Poisson counts).
    public var alpha: Double
    public var campaigns: [SyntheticCampaign]
    /// Latent day-to-day AR(1) factor on the log scale: x_t = ρx_{t−1} + ε_t with stationary sd
    /// `latentSD`; the day's mean is multiplied by exp(x_t − sd²/2) (mean 1). A news story lifts
    /// several days in a row.
    public var latentRho: Double = 0
    public var latentSD: Double = 0
    /// Level shifts that are not campaigns: days start…end (indices, inclusive) get e^logEffect.
    public var levelShifts: [(start: Int, end: Int, logEffect: Double)] = []
    /// A change of the trend's slope (log per year) from day index `day` on.
    public var trendKink: (day: Int, slopeChangePerYear: Double)? = nil
    /// What an operator would record as baseline events (given to the fit, not used to simulate).
    public var recordedEvents: [BaselineEvent] = []

    public init(
        start: LocalDay, days: Int, level: Double, trendPerYear: Double, dayOfWeek: [Double], fourier: [(sin: Double, cos: Double)],
        holiday: Double, alpha: Double, campaigns: [SyntheticCampaign]
    ) {
        self.start = start
        self.days = days
        self.level = level
        self.trendPerYear = trendPerYear
        self.dayOfWeek = dayOfWeek
        self.fourier = fourier
        self.holiday = holiday
        self.alpha = alpha
        self.campaigns = campaigns
    }

    /// The recovery setup of the method notes: 3 years from 2021-01-04, about 25 contacts a day,
    /// α = 0.05, weekday, yearly, holiday and trend effects; A (γ 0.25) and B (γ 0.15) overlap
    /// for 15 days, C (γ 0.30) has carry-over λ = 0.7, D (γ 0.10).
    public static let recoveryStudy = SyntheticScenario(
        start: LocalDay(year: 2021, month: 1, day: 4)!, days: 1095, level: 26, trendPerYear: 0.06,
        dayOfWeek: [-0.03, -0.06, -0.08, -0.15, -0.4, -0.5], fourier: [(0.12, 0.08), (-0.04, 0.03)], holiday: -0.35, alpha: 0.05,
        campaigns: [
            SyntheticCampaign(
                window: CampaignWindow(
                    id: "A", start: LocalDay(year: 2022, month: 3, day: 1)!, end: LocalDay(year: 2022, month: 4, day: 15)!, costCents: 2_500_000),
                gamma: 0.25, lambda: 0),
            SyntheticCampaign(
                window: CampaignWindow(
                    id: "B", start: LocalDay(year: 2022, month: 4, day: 1)!, end: LocalDay(year: 2022, month: 5, day: 10)!, costCents: 1_200_000),
                gamma: 0.15, lambda: 0),
            SyntheticCampaign(
                window: CampaignWindow(
                    id: "C", start: LocalDay(year: 2022, month: 10, day: 3)!, end: LocalDay(year: 2022, month: 10, day: 30)!, costCents: 3_000_000),
                gamma: 0.30, lambda: 0.7),
            SyntheticCampaign(
                window: CampaignWindow(
                    id: "D", start: LocalDay(year: 2023, month: 6, day: 5)!, end: LocalDay(year: 2023, month: 7, day: 16)!, costCents: 800_000),
                gamma: 0.10, lambda: 0),
        ])

    /// The fit-time scenario (docs/STATISTICS.md §7.3, `attribution-recovery --perf`, the bench's attribution_fit):
    /// the recovery setup over 5 years from 2020-01-06 with 10 campaigns, some overlapping, three with carry-over.
    public static var fitTiming: SyntheticScenario {
        let start = LocalDay(year: 2020, month: 1, day: 6)!
        var scenario = recoveryStudy
        scenario.start = start
        scenario.days = 1827
        scenario.campaigns = (0..<10).map { k in
            let s = start.adding(days: 300 + k * 150 + (k % 3 == 1 ? -100 : 0))
            let window = CampaignWindow(id: "c\(k)", start: s, end: s.adding(days: 20 + 3 * k), costCents: 1_000_000)
            return SyntheticCampaign(window: window, gamma: 0.1 + 0.02 * Double(k), lambda: k % 3 == 0 ? 0.7 : 0)
        }
        return scenario
    }

    /// Public holidays used by the scenario.
    public var holidays: HolidayCalendar {
        .belgium(from: start, through: start.adding(days: days - 1))
    }

    /// The true design (true carry-over) and coefficients.
    func truth(fourierTerms: Int) -> (x: DesignMatrix, beta: [Double], builder: DesignBuilder) {
        let builder = DesignBuilder(start: start, days: days, holidays: holidays, fourierTerms: max(fourierTerms, fourier.count))
        let x = builder.build(campaigns: campaigns.map(\.window), lambdas: campaigns.map(\.lambda))
        var beta = [Double](repeating: 0, count: x.columns)
        for (j, kind) in x.kinds.enumerated() {
            switch kind {
            case .intercept: beta[j] = log(level)
            case .trend: beta[j] = trendPerYear
            case .dayOfWeek(let d): beta[j] = dayOfWeek[d - 2]
            case .fourierSin(let k): beta[j] = k <= fourier.count ? fourier[k - 1].sin : 0
            case .fourierCos(let k): beta[j] = k <= fourier.count ? fourier[k - 1].cos : 0
            case .holiday: beta[j] = holiday
            case .campaign(let id): beta[j] = campaigns.first { $0.window.id == id }!.gamma
            case .trendKnot, .baselineEvent: beta[j] = 0
            }
        }
        // Level shifts and the kink enter as one known column with coefficient 1, so that every
        // truth (means, counterfactual, Shapley totals) includes them.
        var offset = [Double](repeating: 0, count: days)
        for shift in levelShifts {
            let lo = max(0, shift.start)
            let hi = min(days - 1, shift.end)
            guard lo <= hi else { continue }
            for i in lo...hi { offset[i] += shift.logEffect }
        }
        if let kink = trendKink {
            for i in 0..<days where i > kink.day { offset[i] += kink.slopeChangePerYear * Double(i - kink.day) / 365.25 }
        }
        if offset.contains(where: { $0 != 0 }) {
            var withOffset = DesignMatrix(rows: days)
            let campaignStart = x.columns - campaigns.count
            for j in 0..<campaignStart { withOffset.append(x.column(j), name: x.names[j], kind: x.kinds[j]) }
            withOffset.append(offset, name: "truth:offset", kind: .baselineEvent(id: "truth offset"))
            for j in campaignStart..<x.columns { withOffset.append(x.column(j), name: x.names[j], kind: x.kinds[j]) }
            beta.insert(1, at: campaignStart)
            return (withOffset, beta, builder)
        }
        return (x, beta, builder)
    }

    /// True expected daily means.
    public var trueMeans: [Double] {
        let t = truth(fourierTerms: fourier.count)
        return t.x.multiply(t.beta).map { exp($0) }
    }

    /// True expected daily means had no campaign run (the counterfactual μ⁰).
    public var trueBaselineMeans: [Double] {
        let t = truth(fourierTerms: fourier.count)
        let beta = zip(t.beta, t.x.kinds).map { b, kind in kind.isCampaign ? 0 : b }
        return t.x.multiply(beta).map { exp($0) }
    }

    /// True extra contacts Φ_j per campaign (expected, Shapley split, over the true window with
    /// the tail cut at `tailCutoff` of the peak).
    public func trueUplift(tailCutoff: Double = 0.01) -> [Double] {
        let t = truth(fourierTerms: fourier.count)
        let m = campaigns.count
        let totals = CampaignTotals(
            x: t.x, campaignColumns: (0..<m).map { t.x.columns - m + $0 }, builder: t.builder, campaigns: campaigns.map(\.window),
            tailCutoff: tailCutoff)
        return totals.sums(t.beta).uplift
    }

    /// One simulated series (NB2 gamma–Poisson draws) for `seed`.
    public func simulate(seed: UInt64) -> DailySeries {
        var g = SeededGenerator(seed: seed)
        var means = trueMeans
        if latentSD > 0 {
            var latent = Distributions.normal(&g) * latentSD
            let innovation = latentSD * (1 - latentRho * latentRho).squareRoot()
            for i in means.indices {
                if i > 0 { latent = latentRho * latent + innovation * Distributions.normal(&g) }
                means[i] *= exp(latent - latentSD * latentSD / 2)
            }
        }
        let counts = means.map { Distributions.negativeBinomial(mean: $0, alpha: alpha, &g) }
        return DailySeries(start: start, counts: counts)
    }
}
