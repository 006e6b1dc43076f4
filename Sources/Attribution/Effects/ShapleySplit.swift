import Foundation

/// Shapley split of a day's excess among the campaigns active that day, on the multiplicative
/// model μ = μ⁰·e^{Σc}.
public enum ShapleySplit {
    /// φ_j = μ⁰(e^{c_j} − 1)·Σ_{s=0}^{n−1} s!(n−1−s)!/n! · e_s({e^{c_k}}_{k≠j}), where e_s is the
    /// s-th elementary symmetric polynomial: the exact Shapley value in O(n²) per player. The
    /// shares add up to μ⁰(e^{Σc} − 1).
    public static func shares(baseline mu0: Double, effects c: [Double]) -> [Double] {
        let n = c.count
        if n == 0 { return [] }
        if n == 1 { return [mu0 * (exp(c[0]) - 1)] }
        let a = c.map { exp($0) }
        // weight[s] = s!(n−1−s)!/n! = 1/(n·C(n−1, s)).
        var weight = [Double](repeating: 0, count: n)
        var binom = 1.0
        for s in 0..<n {
            weight[s] = 1 / (Double(n) * binom)
            binom = binom * Double(n - 1 - s) / Double(s + 1)
        }
        var out = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: n)
        for j in 0..<n {
            for s in 0..<n { e[s] = 0 }
            e[0] = 1
            var m = 0
            for k in 0..<n where k != j {
                m += 1
                for s in stride(from: m, through: 1, by: -1) { e[s] += e[s - 1] * a[k] }
            }
            var sum = 0.0
            for s in 0..<n { sum += weight[s] * e[s] }
            out[j] = mu0 * (a[j] - 1) * sum
        }
        return out
    }
}
