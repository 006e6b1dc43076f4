import Foundation
import Testing

@testable import Attribution

/// What the model does on series that look like real helpline data: day-to-day correlation, a
/// level shift that is not a campaign, a trend that kinks, a campaign at the end of the data.
@Suite struct RealSeriesBehaviourTests {
    static func evaluate(
        _ scenario: SyntheticScenario, seed: UInt64, events: [BaselineEvent]? = nil, configure: (inout AttributionOptions) -> Void = { _ in }
    ) throws -> AttributionReport {
        var options = AttributionOptions()
        options.backtestWeeks = 0
        configure(&options)
        return try CampaignAttribution.evaluate(
            series: scenario.simulate(seed: seed), campaigns: scenario.campaigns.map(\.window), holidays: scenario.holidays,
            events: events ?? scenario.recordedEvents, options: options)
    }

    static func correlated(rho: Double) -> SyntheticScenario {
        var s = SyntheticScenario.recoveryStudy
        s.alpha = 0.03
        s.latentRho = rho
        s.latentSD = 0.2
        return s
    }

    @Test("the sandwich with a banded residual correlation equals the dense n×n formula")
    func robustCovarianceMatchesDenseFormula() throws {
        var s = Self.correlated(rho: 0.5)
        s.days = 400
        s.campaigns = []
        let series = s.simulate(seed: 11)
        let builder = DesignBuilder(start: s.start, days: s.days, holidays: s.holidays, fourierTerms: 2)
        let x = builder.base
        let glm = try GLMFitter.fit(y: series.counts, x: x, family: .negativeBinomial(alpha: 0.05))
        let serial = SerialCorrelation(autocorrelation: [0.3, 0.15, 0.05])
        let robust = serial.robustCovariance(x: x, glm: glm)
        // Dense: B⁻¹ X̃ᵀ R X̃ B⁻¹ with R[i][j] = ρ_|i−j|.
        let n = x.rows
        let p = x.columns
        let sw = glm.mu.map { glm.family.weight($0).squareRoot() }
        var meat = [Double](repeating: 0, count: p * p)
        for i in 0..<n {
            for j in max(0, i - 3)...min(n - 1, i + 3) {
                let r = i == j ? 1 : serial.autocorrelation[abs(i - j) - 1]
                for a in 0..<p {
                    let xa = sw[i] * x[i, a] * r * sw[j]
                    for b in 0..<p { meat[a * p + b] += xa * x[j, b] }
                }
            }
        }
        let dense = SerialCorrelation.multiply(SerialCorrelation.multiply(glm.unscaledCovariance, meat, p), glm.unscaledCovariance, p)
        for k in 0..<(p * p) { #expect(abs(dense[k] - robust[k]) <= 1e-9 * max(1e-12, abs(dense[k]))) }
        // Independent days: the sandwich is the model-based covariance.
        #expect(SerialCorrelation.independent.robustCovariance(x: x, glm: glm) == glm.covariance)
        // Positive correlation widens the intercept's variance.
        #expect(robust[0] > glm.covariance[0] * 1.2)
    }

    @Test("residual autocorrelation is measured and widens the intervals on a correlated series, not on an independent one")
    func correlationIsMeasuredAndWidens() throws {
        let correlated = try Self.evaluate(Self.correlated(rho: 0.5), seed: 77)
        let lag1 = try #require(correlated.model.diagnostics.residualAutocorrelation.first)
        #expect(correlated.model.diagnostics.residualAutocorrelation.count == SerialCorrelation.maxLag)
        #expect(lag1 > 0.08, "lag-1 \(lag1)")
        #expect(correlated.model.diagnostics.varianceInflation28Days > 1.3)
        let naive = try Self.evaluate(Self.correlated(rho: 0.5), seed: 77) {
            $0.allowForSerialCorrelation = false
            $0.calibrateWithPlacebos = false
        }
        for (a, b) in zip(correlated.campaigns, naive.campaigns) {
            #expect(abs(a.upliftContacts - b.upliftContacts) < 1e-9, "same estimate")
            #expect(a.upliftStandardError > 1.2 * b.upliftStandardError, "\(a.id): \(a.upliftStandardError) vs \(b.upliftStandardError)")
        }
        let independent = try Self.evaluate(.recoveryStudy, seed: 77)
        let lag1Independent = try #require(independent.model.diagnostics.residualAutocorrelation.first)
        #expect(abs(lag1Independent) < 0.07, "lag-1 \(lag1Independent)")
    }

    @Test("placebos of each campaign's length find a misspecified variance and widen the interval")
    func placebosCalibrate() throws {
        let naive = try Self.evaluate(Self.correlated(rho: 0.5), seed: 5) { $0.allowForSerialCorrelation = false }
        #expect(naive.checks.placeboRuns >= 60, "\(naive.checks.placeboRuns) placebos")
        for c in naive.campaigns {
            #expect(c.placeboRuns > 0)
            let scale = try #require(c.placeboNullScale)
            #expect(scale > 1.1, "\(c.id): placebo z spread \(scale) on a correlated series fitted as independent")
            #expect(c.placeboCalibrationFactor == scale)
        }
        let rate = try #require(naive.checks.placeboFalsePositiveRate)
        #expect(rate > 0.1)
        #expect(naive.warnings.contains { $0.contains("placebo campaigns came out significant") })
        let independent = try Self.evaluate(.recoveryStudy, seed: 5)
        for c in independent.campaigns { #expect(c.placeboCalibrationFactor < 1.25, "\(c.id): \(c.placeboCalibrationFactor)") }
    }

    @Test("a recorded level shift is not taken for a campaign; without it the estimate is lifted and the placebos widen it")
    func levelShiftAsEvent() throws {
        var s = SyntheticScenario.recoveryStudy
        s.start = LocalDay(year: 2019, month: 9, day: 2)!
        let day = { (y: Int, m: Int, d: Int) in LocalDay(year: y, month: m, day: d)! }
        s.levelShifts = [(s.start.days(to: day(2020, 3, 16)), s.start.days(to: day(2021, 6, 30)), 0.30)]
        let event = BaselineEvent(id: "lockdown", kind: .levelShift, start: day(2020, 3, 16), end: day(2021, 6, 30), label: "COVID-19")
        // A campaign without effect in the middle of the shift (the November 2020 case).
        s.campaigns = [
            SyntheticCampaign(window: CampaignWindow(id: "nov2020", start: day(2020, 11, 2), end: day(2020, 11, 29)), gamma: 0, lambda: 0)
        ]
        let with = try Self.evaluate(s, seed: 3, events: [event]) { $0.trend = .linear }
        let without = try Self.evaluate(s, seed: 3, events: []) { $0.trend = .linear }
        let a = with.campaigns[0]
        let b = without.campaigns[0]
        #expect(with.model.baselineEvents == ["lockdown"])
        #expect(with.model.columns.contains("event:lockdown"))
        #expect(abs(a.upliftPercent) < 10 && !(a.upliftLow > 0), "with the event: \(a.upliftPercent)%")
        // Without it the shift lifts the campaign's estimate; the placebos notice the misfit and widen it.
        #expect(b.upliftPercent > 10, "without the event: \(b.upliftPercent)%")
        #expect(b.placeboCalibrationFactor > a.placeboCalibrationFactor + 0.1)
        #expect(without.warnings.contains { $0.contains("placebo campaigns came out significant") })
        // The sensitivity table shows the other specifications; without the event the estimate is far higher.
        #expect(a.sensitivity.map(\.specification) == ["piecewise-linear trend", "without recorded events"])
        let dropped = try #require(a.sensitivity.last)
        #expect(dropped.error == nil && dropped.upliftContacts > a.upliftContacts + 100, "\(dropped.upliftContacts) vs \(a.upliftContacts)")
    }

    @Test("knots let the trend bend: a kinked trend no longer biases a campaign at the end of the data")
    func trendKnots() throws {
        #expect(TrendSpecification.yearlyKnots.knots(days: 1095) == [365, 730])
        #expect(TrendSpecification.yearlyKnots.knots(days: 1000) == [365, 730 - 365 + 365].filter { $0 <= 1000 - 1 - 273 })
        #expect(TrendSpecification.linear.knots(days: 1095).isEmpty)
        var s = SyntheticScenario.recoveryStudy
        s.trendPerYear = 0.10
        s.trendKink = (730, -0.10)
        let end = s.start.adding(days: s.days - 1)
        s.campaigns = [SyntheticCampaign(window: CampaignWindow(id: "late", start: end.adding(days: -41), end: end), gamma: 0.15, lambda: 0)]
        let truth = s.trueUplift()[0]
        var linearErrors = 0.0
        var knotErrors = 0.0
        for seed in UInt64(1)...4 {
            let knots = try Self.evaluate(s, seed: seed)
            let linear = try Self.evaluate(s, seed: seed) { $0.trend = .linear }
            knotErrors += (knots.campaigns[0].upliftContacts - truth) / truth / 4
            linearErrors += (linear.campaigns[0].upliftContacts - truth) / truth / 4
            #expect(knots.campaigns[0].baselineExtrapolated)
            #expect(knots.model.columns.contains("trend_knot_730"))
        }
        #expect(linearErrors < -0.2, "a straight line under a flattening trend underestimates: \(linearErrors)")
        #expect(abs(knotErrors) < 0.15, "with knots: \(knotErrors)")
    }

    @Test(
        "a campaign at the end of the data is marked extrapolated and gets no cost per contact; the % interval includes the expected count's uncertainty"
    )
    func honestEdges() throws {
        var s = SyntheticScenario.recoveryStudy
        let end = s.start.adding(days: s.days - 1)
        s.campaigns = [
            SyntheticCampaign(
                window: CampaignWindow(
                    id: "A", start: LocalDay(year: 2022, month: 3, day: 1)!, end: LocalDay(year: 2022, month: 4, day: 15)!, costCents: 2_500_000),
                gamma: 0.25, lambda: 0),
            SyntheticCampaign(
                window: CampaignWindow(id: "running", start: end.adding(days: -27), end: end, costCents: 900_000), gamma: 0.2, lambda: 0),
        ]
        let r = try Self.evaluate(s, seed: 9)
        let a = r.campaigns[0]
        let running = r.campaigns[1]
        #expect(!a.baselineExtrapolated && a.costPerExtraContactEur != nil)
        #expect(running.baselineExtrapolated)
        #expect(running.costPerExtraContactEur == nil)
        #expect(running.warnings.contains { $0.contains("cost per extra contact not given yet") })
        // Φ/E has more uncertainty than Φ/Ê: the relative half-width of the % interval is larger.
        let countHalf = (a.upliftHigh - a.upliftLow) / 2 / a.upliftContacts
        let percentHalf = (a.upliftPercentHigh - a.upliftPercentLow) / 2 / a.upliftPercent
        #expect(percentHalf > countHalf * 1.01, "% half-width \(percentHalf) vs count half-width \(countHalf)")
    }
}

@Suite struct SensitivityFlagTests {
    @Test("a specification whose interval misses the reported one is flagged; overlapping and failed ones are not")
    func disagreementRule() {
        let estimates = [
            SensitivityEstimate(specification: "overlapping", upliftContacts: 120, upliftLow: 90, upliftHigh: 150, error: nil),
            SensitivityEstimate(specification: "above", upliftContacts: 300, upliftLow: 210, upliftHigh: 390, error: nil),
            SensitivityEstimate(specification: "below", upliftContacts: -80, upliftLow: -150, upliftHigh: -10, error: nil),
            SensitivityEstimate(specification: "failed", upliftContacts: 0, upliftLow: 0, upliftHigh: 0, error: "rank deficient"),
            SensitivityEstimate(specification: "touching", upliftContacts: 250, upliftLow: 200, upliftHigh: 300, error: nil),
        ]
        #expect(Sensitivity.disagreeing(estimates, low: 0, high: 200) == ["above", "below"])
        #expect(Sensitivity.disagreeing(estimates, low: -200, high: 400).isEmpty)
    }
}
