import Foundation

/// Extra variance of Φ from not knowing the carry-over: refit each campaign at every grid value
/// of λ (others held at their selected values), weight the fits by Akaike weights
/// w_λ ∝ exp(ℓ_λ − [λ > 0]), and add Σ_λ w_λ (Φ_λ − Φ̂)² to the delta-method variance
/// (Burnham & Anderson's unconditional variance, centred on the reported estimate).
enum CarryOverUncertainty {
    static func extraVariance(
        model: FittedModel, y: [Double], builder: DesignBuilder, campaigns: [CampaignWindow], grid: [Double], fixed: [Double?],
        selectedUplift: [Double], tailCutoff: Double
    ) -> [Double] {
        let family = ModelSelection.glmFamily(model.family, alpha: model.alpha)
        var out = [Double](repeating: 0, count: campaigns.count)
        for j in campaigns.indices where fixed[j] == nil {
            var lls: [Double] = []
            var phis: [Double] = []
            var lambdas: [Double] = []
            for l in grid {
                if l == model.lambdas[j] {
                    lls.append(model.glm.logLikelihood)
                    phis.append(selectedUplift[j])
                    lambdas.append(l)
                    continue
                }
                var x = model.x
                x.replaceColumn(model.campaignColumns[j], with: builder.campaignColumn(campaigns[j], lambda: l))
                guard
                    let f = try? GLMFitter.fit(
                        y: y, x: x, family: family, start: model.glm.coefficients, settings: .screening, solver: .normalEquations,
                        wantCovariance: false)
                else { continue }
                let totals = CampaignTotals(
                    x: x, campaignColumns: model.campaignColumns, builder: builder, campaigns: campaigns, tailCutoff: tailCutoff, only: j)
                lls.append(f.logLikelihood)
                phis.append(totals.sums(f.coefficients).uplift[j])
                lambdas.append(l)
            }
            let scores = zip(lls, lambdas).map { $0 - ($1 > 0 ? 1 : 0) }
            guard let top = scores.max() else { continue }
            let w = scores.map { exp($0 - top) }
            let total = w.reduce(0, +)
            var v = 0.0
            for k in w.indices { v += w[k] / total * (phis[k] - selectedUplift[j]) * (phis[k] - selectedUplift[j]) }
            out[j] = v
        }
        return out
    }
}
