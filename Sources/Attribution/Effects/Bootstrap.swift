/// Seeded parametric bootstrap of the campaign totals: simulate counts from the fitted model,
/// refit (α and carry-over re-selected), recompute Φ.
enum ParametricBootstrap {
    struct Result {
        /// draws[j] = Φ_j over the successful replicates.
        var draws: [[Double]]
        var failures: Int
    }

    /// One simulated series from the fitted means.
    static func simulate(mu: [Double], family: ModelFamily, alpha: Double?, scale: Double, _ g: inout SeededGenerator) -> [Double] {
        mu.map { m in
            switch family {
            case .poisson: return Distributions.poisson(m, &g)
            case .negativeBinomial: return Distributions.negativeBinomial(mean: m, alpha: alpha ?? 0, &g)
            case .quasiPoisson:
                // Gamma–Poisson with Var = φμ.
                if scale <= 1 { return Distributions.poisson(m, &g) }
                return Distributions.poisson(Distributions.gamma(shape: m / (scale - 1), scale: scale - 1, &g), &g)
            }
        }
    }

    static func run(
        model: FittedModel, builder: DesignBuilder, campaigns: [CampaignWindow], grid: [Double], fixed: [Double?], replicates: Int,
        seed: UInt64, tailCutoff: Double, penalty: Double
    ) -> Result {
        var g = SeededGenerator(seed: seed)
        var draws = [[Double]](repeating: [], count: campaigns.count)
        var failures = 0
        for _ in 0..<replicates {
            let ystar = simulate(mu: model.glm.mu, family: model.family, alpha: model.alpha, scale: model.glm.scale, &g)
            guard
                let refit = try? ModelSelection.fit(
                    y: ystar, builder: builder, campaigns: campaigns, family: model.family, grid: grid, fixed: fixed, initial: model.lambdas,
                    start: model.glm.coefficients, precise: false, penalty: penalty)
            else {
                failures += 1
                continue
            }
            let totals = CampaignTotals(
                x: refit.x, campaignColumns: refit.campaignColumns, builder: builder, campaigns: campaigns, tailCutoff: tailCutoff)
            let u = totals.sums(refit.glm.coefficients).uplift
            for j in campaigns.indices { draws[j].append(u[j]) }
        }
        return Result(draws: draws, failures: failures)
    }

    /// Quantile with linear interpolation between order statistics (type 7).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * q
        let lo = Int(h.rounded(.down))
        let hi = min(sorted.count - 1, lo + 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}
