/// Placebo calibration: for each campaign, fake campaigns of its own length on every
/// non-overlapping stretch of quiet days (no campaign or carry-over within 14 days), tested with
/// the same procedure as the real campaign — carry-over chosen from the same grid with the same
/// penalty, the same correlation-robust variance — and warm-started from the fitted model: one
/// Fisher-scoring step from the fit, which is the score test of the placebo column.
///
/// With a ⊥ = √W·c minus its projection on the fitted columns (c the placebo's carry-over column)
/// and e the Pearson residuals, the one-step z is aᵀe / √(aᵀRa) (≥ the model-based √(aᵀa)); the
/// likelihood gain of a λ is about (aᵀe)²/(2aᵀa). If the model's intervals are right, the z's
/// follow N(0, 1); their root mean square is the empirical null's scale, used to widen the
/// campaign's interval when it is above 1.
enum PlaceboCheck {
    static let margin = 14

    struct Result {
        /// z-scores per campaign (empty when no quiet stretch was long enough).
        var z: [[Double]]
        /// Placebos with |z| above the critical value, over all campaigns.
        var significant: Int
        var runs: Int { z.reduce(0) { $0 + $1.count } }

        /// √mean(z²) of campaign j's placebos; with fewer than `minimum` of them, of every
        /// campaign's placebos together (each z is already on its own scale); nil when even those
        /// are fewer than `minimum`.
        func nullScale(_ j: Int, minimum: Int) -> Double? {
            let zs = z[j].count >= minimum ? z[j] : z.flatMap { $0 }
            guard zs.count >= minimum else { return nil }
            return (zs.reduce(0) { $0 + $1 * $1 } / Double(zs.count)).squareRoot()
        }
    }

    static func run(
        model: FittedModel, y: [Double], builder: DesignBuilder, campaigns: [CampaignWindow], windows: [ClosedRange<Int>],
        fixed: [Double?], grid: [Double], penalty: Double, serial: SerialCorrelation, maxPerCampaign: Int, critical: Double
    ) -> Result {
        let n = y.count
        var quiet = [Bool](repeating: true, count: n)
        for w in windows { for i in max(0, w.lowerBound - margin)...min(n - 1, w.upperBound + margin) { quiet[i] = false } }
        var quietRun = [Int](repeating: 0, count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) { quietRun[i] = quiet[i] ? quietRun[i + 1] + 1 : 0 }

        let glm = model.glm
        let p = glm.p
        let x = model.x
        let sw = glm.mu.map { glm.family.weight($0).squareRoot() }
        let e = SerialCorrelation.pearsonResiduals(y: y, mu: glm.mu, family: glm.family, scale: glm.scale)
        var xt = [Double](repeating: 0, count: n * p)  // column-major √W·X
        for j in 0..<p { for i in 0..<n { xt[j * n + i] = sw[i] * x[i, j] } }
        let bread = glm.unscaledCovariance

        // One z per placebo column: residualise √W·c on the fitted columns, then score / √variance.
        func test(_ c: [Double], first: Int) -> (z: Double, gain: Double)? {
            var u = [Double](repeating: 0, count: p)
            for j in 0..<p {
                var s = 0.0
                for i in first..<n where c[i] != 0 { s += xt[j * n + i] * sw[i] * c[i] }
                u[j] = s
            }
            var b = [Double](repeating: 0, count: p)
            for a in 0..<p {
                var s = 0.0
                for k in 0..<p { s += bread[a * p + k] * u[k] }
                b[a] = s
            }
            var resid = [Double](repeating: 0, count: n)
            for i in 0..<n { resid[i] = sw[i] * c[i] }
            for j in 0..<p where b[j] != 0 {
                let v = b[j]
                for i in 0..<n { resid[i] -= v * xt[j * n + i] }
            }
            var score = 0.0
            var info = 0.0
            for i in 0..<n {
                score += resid[i] * e[i]
                info += resid[i] * resid[i]
            }
            guard info > 1e-9 * Double(max(1, n)) * 1e-6 else { return nil }
            let variance = serial.quadraticForm(resid)
            return (score / variance.squareRoot(), score * score / (2 * info))
        }

        // Without campaigns, placebos of four weeks still check the model (one bucket).
        let lengths = campaigns.isEmpty ? [28] : campaigns.map(\.lengthInDays)
        var result = Result(z: [[Double]](repeating: [], count: lengths.count), significant: 0)
        for (j, days) in lengths.enumerated() {
            let length = max(1, min(days, n / 4))
            let lambdas = (j < fixed.count ? fixed[j] : nil).map { [$0] } ?? grid
            var i = 0
            while i < n && result.z[j].count < maxPerCampaign {
                guard quietRun[i] >= length else {
                    i += 1
                    continue
                }
                var on = [Double](repeating: 0, count: n)
                for k in i..<(i + length) { on[k] = 1 }
                var best: (z: Double, score: Double)? = nil
                for l in lambdas {
                    let c = l == 0 ? on : Adstock.transform(on, lambda: l)
                    guard let t = test(c, first: i) else { continue }
                    let s = t.gain - (l > 0 ? penalty : 0)
                    if best == nil || s > best!.score + 1e-9 { best = (t.z, s) }
                }
                if let b = best {
                    result.z[j].append(b.z)
                    if abs(b.z) > critical { result.significant += 1 }
                }
                i += length
            }
        }
        return result
    }
}
