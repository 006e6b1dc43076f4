import Foundation

/// Backtest: a true forecast. For each campaign, the model is fitted on the days before the
/// `weeks` weeks that precede it (α and carry-over kept), and forecasts those weeks, which the fit
/// never saw — the extrapolation a running campaign's baseline depends on. Each week's total is
/// scored against its 95% prediction interval (coefficient uncertainty plus count noise, both
/// allowing for serial correlation) and by its absolute % error, next to the % error that count
/// noise alone would give (√(2/π)·sd/expected).
enum BacktestCheck {
    /// Training days required before the held-out weeks.
    static let minimumTrainingDays = 365
    /// A trend knot needs this many training days after it, else the forecast's slope stays the earlier one.
    static let minimumDaysAfterKnot = 180

    struct Result {
        var meanAbsPercentError: Double?
        var noiseMeanAbsPercentError: Double?
        var intervalCoverage: Double?
        var weeks: Int
        var campaigns: Int
    }

    static func run(
        model: FittedModel, y: [Double], builder: DesignBuilder, campaigns: [CampaignWindow], weeks: Int, serial: SerialCorrelation,
        critical: Double
    ) -> Result {
        let n = y.count
        let held = 7 * weeks
        var out = Result(weeks: 0, campaigns: 0)
        guard held > 0 else { return out }
        let family = ModelSelection.glmFamily(model.family, alpha: model.alpha)
        var errors: [Double] = []
        var noiseErrors: [Double] = []
        var inside = 0
        for c in campaigns {
            let s = min(n, builder.start.days(to: c.start))
            let a = s - held
            guard a >= minimumTrainingDays else { continue }
            let train = Array(0..<a)
            var keep: [Int] = []
            var usable = true
            for j in 0..<model.x.columns {
                var support = 0
                for i in train where model.x[i, j] != 0 { support += 1 }
                let needed = model.x.kinds[j].isTrendKnot ? minimumDaysAfterKnot : 1
                if support >= needed {
                    keep.append(j)
                } else if !model.x.kinds[j].isTrendKnot && (a..<s).contains(where: { model.x[$0, j] != 0 }) {
                    usable = false  // the held-out weeks depend on a column the training days cannot estimate
                }
            }
            guard usable, train.count > 3 * keep.count else { continue }
            let xt = model.x.selectingRows(train).selectingColumns(keep)
            guard
                let fit = try? GLMFitter.fit(
                    y: train.map { y[$0] }, x: xt, family: family, start: keep.map { model.glm.coefficients[$0] }, settings: .search,
                    solver: .normalEquations, wantCovariance: true)
            else { continue }
            out.campaigns += 1
            let covariance = CoefficientCovariance(x: xt, glm: fit, serial: serial)
            for w in 0..<weeks {
                var observed = 0.0
                var predicted = 0.0
                var gradient = [Double](repeating: 0, count: keep.count)
                var sd: [Double] = []
                for i in (a + 7 * w)..<(a + 7 * w + 7) {
                    var eta = 0.0
                    for (k, j) in keep.enumerated() { eta += model.x[i, j] * fit.coefficients[k] }
                    let mu = exp(eta)
                    predicted += mu
                    observed += y[i]
                    for (k, j) in keep.enumerated() { gradient[k] += mu * model.x[i, j] }
                    sd.append((fit.scale * family.variance(mu)).squareRoot())
                }
                let noise = serial.varianceOfSum(standardDeviations: sd)
                let variance = covariance.variance(gradient) + noise
                let half = critical * variance.squareRoot()
                out.weeks += 1
                if abs(observed - predicted) <= half { inside += 1 }
                if observed > 0 { errors.append(abs(observed - predicted) / observed * 100) }
                if predicted > 0 { noiseErrors.append((2 / Double.pi).squareRoot() * noise.squareRoot() / predicted * 100) }
            }
        }
        if !errors.isEmpty { out.meanAbsPercentError = errors.reduce(0, +) / Double(errors.count) }
        if !noiseErrors.isEmpty { out.noiseMeanAbsPercentError = noiseErrors.reduce(0, +) / Double(noiseErrors.count) }
        if out.weeks > 0 { out.intervalCoverage = Double(inside) / Double(out.weeks) }
        return out
    }
}
