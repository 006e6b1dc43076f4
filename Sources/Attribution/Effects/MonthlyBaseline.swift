import Foundation

/// Contacts the model expects in one calendar month with every campaign off (Σ μ⁰ over the
/// month's days in the data), with a prediction interval for the month's count.
public struct MonthlyBaseline: Sendable, Hashable, Codable {
    /// `YYYY-MM`.
    public var month: String
    /// Days of the month inside the data (fewer than the month's length at either end).
    public var days: Int
    /// Contacts counted on those days.
    public var observedContacts: Double
    /// Σ μ⁰: expected contacts without any campaign.
    public var expectedContacts: Double
    /// Bounds within which the month's count falls with the report's confidence level if no
    /// campaign ran: uncertainty of the coefficients plus the count noise of the fitted family.
    public var lower: Double
    public var upper: Double
}

/// Monthly sums of the counterfactual μ⁰ᵢ = exp(x⁰ᵢβ) (campaign columns set to zero).
///
/// Var(Σ μ⁰) = gᵀVg with g = Σ μ⁰ᵢ x⁰ᵢ (delta method on the coefficients, the larger of the
/// model-based and the correlation-robust V) plus the month's count noise: Σ_i Σ_j sdᵢ sdⱼ ρ_|i−j|
/// with sdᵢ² = φ·V(μ⁰ᵢ) (μ for Poisson, φμ for quasi-Poisson, μ + αμ² for NB2), never below Σ sdᵢ². The
/// interval is normal on that variance, clipped at zero; monthly sums are large enough for it.
enum MonthlyBaselines {
    static func compute(
        y: [Double], x: DesignMatrix, campaignColumns: [Int], glm: GLMFit, covariance: CoefficientCovariance, serial: SerialCorrelation,
        start: LocalDay, critical: Double
    ) -> [MonthlyBaseline] {
        let p = x.columns
        let base = (0..<p).filter { !campaignColumns.contains($0) }
        var out: [MonthlyBaseline] = []
        var i = 0
        while i < x.rows {
            let first = start.adding(days: i).components
            var gradient = [Double](repeating: 0, count: p)
            var expected = 0.0
            var observed = 0.0
            var sd: [Double] = []
            var days = 0
            while i < x.rows {
                let day = start.adding(days: i).components
                guard day.year == first.year && day.month == first.month else { break }
                var eta = 0.0
                for j in base { eta += x[i, j] * glm.coefficients[j] }
                let mu = exp(eta)
                expected += mu
                observed += y[i]
                sd.append((glm.scale * glm.family.variance(mu)).squareRoot())
                for j in base { gradient[j] += mu * x[i, j] }
                days += 1
                i += 1
            }
            let parameter = covariance.variance(gradient)
            let noise = serial.varianceOfSum(standardDeviations: sd)
            let half = critical * max(0, parameter + noise).squareRoot()
            out.append(
                MonthlyBaseline(
                    month: String(format: "%04d-%02d", first.year, first.month), days: days, observedContacts: observed,
                    expectedContacts: expected, lower: max(0, expected - half), upper: expected + half))
        }
        return out
    }
}
