import Foundation

/// Backtest: for each campaign, hold out the `weeks` weeks just before it starts, refit on all
/// other days (α and carry-over kept), predict the held-out days and compare weekly totals.
enum BacktestCheck {
    static func run(
        model: FittedModel, y: [Double], builder: DesignBuilder, campaigns: [CampaignWindow], weeks: Int
    ) -> (meanAbsPercentError: Double?, campaigns: Int) {
        let n = y.count
        let held = 7 * weeks
        guard held > 0 else { return (nil, 0) }
        let family = ModelSelection.glmFamily(model.family, alpha: model.alpha)
        var errors: [Double] = []
        var used = 0
        for c in campaigns {
            let s = builder.start.days(to: c.start)
            let a = s - held
            guard a >= 0, s <= n else { continue }
            let heldRange = a..<s
            let train = (0..<n).filter { !heldRange.contains($0) }
            var xt = model.x.selectingRows(train)
            // Columns with no data left in training cannot be estimated: drop them, unless the
            // held-out weeks depend on them (then skip this campaign's backtest).
            var keep: [Int] = []
            var usable = true
            for j in 0..<xt.columns {
                let hasTraining = (0..<xt.rows).contains { xt[$0, j] != 0 }
                if hasTraining {
                    keep.append(j)
                } else if heldRange.contains(where: { model.x[$0, j] != 0 }) {
                    usable = false
                }
            }
            guard usable, train.count > 3 * keep.count else { continue }
            xt = xt.selectingColumns(keep)
            let yt = train.map { y[$0] }
            guard
                let fit = try? GLMFitter.fit(
                    y: yt, x: xt, family: family, start: keep.map { model.glm.coefficients[$0] }, settings: .search,
                    solver: .normalEquations, wantCovariance: false)
            else { continue }
            used += 1
            for w in 0..<weeks {
                var observed = 0.0
                var predicted = 0.0
                for i in (a + 7 * w)..<(a + 7 * w + 7) {
                    var eta = 0.0
                    for (k, j) in keep.enumerated() { eta += model.x[i, j] * fit.coefficients[k] }
                    predicted += exp(eta)
                    observed += y[i]
                }
                if observed > 0 { errors.append(abs(observed - predicted) / observed * 100) }
            }
        }
        guard !errors.isEmpty else { return (nil, used) }
        return (errors.reduce(0, +) / Double(errors.count), used)
    }
}
