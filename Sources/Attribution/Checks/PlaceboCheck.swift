/// Placebo check: fake campaigns of the real campaigns' lengths on quiet dates (no campaign or
/// carry-over within 14 days), each added to the fitted model as an on/off column; a placebo is
/// "significant" when its Wald interval for the campaign coefficient excludes zero.
enum PlaceboCheck {
    static let margin = 14

    static func run(
        model: FittedModel, y: [Double], builder: DesignBuilder, campaigns: [CampaignWindow], windows: [ClosedRange<Int>], runs: Int,
        seed: UInt64, critical: Double
    ) -> (runs: Int, significant: Int) {
        let n = y.count
        var quiet = [Bool](repeating: true, count: n)
        for w in windows { for i in max(0, w.lowerBound - margin)...min(n - 1, w.upperBound + margin) { quiet[i] = false } }
        // quietRun[i] = consecutive quiet days starting at i.
        var quietRun = [Int](repeating: 0, count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) { quietRun[i] = quiet[i] ? quietRun[i + 1] + 1 : 0 }
        let lengths = campaigns.isEmpty ? [28] : campaigns.map { max(1, min($0.lengthInDays, n / 4)) }
        var g = SeededGenerator(seed: seed ^ 0x5EED_0F_F1AC_E)
        let family = ModelSelection.glmFamily(model.family, alpha: model.alpha)
        var done = 0
        var significant = 0
        for r in 0..<runs {
            let length = lengths[r % lengths.count]
            let starts = (0..<n).filter { quietRun[$0] >= length }
            guard !starts.isEmpty else { continue }
            let s = starts[g.integer(below: starts.count)]
            var on = [Double](repeating: 0, count: n)
            for i in s..<(s + length) { on[i] = 1 }
            var x = model.x
            x.append(on, name: "campaign:placebo", kind: .campaign(id: "placebo"))
            guard
                let fit = try? GLMFitter.fit(
                    y: y, x: x, family: family, start: model.glm.coefficients + [0], settings: .search, solver: .normalEquations,
                    wantCovariance: true)
            else { continue }
            let p = fit.p
            let se = (fit.unscaledCovariance[(p - 1) * p + (p - 1)] * fit.scale).squareRoot()
            done += 1
            if abs(fit.coefficients[p - 1]) > critical * se { significant += 1 }
        }
        return (done, significant)
    }
}
