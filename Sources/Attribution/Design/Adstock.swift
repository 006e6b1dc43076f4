import Foundation

/// Normalised geometric carry-over ("adstock").
public enum Adstock {
    /// The carry-over grid from the method notes.
    public static let defaultGrid: [Double] = [0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9]

    /// z_t = (1 − λ)·Σ_{s≥0} λ^s·on_{t−s}, computed by the recursion z_t = λ·z_{t−1} + (1 − λ)·on_t
    /// with z = 0 before the first element. λ = 0 returns `on` itself.
    public static func transform(_ on: [Double], lambda: Double) -> [Double] {
        precondition(lambda >= 0 && lambda < 1, "carry-over λ must be in [0, 1)")
        var out = [Double](repeating: 0, count: on.count)
        var z = 0.0
        for t in on.indices {
            z = lambda * z + (1 - lambda) * on[t]
            out[t] = z
        }
        return out
    }

    /// Half-life in days of a geometric carry-over: ln 0.5 / ln λ (0 when λ = 0).
    public static func halfLifeDays(lambda: Double) -> Double {
        lambda <= 0 ? 0 : log(0.5) / log(lambda)
    }
}
