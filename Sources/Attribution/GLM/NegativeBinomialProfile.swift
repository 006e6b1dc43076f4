import Foundation

/// NB2 α by maximising the profile log-likelihood ℓ(α) = max_β ℓ(β, α) over log α.
public enum NegativeBinomialProfile {
    /// Smallest α searched; an estimate there means "no overdispersion found".
    public static let minimumAlpha = 1e-6
    /// Largest α searched.
    public static let maximumAlpha = 100.0

    /// The profile-likelihood α and the NB2 GLM fitted at it (with covariance).
    public static func fit(
        y: [Double], x: DesignMatrix, start: [Double]? = nil, tolerance: Double = 1e-9
    ) throws(AttributionError) -> (alpha: Double, fit: GLMFit) {
        let a = try estimateAlpha(y: y, x: x, start: start, tolerance: tolerance)
        let f = try GLMFitter.fit(y: y, x: x, family: .negativeBinomial(alpha: a.alpha), start: a.beta, settings: .precise)
        return (a.alpha, f)
    }

    /// The α that maximises the profile likelihood, found by Brent's method on log α; warm starts
    /// each inner fit from the previous coefficients.
    static func estimateAlpha(
        y: [Double], x: DesignMatrix, start: [Double]?, tolerance: Double = 1e-9, solver: WLSSolver = .householderQR,
        settings: IRLSSettings = .precise
    ) throws(AttributionError) -> (alpha: Double, beta: [Double], logLikelihood: Double) {
        // Moment start from a Poisson fit: α₀ = Σ((y − μ)² − y) / Σ μ².
        let pois = try GLMFitter.fit(y: y, x: x, family: .poisson, start: start, settings: settings, solver: solver, wantCovariance: false)
        var num = 0.0
        var den = 0.0
        for i in y.indices {
            let r = y[i] - pois.mu[i]
            num += r * r - y[i]
            den += pois.mu[i] * pois.mu[i]
        }
        let alpha0 = min(maximumAlpha, max(1e-3, num / max(den, 1e-300)))
        var warm = pois.coefficients
        var best: (alpha: Double, beta: [Double], ll: Double) = (alpha0, warm, -.infinity)
        func negProfile(_ logAlpha: Double) throws(AttributionError) -> Double {
            let a = exp(logAlpha)
            let f = try GLMFitter.fit(
                y: y, x: x, family: .negativeBinomial(alpha: a), start: warm, settings: settings, solver: solver, wantCovariance: false)
            warm = f.coefficients
            if f.logLikelihood > best.ll { best = (a, f.coefficients, f.logLikelihood) }
            return -f.logLikelihood
        }
        let lo = log(minimumAlpha)
        let hi = log(maximumAlpha)
        var a = max(lo, log(alpha0) - 2.5)
        var b = min(hi, log(alpha0) + 2.5)
        var r = try BrentMinimizer.minimize(a, b, tolerance: tolerance, negProfile)
        // Widen once when the optimum sits at an end of the bracket.
        if r.x - a < 1e-3 && a > lo {
            a = lo
            b = r.x + 0.1
            r = try BrentMinimizer.minimize(a, b, tolerance: tolerance, negProfile)
        } else if b - r.x < 1e-3 && b < hi {
            a = r.x - 0.1
            b = hi
            r = try BrentMinimizer.minimize(a, b, tolerance: tolerance, negProfile)
        }
        return (exp(r.x), best.alpha == exp(r.x) ? best.beta : warm, -r.value)
    }
}
