/// Day-to-day correlation of the fitted model's Pearson residuals, and the variances that allow
/// for it.
///
/// Helpline counts are not independent from day to day: a news story or a school event lifts
/// several days in a row. The coefficients' model-based covariance φ(XᵀWX)⁻¹ assumes independent
/// days and is then too small. With e_t = (y_t − μ_t)/√(φV(μ_t)) the Pearson residuals and
/// ρ_k their lag-k autocorrelation (lags 1…`maxLag`, zero beyond), the score's covariance is
/// φ·X̃ᵀRX̃ with X̃ = √W·X and R the banded Toeplitz matrix of the ρ_k, so the coefficients get
/// the sandwich V_R = φ·B⁻¹(X̃ᵀRX̃)B⁻¹, B = X̃ᵀX̃ (a GEE-type robust variance whose working
/// correlation is estimated from every day of the series, not from the few score products inside
/// a campaign window as Newey–West would). Every figure uses the larger of the model-based and
/// the correlated variance, so correlation can only widen an interval (docs/STATISTICS.md §6).
public struct SerialCorrelation: Sendable, Hashable {
    /// Lags counted: two weeks.
    public static let maxLag = 14

    /// ρ_1 … ρ_maxLag.
    public let autocorrelation: [Double]

    /// Independent days (ρ_k = 0).
    public static let independent = SerialCorrelation(autocorrelation: [])

    public init(autocorrelation: [Double]) {
        self.autocorrelation = autocorrelation
    }

    /// The autocorrelation of the Pearson residuals of `y` under means `mu`.
    init(y: [Double], mu: [Double], family: GLMFamily, scale: Double, maxLag: Int = SerialCorrelation.maxLag) {
        let e = SerialCorrelation.pearsonResiduals(y: y, mu: mu, family: family, scale: scale)
        let n = e.count
        var c0 = 0.0
        for v in e { c0 += v * v }
        var rho: [Double] = []
        if c0 > 0 {
            for k in stride(from: 1, through: min(maxLag, n - 1), by: 1) {
                var s = 0.0
                for t in 0..<(n - k) { s += e[t] * e[t + k] }
                rho.append(s / c0)
            }
        }
        self.init(autocorrelation: rho)
    }

    static func pearsonResiduals(y: [Double], mu: [Double], family: GLMFamily, scale: Double) -> [Double] {
        y.indices.map { (y[$0] - mu[$0]) / (scale * family.variance(mu[$0])).squareRoot() }
    }

    /// R·v: v_t + Σ_k ρ_k (v_{t−k} + v_{t+k}).
    func correlate(_ v: [Double]) -> [Double] {
        var out = v
        let n = v.count
        for (index, r) in autocorrelation.enumerated() where r != 0 {
            let k = index + 1
            guard k < n else { break }
            for t in k..<n {
                out[t] += r * v[t - k]
                out[t - k] += r * v[t]
            }
        }
        return out
    }

    /// vᵀRv, floored at vᵀv (correlation only ever widens).
    func quadraticForm(_ v: [Double]) -> Double {
        let rv = correlate(v)
        var a = 0.0
        var b = 0.0
        for i in v.indices {
            a += v[i] * rv[i]
            b += v[i] * v[i]
        }
        return max(a, b)
    }

    /// Σ_t Σ_s sd_t sd_s R_ts for standard deviations `sd` on consecutive days: the variance of a
    /// sum of counts, floored at the independent Σ sd².
    func varianceOfSum(standardDeviations sd: [Double]) -> Double {
        quadraticForm(sd)
    }

    /// 1 + 2 Σ_k (1 − k/L) ρ_k: how much a sum over L consecutive days of equal variance is
    /// inflated by the correlation (reported, not used in the computations).
    public func inflation(windowDays length: Int) -> Double {
        var f = 1.0
        for (index, r) in autocorrelation.enumerated() where index + 1 < length {
            f += 2 * (1 - Double(index + 1) / Double(length)) * r
        }
        return f
    }

    /// X̃ᵀRX̃ (row-major p×p) for the columns `xt` of √W·X (each of length n).
    func meat(_ xt: [[Double]]) -> [Double] {
        let p = xt.count
        let rxt = xt.map(correlate)
        var meat = [Double](repeating: 0, count: p * p)
        for a in 0..<p {
            for b in a..<p {
                var s = 0.0
                xt[a].withUnsafeBufferPointer { u in
                    rxt[b].withUnsafeBufferPointer { v in
                        for i in 0..<u.count { s += u[i] * v[i] }
                    }
                }
                meat[a * p + b] = s
                meat[b * p + a] = s
            }
        }
        return meat
    }

    /// The columns of √W·X for the fit `glm` on design `x`.
    static func weightedColumns(x: DesignMatrix, glm: GLMFit) -> [[Double]] {
        let sw = glm.mu.map { glm.family.weight($0).squareRoot() }
        return (0..<x.columns).map { j in (0..<x.rows).map { sw[$0] * x[$0, j] } }
    }

    /// V_R = φ·B⁻¹(X̃ᵀRX̃)B⁻¹ (row-major p×p) for the fit `glm` on design `x`.
    func robustCovariance(x: DesignMatrix, glm: GLMFit) -> [Double] {
        let p = x.columns
        let bread = glm.unscaledCovariance
        guard bread.count == p * p, !autocorrelation.isEmpty else { return glm.covariance }
        let m = meat(Self.weightedColumns(x: x, glm: glm))
        let left = Self.multiply(bread, m, p)
        return Self.multiply(left, bread, p).map { $0 * glm.scale }
    }

    static func multiply(_ a: [Double], _ b: [Double], _ p: Int) -> [Double] {
        var out = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            for k in 0..<p where a[i * p + k] != 0 {
                let v = a[i * p + k]
                for j in 0..<p { out[i * p + j] += v * b[k * p + j] }
            }
        }
        return out
    }
}

/// Model-based and correlation-robust covariances of one fit; a gradient's variance is the
/// larger of the two.
struct CoefficientCovariance {
    let model: [Double]
    let robust: [Double]
    let p: Int

    init(x: DesignMatrix, glm: GLMFit, serial: SerialCorrelation) {
        model = glm.covariance
        robust = serial.robustCovariance(x: x, glm: glm)
        p = glm.p
    }

    /// max(gᵀV g, gᵀV_R g).
    func variance(_ g: [Double]) -> Double {
        max(Self.form(g, model, p), Self.form(g, robust, p))
    }

    static func form(_ g: [Double], _ v: [Double], _ p: Int) -> Double {
        var s = 0.0
        for a in 0..<p where g[a] != 0 {
            var row = 0.0
            for b in 0..<p { row += v[a * p + b] * g[b] }
            s += g[a] * row
        }
        return s
    }
}
