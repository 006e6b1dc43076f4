import Foundation

/// Per-campaign sums over the attribution window for one coefficient vector.
struct CampaignSums {
    /// Φ_j: Shapley share of the model excess, summed over the window.
    var uplift: [Double]
    /// Σ μ⁰ (all campaigns off) over the window.
    var baseline: [Double]
    /// Σ μ̂ (fitted) over the window.
    var fitted: [Double]
}

/// Computes campaign totals Φ_j(β) over each campaign's attribution window: from its first day in
/// the data to the last day its column is still ≥ `tailCutoff` of its peak (clipped to the data).
struct CampaignTotals {
    let x: DesignMatrix
    let campaignColumns: [Int]
    /// Inclusive row ranges.
    let windows: [ClosedRange<Int>]
    /// Whether the tail was cut by the end of the data.
    let tailTruncated: [Bool]
    /// Rows where any campaign column is non-zero, in order.
    private let rows: [Int]

    /// - Parameter only: restrict the sums to this campaign's window (other campaigns' sums are then partial).
    init(x: DesignMatrix, campaignColumns: [Int], builder: DesignBuilder, campaigns: [CampaignWindow], tailCutoff: Double, only: Int? = nil) {
        self.x = x
        self.campaignColumns = campaignColumns
        var windows: [ClosedRange<Int>] = []
        var truncated: [Bool] = []
        for (j, c) in campaigns.enumerated() {
            let col = campaignColumns[j]
            var peak = 0.0
            for i in 0..<x.rows { peak = max(peak, x[i, col]) }
            let first = max(0, builder.start.days(to: c.start))
            let endIndex = builder.start.days(to: c.end)
            var last = min(x.rows - 1, endIndex)
            while last + 1 < x.rows && x[last + 1, col] >= tailCutoff * peak { last += 1 }
            windows.append(first...max(first, last))
            truncated.append(last == x.rows - 1 && endIndex < x.rows - 1 && peak > 0 && x[last, col] >= tailCutoff * peak)
        }
        self.windows = windows
        self.tailTruncated = truncated
        var set = Set<Int>()
        for (k, w) in windows.enumerated() where only == nil || only == k { for i in w { set.insert(i) } }
        rows = set.sorted()
    }

    /// Window sums at coefficients `beta`.
    func sums(_ beta: [Double]) -> CampaignSums {
        let m = campaignColumns.count
        var out = CampaignSums(
            uplift: [Double](repeating: 0, count: m), baseline: [Double](repeating: 0, count: m), fitted: [Double](repeating: 0, count: m))
        let p = x.columns
        let isCampaign = (0..<p).map { campaignColumns.contains($0) }
        var active: [Int] = []
        var effects: [Double] = []
        for i in rows {
            var eta0 = 0.0
            for j in 0..<p where !isCampaign[j] { eta0 += x[i, j] * beta[j] }
            let mu0 = exp(eta0)
            active.removeAll(keepingCapacity: true)
            effects.removeAll(keepingCapacity: true)
            var total = 0.0
            for k in 0..<m {
                let z = x[i, campaignColumns[k]]
                if z != 0 {
                    active.append(k)
                    let c = beta[campaignColumns[k]] * z
                    effects.append(c)
                    total += c
                }
            }
            let shares = ShapleySplit.shares(baseline: mu0, effects: effects)
            let mu = mu0 * exp(total)
            for k in 0..<m where windows[k].contains(i) {
                out.baseline[k] += mu0
                out.fitted[k] += mu
            }
            for (a, k) in active.enumerated() where windows[k].contains(i) { out.uplift[k] += shares[a] }
        }
        return out
    }

    /// ∂Φ/∂β and ∂F/∂β (F: fitted contacts over the window) by central differences (rows:
    /// campaigns, row-major m×p each).
    func gradients(_ beta: [Double]) -> (uplift: [Double], fitted: [Double]) {
        let m = campaignColumns.count
        let p = beta.count
        var g = [Double](repeating: 0, count: m * p)
        var f = [Double](repeating: 0, count: m * p)
        var b = beta
        for j in 0..<p {
            let h = 1e-5 * max(1, abs(beta[j]))
            b[j] = beta[j] + h
            let up = sums(b)
            b[j] = beta[j] - h
            let down = sums(b)
            b[j] = beta[j]
            for k in 0..<m {
                g[k * p + j] = (up.uplift[k] - down.uplift[k]) / (2 * h)
                f[k * p + j] = (up.fitted[k] - down.fitted[k]) / (2 * h)
            }
        }
        return (g, f)
    }

    /// ∂Φ/∂β (row-major m×p).
    func upliftGradient(_ beta: [Double]) -> [Double] { gradients(beta).uplift }

    /// G·V·Gᵀ (m×m, row-major).
    static func sandwich(_ g: [Double], m: Int, p: Int, covariance v: [Double]) -> [Double] {
        var gv = [Double](repeating: 0, count: m * p)
        for a in 0..<m {
            for j in 0..<p {
                var s = 0.0
                for k in 0..<p { s += g[a * p + k] * v[k * p + j] }
                gv[a * p + j] = s
            }
        }
        var out = [Double](repeating: 0, count: m * m)
        for a in 0..<m {
            for b in 0..<m {
                var s = 0.0
                for j in 0..<p { s += gv[a * p + j] * g[b * p + j] }
                out[a * m + b] = s
            }
        }
        return out
    }
}
