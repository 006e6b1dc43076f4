import Attribution
import Foundation
import Testing

@testable import Reports

@Suite("Month-over-month and year-over-year rate ratios")
struct RateChangeTests {
    /// Thirteen 30-day "months" of simulated daily counts with a weekday pattern and no change in level; month 12 is
    /// compared with month 0 the way a year-over-year row is, and the interval should hold the true ratio of the
    /// expected totals (not exactly 1: the months start on different weekdays) 95% of the time.
    static func coverage(
        rho: Double, sd: Double, alpha: Double, level: Double, seasonal: Bool = false, runs: Int, firstSeed: UInt64, seScale: Double = 1
    ) -> Double {
        var scenario = SyntheticScenario(
            start: LocalDay(year: 2021, month: 1, day: 4)!, days: 390, level: level, trendPerYear: 0,
            dayOfWeek: [-0.03, -0.06, -0.08, -0.15, -0.4, -0.5], fourier: seasonal ? [(0.12, 0.08), (-0.04, 0.03)] : [], holiday: 0,
            alpha: alpha, campaigns: [])
        scenario.latentRho = rho
        scenario.latentSD = sd
        let means = scenario.trueMeans
        let trueRatio = means[360..<390].reduce(0, +) / means[0..<30].reduce(0, +)
        var covered = 0
        for run in 0..<runs {
            let counts = scenario.simulate(seed: firstSeed + UInt64(run)).counts.map { Int($0) }
            let noise = DailyNoise.estimate(runs: Self.months(counts))
            let total = { (m: Int) in counts[(m * 30)..<(m * 30 + 30)].reduce(0, +) }
            guard let change = RateChange.compare(contacts: total(12), days: 30, baseContacts: total(0), baseDays: 30, noise: noise),
                let low = change.low, let high = change.high
            else { continue }
            let mid = log(change.ratio)
            let half = (log(high) - log(low)) / 2 / seScale
            if abs(log(trueRatio) - mid) <= half { covered += 1 }
        }
        return Double(covered) / Double(runs)
    }

    /// Thirty-day months as runs, each day in the cell of its weekday and quarter (three months).
    static func months(_ counts: [Int]) -> [[(count: Int, cell: Int)]] {
        var runs: [[(count: Int, cell: Int)]] = []
        for m in 0..<(counts.count / 30) {
            var run: [(count: Int, cell: Int)] = []
            for d in 0..<30 { run.append((count: counts[m * 30 + d], cell: m / 3 * 7 + (m * 30 + d) % 7)) }
            runs.append(run)
        }
        return runs
    }

    // 400 runs on seeds not used while writing the estimator; the binomial 99% bounds of 0.95 are [0.922, 0.978].
    // The same runs with the interval 1.5× too narrow must fall below the lower bound, so the check can fail.
    @Test(
        "the 95% interval covers the true ratio under NB overdispersion and latent AR(1) day effects, and not when 1.5× too narrow",
        arguments: [
            (0.0, 0.0, 0.05, 25.0, false), (0.3, 0.2, 0.03, 25.0, false), (0.5, 0.2, 0.03, 25.0, false), (0.3, 0.2, 0.03, 6.0, false),
            (0.3, 0.2, 0.03, 60.0, true),
        ])
    func coverage(rho: Double, sd: Double, alpha: Double, level: Double, seasonal: Bool) {
        let honest = Self.coverage(rho: rho, sd: sd, alpha: alpha, level: level, seasonal: seasonal, runs: 400, firstSeed: 7_100_001)
        #expect((0.922...0.978).contains(honest), "coverage \(honest) at ρ \(rho), level \(level), seasonal \(seasonal)")
        let narrow = Self.coverage(
            rho: rho, sd: sd, alpha: alpha, level: level, seasonal: seasonal, runs: 400, firstSeed: 7_100_001, seScale: 1.5)
        #expect(narrow < 0.922, "an interval 1.5× too narrow covers \(narrow): the check could not fail")
    }

    @Test("710 calls against 628 is +13.1%: outside Poisson noise, within normal variation once the days vary as helpline days do")
    func seedFigures() throws {
        let poisson = DailyNoise(dispersion: 1, autocorrelation: Array(repeating: 0, count: 6))
        let july = try #require(RateChange.compare(contacts: 710, days: 31, baseContacts: 628, baseDays: 31, noise: poisson))
        #expect(abs(july.percent - 13.06) < 0.01)
        #expect(july.withinNormalVariation == false, "Poisson days: \(july.percentLow!)…\(july.percentHigh!)")
        // φ = 1 + α·μ with the sample data's α = 0.03 at about 21 calls a day, and a weak lag-1 correlation.
        let helplineDays = DailyNoise(dispersion: 1.63, autocorrelation: [0.1, 0.03, 0, 0, 0, 0])
        let noisy = try #require(RateChange.compare(contacts: 710, days: 31, baseContacts: 628, baseDays: 31, noise: helplineDays))
        #expect(noisy.withinNormalVariation == true, "\(noisy.percentLow!)…\(noisy.percentHigh!)")
        #expect(noisy.percentLow! < 0 && noisy.percentHigh! > 26)
    }

    @Test("per-day rates: 28 and 29 days of February at the same daily rate are no change; no base or no days is no ratio")
    func perDay() throws {
        let change = try #require(RateChange.compare(contacts: 580, days: 29, baseContacts: 560, baseDays: 28, noise: nil))
        #expect(abs(change.percent) < 1e-9)
        #expect(change.low == nil && change.withinNormalVariation == nil, "no noise estimate, no interval")
        #expect(RateChange.compare(contacts: 10, days: 3, baseContacts: 0, baseDays: 28, noise: nil) == nil)
        #expect(RateChange.compare(contacts: 0, days: 0, baseContacts: 10, baseDays: 28, noise: nil) == nil)
    }

    @Test("the noise estimate recovers φ = 1 + αμ and is not made from too few days")
    func noiseEstimate() throws {
        var scenario = SyntheticScenario(
            start: LocalDay(year: 2021, month: 1, day: 4)!, days: 390, level: 30, trendPerYear: 0, dayOfWeek: [0, 0, 0, 0, 0, 0],
            fourier: [], holiday: 0, alpha: 0.1, campaigns: [])
        scenario.latentRho = 0
        let counts = scenario.simulate(seed: 7_200_001).counts.map { Int($0) }
        let runs = Self.months(counts)
        let noise = try #require(DailyNoise.estimate(runs: runs))
        let phi = noise.dispersion
        #expect(abs(phi - 4) < 0.6, "φ \(phi), expected 1 + 0.1·30 = 4")
        #expect(noise.inflation(days: 30) < 1.2)
        let short = Array(runs[0].prefix(12))
        #expect(DailyNoise.estimate(runs: [short]) == nil, "5 degrees of freedom are too few")
    }
}
