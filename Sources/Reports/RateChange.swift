import Foundation

/// The change of a daily contact rate between two periods (a month and the month before, or the same month a year
/// before), as a rate ratio with a 95% interval that allows for overdispersion and short-range serial correlation of
/// the daily counts (docs/STATISTICS.md §9).
public struct RateChange: Sendable, Equatable {
    /// Contacts and complete days of the period compared.
    public var contacts: Int
    public var days: Int
    /// Contacts and days of the base period (the same elapsed days when the current month is partial).
    public var baseContacts: Int
    public var baseDays: Int
    /// Per-day rate ratio, current / base.
    public var ratio: Double
    /// 95% interval of the ratio; `nil` when the helpline's daily history is too short to measure its noise.
    public var low: Double?
    public var high: Double?
    /// The daily counts' variance-to-mean ratio and the serial-correlation inflation used for the interval.
    public var dispersion: Double?
    public var serialCorrelationInflation: Double?

    public var percent: Double { (ratio - 1) * 100 }
    public var percentLow: Double? { low.map { ($0 - 1) * 100 } }
    public var percentHigh: Double? { high.map { ($0 - 1) * 100 } }
    /// The interval crosses 1: the change is no larger than day-to-day noise would produce. `nil` without interval.
    public var withinNormalVariation: Bool? {
        guard let low, let high else { return nil }
        return low <= 1 && high >= 1
    }

    /// Compares two periods' totals on per-day rates. `nil` when either period has no day or no contact (no ratio).
    static func compare(contacts: Int, days: Int, baseContacts: Int, baseDays: Int, noise: DailyNoise?) -> RateChange? {
        guard days > 0, baseDays > 0, contacts > 0, baseContacts > 0 else { return nil }
        let logRatio = log(Double(contacts) / Double(days)) - log(Double(baseContacts) / Double(baseDays))
        var change = RateChange(
            contacts: contacts, days: days, baseContacts: baseContacts, baseDays: baseDays, ratio: exp(logRatio), low: nil, high: nil,
            dispersion: noise?.dispersion, serialCorrelationInflation: nil)
        guard let noise else { return change }
        // Var(log C) ≈ max(1, φ·κ(n)) / C for a total C of n daily counts with variance-to-mean ratio φ and
        // serial-correlation inflation κ(n), never below Poisson; the two periods are far enough apart to be independent.
        let se = (noise.varianceFactor(days: days) / Double(contacts) + noise.varianceFactor(days: baseDays) / Double(baseContacts))
            .squareRoot()
        change.low = exp(logRatio - 1.959_963_985 * se)
        change.high = exp(logRatio + 1.959_963_985 * se)
        change.serialCorrelationInflation = noise.inflation(days: days)
        return change
    }
}

/// How noisy a helpline channel's daily counts are: the variance-to-mean ratio around weekday means within each
/// quarter (Pearson, pooled over the history) and the autocorrelation of the standardised residuals at lags 1–6.
struct DailyNoise: Sendable, Equatable {
    /// φ as measured (below 1 when the days are more even than Poisson's).
    var dispersion: Double
    /// ρ₁…ρ₆ of the standardised residuals.
    var autocorrelation: [Double]

    /// The residual degrees of freedom below which the noise is not estimated (about two months of days).
    static let minimumDegreesOfFreedom = 40

    /// κ(n) = 1 + 2 Σₖ (1 − k/n) ρₖ over lags 1–6: how much more a sum of `n` consecutive days varies than `n`
    /// independent days.
    func inflation(days n: Int) -> Double {
        var sum = 0.0
        for (index, rho) in autocorrelation.enumerated() where index + 1 < n {
            sum += (1 - Double(index + 1) / Double(n)) * rho
        }
        return 1 + 2 * sum
    }

    /// Var(C)/E(C) for a total C of `n` consecutive days: φ·κ(n), at least 1 (an interval never narrower than Poisson's).
    func varianceFactor(days n: Int) -> Double { max(1, dispersion * inflation(days: n)) }

    /// Estimates the noise from runs of consecutive days, each day a count and its cell (the same weekday in the same
    /// quarter). Lag 7 and beyond are left out: the cell means make same-weekday residuals negatively correlated by
    /// construction. The cell means also take up part of every short-lag covariance: with n days a cell, a lag-k
    /// residual covariance is about (1 − 2/n)·C(k) against a variance of (1 − 1/n)·V, so the autocorrelations are
    /// scaled back by (1 − 1/n)/(1 − 2/n) at the mean cell size.
    static func estimate(runs: [[(count: Int, cell: Int)]]) -> DailyNoise? {
        struct Cell { var n = 0, sum = 0.0 }
        var cells: [Int: Cell] = [:]
        for run in runs {
            for day in run {
                cells[day.cell, default: Cell()].n += 1
                cells[day.cell]!.sum += Double(day.count)
            }
        }
        var chiSquare = 0.0
        var degrees = 0
        var residualRuns: [[Double?]] = []
        for run in runs {
            residualRuns.append(
                run.map { day in
                    let cell = cells[day.cell]!
                    let mean = cell.sum / Double(cell.n)
                    guard cell.n >= 2, mean > 0 else { return nil }
                    // Scaled so that E[r²] = φ under independence: each residual has variance (1 − 1/n)·φ·μ.
                    let r = (Double(day.count) - mean) / (mean * (1 - 1 / Double(cell.n))).squareRoot()
                    chiSquare += r * r * (1 - 1 / Double(cell.n))
                    return r
                })
        }
        var used = (cells: 0, days: 0)
        for cell in cells.values where cell.n >= 2 && cell.sum > 0 {
            degrees += cell.n - 1
            used = (used.cells + 1, used.days + cell.n)
        }
        guard degrees >= minimumDegreesOfFreedom else { return nil }
        let n = Double(used.days) / Double(used.cells)
        let absorbed = n > 3 ? (1 - 1 / n) / (1 - 2 / n) : 1
        let phi = chiSquare / Double(degrees)
        var variance = 0.0
        var count = 0
        for run in residualRuns {
            for r in run {
                if let r {
                    variance += r * r
                    count += 1
                }
            }
        }
        variance /= Double(max(count, 1))
        let acf = (1...6).map { lag -> Double in
            var sum = 0.0
            for run in residualRuns where run.count > lag {
                for i in lag..<run.count { if let a = run[i], let b = run[i - lag] { sum += a * b } }
            }
            return variance > 0 ? absorbed * sum / Double(count) / variance : 0
        }
        return DailyNoise(dispersion: phi, autocorrelation: acf)
    }
}
