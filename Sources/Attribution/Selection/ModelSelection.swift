import Foundation

/// A fitted attribution model: design, carry-over per campaign, α and the GLM.
struct FittedModel: Sendable {
    let family: ModelFamily
    let alpha: Double?
    let lambdas: [Double]
    let x: DesignMatrix
    let glm: GLMFit
    /// Column index of each campaign in `x`.
    let campaignColumns: [Int]
    /// Number of λ candidates evaluated (for diagnostics).
    /// (`glm` has no covariance when fitted with `precise: false`.)
    let candidateFits: Int
}

/// Chooses carry-over λ per campaign (coordinate-wise over the grid, by likelihood) and NB2 α
/// (profile likelihood), alternating until neither changes; then refits precisely with QR.
enum ModelSelection {
    static func glmFamily(_ family: ModelFamily, alpha: Double?) -> GLMFamily {
        switch family {
        case .poisson: .poisson
        case .quasiPoisson: .quasiPoisson
        case .negativeBinomial: .negativeBinomial(alpha: alpha ?? 0)
        }
    }

    /// - Parameters:
    ///   - fixed: per campaign, a λ to keep (nil = search the grid).
    ///   - initial: starting λ per campaign (defaults to 0).
    ///   - fixedAlpha: keep NB2 α at this value (used by checks).
    static func fit(
        y: [Double], builder: DesignBuilder, campaigns: [CampaignWindow], family: ModelFamily, grid: [Double],
        fixed: [Double?], initial: [Double]? = nil, start: [Double]? = nil, fixedAlpha: Double? = nil, precise: Bool = true,
        penalty: Double = 0
    ) throws(AttributionError) -> FittedModel {
        var lambdas = initial ?? campaigns.indices.map { fixed[$0] ?? 0 }
        for j in campaigns.indices { if let f = fixed[j] { lambdas[j] = f } }
        var x = builder.build(campaigns: campaigns, lambdas: lambdas)
        let campaignColumns = campaigns.indices.map { builder.base.columns + $0 }
        var alpha: Double? = nil
        var beta = start
        if family == .negativeBinomial {
            if let a = fixedAlpha {
                alpha = a
            } else {
                let est = try NegativeBinomialProfile.estimateAlpha(
                    y: y, x: x, start: beta, tolerance: 1e-4, solver: .normalEquations, settings: .search)
                alpha = est.alpha
                beta = est.beta
            }
        }
        var fam = glmFamily(family, alpha: alpha)
        var current = try GLMFitter.fit(y: y, x: x, family: fam, start: beta, settings: .search, solver: .normalEquations, wantCovariance: false)
        var candidates = 0
        let searchable = campaigns.indices.filter { fixed[$0] == nil }
        if !searchable.isEmpty && grid.count > 1 {
            for _ in 0..<5 {
                var changed = false
                for j in searchable {
                    let col = campaignColumns[j]
                    var bestLambda = lambdas[j]
                    var best = current
                    // Penalised log-likelihood: a carry-over must earn its keep (see `carryOverPenalty`).
                    func score(_ f: GLMFit, _ l: Double) -> Double { f.logLikelihood - (l > 0 ? penalty : 0) }
                    var bestColumn: [Double]? = nil
                    for l in grid where l != lambdas[j] {
                        var xc = x
                        let column = builder.campaignColumn(campaigns[j], lambda: l)
                        xc.replaceColumn(col, with: column)
                        candidates += 1
                        guard
                            let f = try? GLMFitter.fit(
                                y: y, x: xc, family: fam, start: current.coefficients, settings: .screening, solver: .normalEquations,
                                wantCovariance: false)
                        else { continue }
                        if score(f, l) > score(best, bestLambda) + 1e-7 {
                            best = f
                            bestLambda = l
                            bestColumn = column
                        }
                    }
                    if let column = bestColumn {
                        x.replaceColumn(col, with: column)
                        lambdas[j] = bestLambda
                        current = best
                        changed = true
                    }
                }
                if family == .negativeBinomial && fixedAlpha == nil {
                    let est = try NegativeBinomialProfile.estimateAlpha(
                        y: y, x: x, start: current.coefficients, tolerance: 1e-4, solver: .normalEquations, settings: .search)
                    if abs(log(est.alpha / (alpha ?? est.alpha))) > 0.02 { changed = true }
                    alpha = est.alpha
                    fam = glmFamily(family, alpha: alpha)
                    current = try GLMFitter.fit(
                        y: y, x: x, family: fam, start: est.beta, settings: .search, solver: .normalEquations, wantCovariance: false)
                }
                if !changed { break }
            }
        }
        if !precise {
            return FittedModel(
                family: family, alpha: alpha, lambdas: lambdas, x: x, glm: current, campaignColumns: campaignColumns, candidateFits: candidates)
        }
        if family == .negativeBinomial && fixedAlpha == nil {
            let est = try NegativeBinomialProfile.estimateAlpha(
                y: y, x: x, start: current.coefficients, tolerance: 1e-7, solver: .normalEquations, settings: .precise)
            alpha = est.alpha
            fam = glmFamily(family, alpha: alpha)
            current = try GLMFitter.fit(y: y, x: x, family: fam, start: est.beta, settings: .search, solver: .normalEquations, wantCovariance: false)
        }
        let final = try GLMFitter.fit(y: y, x: x, family: fam, start: current.coefficients, settings: .precise)
        return FittedModel(
            family: family, alpha: alpha, lambdas: lambdas, x: x, glm: final, campaignColumns: campaignColumns, candidateFits: candidates)
    }
}
