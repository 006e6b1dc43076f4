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
        let sw = glm.mu.map { glm.family.weight($0).squareRoot() }
        let e = SerialCorrelation.pearsonResiduals(y: y, mu: glm.mu, family: glm.family, scale: glm.scale)
        let xt = SerialCorrelation.weightedColumns(x: model.x, glm: glm)
        let bread = glm.unscaledCovariance
        // X̃ᵀe (≈ 0 at the fit: the score equations) and X̃ᵀRX̃, once.
        let xte = xt.map { col in zip(col, e).reduce(0) { $0 + $1.0 * $1.1 } }
        let meat = serial.meat(xt)
        let lags = serial.autocorrelation.count

        // One z per placebo column c, with a = c̃ − X̃b, c̃ = √W·c, b = B⁻¹X̃ᵀc̃ its part the fitted columns do
        // not explain: aᵀe = c̃ᵀe − bᵀX̃ᵀe, aᵀa = c̃ᵀc̃ − bᵀX̃ᵀc̃, aᵀRa = c̃ᵀRc̃ − 2bᵀX̃ᵀRc̃ + bᵀ(X̃ᵀRX̃)b.
        // Only the days where c (or Rc) is non-zero are visited: O(days·p + p²) per column.
        func test(_ c: [Double], range: Range<Int>) -> (z: Double, gain: Double)? {
            var ct = [Double](repeating: 0, count: range.count)
            for i in range { ct[i - range.lowerBound] = sw[i] * c[i] }
            // R·c̃ over the range widened by the lags.
            let lo = max(0, range.lowerBound - lags)
            let hi = min(n, range.upperBound + lags)
            var full = [Double](repeating: 0, count: hi - lo)
            for i in range { full[i - lo] = ct[i - range.lowerBound] }
            let rc = serial.correlate(full)
            var u = [Double](repeating: 0, count: p)
            var v = [Double](repeating: 0, count: p)
            for j in 0..<p {
                let col = xt[j]
                var s = 0.0
                for i in range { s += col[i] * ct[i - range.lowerBound] }
                u[j] = s
                var r = 0.0
                for i in lo..<hi { r += col[i] * rc[i - lo] }
                v[j] = r
            }
            var b = [Double](repeating: 0, count: p)
            for a in 0..<p {
                var s = 0.0
                for k in 0..<p { s += bread[a * p + k] * u[k] }
                b[a] = s
            }
            var cte = 0.0
            var ctc = 0.0
            for i in range {
                cte += ct[i - range.lowerBound] * e[i]
                ctc += ct[i - range.lowerBound] * ct[i - range.lowerBound]
            }
            var ctrc = 0.0
            for i in range { ctrc += ct[i - range.lowerBound] * rc[i - lo] }
            var score = cte
            var info = ctc
            var correlated = ctrc
            for j in 0..<p {
                score -= b[j] * xte[j]
                info -= b[j] * u[j]
                correlated -= 2 * b[j] * v[j]
                var mb = 0.0
                for k in 0..<p { mb += meat[j * p + k] * b[k] }
                correlated += b[j] * mb
            }
            guard info > 1e-12 * max(1, ctc) else { return nil }
            let variance = max(info, correlated)
            // e is scaled by √φ; the log-likelihood gain the real selection compares is φ times (aᵀe)²/(2aᵀa).
            return (score / variance.squareRoot(), glm.scale * score * score / (2 * info))
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
                    // The carry-over tail is followed until it falls below 1e-6 of its peak.
                    var last = i + length
                    while last < n && c[last] > 1e-6 { last += 1 }
                    guard let t = test(c, range: i..<last) else { continue }
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
