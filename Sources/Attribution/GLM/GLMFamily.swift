import Foundation

/// The count likelihood.
public enum ModelFamily: String, Sendable, Hashable, Codable, CaseIterable {
    /// Poisson: Var = μ.
    case poisson
    /// Poisson mean model, Var = φμ with φ = Pearson χ²/(n − p).
    case quasiPoisson = "quasi_poisson"
    /// NB2: Var = μ + αμ², α by profile likelihood.
    case negativeBinomial = "negative_binomial"
}

/// A family with its parameters fixed, as the IRLS step sees it (log link throughout).
public enum GLMFamily: Sendable, Hashable {
    case poisson
    case quasiPoisson
    case negativeBinomial(alpha: Double)

    var alpha: Double {
        if case .negativeBinomial(let a) = self { return a }
        return 0
    }

    /// IRLS weight 1/(g'(μ)²V(μ)).
    @inline(__always) func weight(_ mu: Double) -> Double {
        let a = alpha
        return a == 0 ? mu : mu / (1 + a * mu)
    }

    /// Variance function V(μ).
    @inline(__always) func variance(_ mu: Double) -> Double {
        mu + alpha * mu * mu
    }

    /// Unit deviance summed over observations.
    func deviance(y: [Double], mu: [Double]) -> Double {
        let a = alpha
        var d = 0.0
        for i in y.indices {
            let yi = y[i]
            let m = mu[i]
            if a == 0 {
                d += (yi > 0 ? yi * log(yi / m) : 0) - (yi - m)
            } else {
                let t1 = yi > 0 ? yi * log(yi / m) : 0
                d += t1 - (yi + 1 / a) * log((1 + a * yi) / (1 + a * m))
            }
        }
        return 2 * d
    }

    /// Pearson χ² = Σ (y − μ)²/V(μ).
    func pearsonChi2(y: [Double], mu: [Double]) -> Double {
        var s = 0.0
        for i in y.indices {
            let r = y[i] - mu[i]
            s += r * r / variance(mu[i])
        }
        return s
    }

    /// Full log-likelihood (Poisson for quasi-Poisson).
    func logLikelihood(y: [Double], mu: [Double]) -> Double {
        let a = alpha
        var ll = 0.0
        if a == 0 {
            for i in y.indices {
                let yi = y[i]
                ll += (yi > 0 ? yi * log(mu[i]) : 0) - mu[i] - lgamma(yi + 1)
            }
            return ll
        }
        let r = 1 / a
        for i in y.indices {
            let yi = y[i]
            let am = a * mu[i]
            ll += GLMFamily.lgammaRatio(yi, r) - lgamma(yi + 1) + (yi > 0 ? yi * log(am / (1 + am)) : 0) - r * log1p(am)
        }
        return ll
    }

    /// lgamma(y + r) − lgamma(r), accurate also for large r.
    @inline(__always) static func lgammaRatio(_ y: Double, _ r: Double) -> Double {
        if y == 0 { return 0 }
        if r > 1e4, y < 1000, y == y.rounded() {
            var s = 0.0
            var i = 0.0
            while i < y {
                s += log(r + i)
                i += 1
            }
            return s
        }
        return lgamma(y + r) - lgamma(r)
    }
}
