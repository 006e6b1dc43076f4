import Attribution
import Foundation

/// Samplers over `SeededGenerator` (libm only), so a seed reproduces the data set on every platform.
extension SeededGenerator {
    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u1 = uniform()
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Exponential with the given mean.
    mutating func exponential(mean: Double) -> Double { -log(uniform()) * mean }

    /// Log-normal with the given median and log standard deviation.
    mutating func logNormal(median: Double, sigma: Double) -> Double { median * exp(sigma * normal()) }

    /// Gamma(shape, scale) by Marsaglia–Tsang (shape >= 1 here).
    mutating func gamma(shape: Double, scale: Double) -> Double {
        if shape < 1 { return gamma(shape: shape + 1, scale: scale) * pow(uniform(), 1 / shape) }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = uniform()
            if u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v * scale }
        }
    }

    /// Poisson(mean): multiplication below 30, else a rounded normal approximation with continuity correction
    /// (the counts here are daily contacts of a few dozen; the approximation error is far below the noise).
    mutating func poisson(_ mean: Double) -> Int {
        if mean <= 0 { return 0 }
        if mean < 30 {
            let limit = exp(-mean)
            var k = 0
            var product = uniform()
            while product > limit {
                k += 1
                product *= uniform()
            }
            return k
        }
        return max(0, Int((mean + mean.squareRoot() * normal()).rounded()))
    }

    /// Negative binomial NB2 (Var = μ + αμ²) as a gamma–Poisson mixture.
    mutating func negativeBinomial(mean: Double, alpha: Double) -> Int {
        guard alpha > 0 else { return poisson(mean) }
        return poisson(gamma(shape: 1 / alpha, scale: alpha * mean))
    }

    /// An index drawn with probability proportional to `weights` (which sum to about 1 or any positive total).
    mutating func pick(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var u = uniform() * total
        for (i, w) in weights.enumerated() {
            u -= w
            if u < 0 { return i }
        }
        return weights.count - 1
    }

    /// One element of `options` with probability proportional to its weight.
    mutating func pick<T>(_ options: [(T, Double)]) -> T { options[pick(options.map(\.1))].0 }
}

/// Mixes a seed with stream numbers into an independent seed (SplitMix64 finaliser), so every line and day
/// has its own random stream and any day can be generated without generating the days before it.
func mixSeed(_ seed: UInt64, _ a: UInt64, _ b: UInt64 = 0) -> UInt64 {
    var z = seed ^ (a &* 0x9E37_79B9_7F4A_7C15) ^ (b &* 0xC2B2_AE3D_27D4_EB4F)
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}
