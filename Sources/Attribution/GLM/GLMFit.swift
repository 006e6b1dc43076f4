import Foundation

/// Convergence settings for IRLS.
public struct IRLSSettings: Sendable, Hashable {
    /// Stop when |Δdeviance| ≤ this …
    public var devianceTolerance: Double
    /// … and the largest coefficient change ≤ this.
    public var coefficientTolerance: Double
    public var maxIterations: Int

    public init(devianceTolerance: Double = 1e-8, coefficientTolerance: Double = 1e-10, maxIterations: Int = 100) {
        self.devianceTolerance = devianceTolerance
        self.coefficientTolerance = coefficientTolerance
        self.maxIterations = maxIterations
    }

    /// Tight settings for reported fits (statsmodels' rule |Δdev| ≤ 1e-8 plus a coefficient rule).
    public static let precise = IRLSSettings()
    /// Looser settings for likelihood comparisons inside searches.
    public static let search = IRLSSettings(devianceTolerance: 1e-7, coefficientTolerance: 1e-6, maxIterations: 100)
    /// Loosest settings, for ranking carry-over candidates (differences that matter are ≫ 1e-4).
    public static let screening = IRLSSettings(devianceTolerance: 1e-5, coefficientTolerance: 1e-4, maxIterations: 100)
}

/// A fitted log-link GLM.
public struct GLMFit: Sendable {
    public let family: GLMFamily
    public let columnNames: [String]
    public let coefficients: [Double]
    /// (XᵀWX)⁻¹ (row-major p×p) at the weights of the last IRLS step, as statsmodels reports it.
    public let unscaledCovariance: [Double]
    /// φ: 1 for Poisson and NB2, Pearson χ²/(n − p) for quasi-Poisson.
    public let scale: Double
    public let deviance: Double
    public let pearsonChi2: Double
    public let logLikelihood: Double
    public let iterations: Int
    /// Fitted means.
    public let mu: [Double]

    /// Number of observations.
    public var n: Int { mu.count }
    /// Number of coefficients.
    public var p: Int { coefficients.count }

    /// V = φ(XᵀWX)⁻¹ (row-major).
    public var covariance: [Double] { unscaledCovariance.map { $0 * scale } }

    /// √diag(V).
    public var standardErrors: [Double] { (0..<p).map { (unscaledCovariance[$0 * p + $0] * scale).squareRoot() } }
}

/// IRLS for log-link count GLMs, following statsmodels' `_fit_irls`.
public enum GLMFitter {
    /// Fits `y` on `x`. Starts from μ = (y + ȳ)/2 unless `start` coefficients are given.
    /// Throws `.rankDeficient` (naming the columns), `.separation` or `.notConverged`.
    public static func fit(
        y: [Double], x: DesignMatrix, family: GLMFamily, start: [Double]? = nil, settings: IRLSSettings = .precise
    ) throws(AttributionError) -> GLMFit {
        try fit(y: y, x: x, family: family, start: start, settings: settings, solver: .householderQR, wantCovariance: true)
    }

    /// The log effect held fixed for a baseline event whose days all had no contact (a full closure): its maximum-
    /// likelihood coefficient is −∞, so it is not estimated; at e⁻¹⁰ those days weigh nothing in the fit (their
    /// expected count and IRLS weight are ~0), which leaves them out of the likelihood, and every total over them —
    /// observed, expected, counterfactual — stays ~0, as it should for a closed line.
    static let fullClosureLogEffect = -10.0

    static func fit(
        y: [Double], x: DesignMatrix, family: GLMFamily, start: [Double]?, settings: IRLSSettings, solver: WLSSolver,
        wantCovariance: Bool
    ) throws(AttributionError) -> GLMFit {
        let fixed = fullClosureColumns(y: y, x: x)
        guard !fixed.isEmpty else {
            return try fit(y: y, x: x, offset: nil, family: family, start: start, settings: settings, solver: solver, wantCovariance: wantCovariance)
        }
        // Fit the other columns with the closures as an offset, then put the fixed coefficients back (variance 0).
        let kept = (0..<x.columns).filter { !fixed.contains($0) }
        let reduced = DesignMatrix(
            rows: x.rows, names: kept.map { x.names[$0] }, kinds: kept.map { x.kinds[$0] }, values: kept.flatMap { x.column($0) })
        var offset = [Double](repeating: 0, count: x.rows)
        for j in fixed { for i in 0..<x.rows where x[i, j] != 0 { offset[i] += x[i, j] * fullClosureLogEffect } }
        let inner = try fit(
            y: y, x: reduced, offset: offset, family: family, start: start.flatMap { s in s.count == x.columns ? kept.map { s[$0] } : nil },
            settings: settings,
            solver: solver, wantCovariance: wantCovariance)
        let p = x.columns
        let q = kept.count
        var coefficients = [Double](repeating: fullClosureLogEffect, count: p)
        for (a, j) in kept.enumerated() { coefficients[j] = inner.coefficients[a] }
        var covariance = [Double](repeating: 0, count: inner.unscaledCovariance.isEmpty ? 0 : p * p)
        if !covariance.isEmpty {
            for (a, j) in kept.enumerated() { for (b, k) in kept.enumerated() { covariance[j * p + k] = inner.unscaledCovariance[a * q + b] } }
        }
        // Quasi-Poisson: the closed days carry no information, so they leave the residual degrees of freedom too.
        var scale = inner.scale
        if case .quasiPoisson = family {
            let closedDays = offset.filter { $0 != 0 }.count
            scale = inner.pearsonChi2 / Double(max(1, x.rows - closedDays - q))
        }
        return GLMFit(
            family: family, columnNames: x.names, coefficients: coefficients, unscaledCovariance: covariance, scale: scale,
            deviance: inner.deviance, pearsonChi2: inner.pearsonChi2, logLikelihood: inner.logLikelihood, iterations: inner.iterations,
            mu: inner.mu)
    }

    /// Baseline-event columns (0/1) with at least one day, on all of whose days `y` is 0.
    static func fullClosureColumns(y: [Double], x: DesignMatrix) -> [Int] {
        (0..<x.columns).filter { j in
            guard case .baselineEvent = x.kinds[j] else { return false }
            var days = 0
            for i in 0..<x.rows where x[i, j] != 0 {
                guard y[i] == 0 else { return false }
                days += 1
            }
            return days > 0
        }
    }

    static func fit(
        y: [Double], x: DesignMatrix, offset: [Double]?, family: GLMFamily, start: [Double]?, settings: IRLSSettings, solver: WLSSolver,
        wantCovariance: Bool
    ) throws(AttributionError) -> GLMFit {
        let n = y.count
        let p = x.columns
        precondition(x.rows == n)
        let offset = offset ?? [Double](repeating: 0, count: n)
        var mu: [Double]
        var eta: [Double]
        var beta: [Double]
        if let s = start, s.count == p, s.allSatisfy(\.isFinite) {
            beta = s
            eta = zip(x.multiply(s), offset).map { $0 + $1 }
            mu = eta.map { exp($0) }
        } else {
            let mean = y.reduce(0, +) / Double(max(1, n))
            mu = y.map { ($0 + mean) / 2 }
            eta = mu.map { log(max($0, 1e-300)) }
            // Rows with an offset start at their offset's level, so that the first step does not pull on them.
            for i in 0..<n where offset[i] != 0 {
                eta[i] += offset[i]
                mu[i] = exp(eta[i])
            }
            beta = [Double](repeating: .nan, count: p)
        }
        var dev = family.deviance(y: y, mu: mu)
        var w = [Double](repeating: 0, count: n)
        var z = [Double](repeating: 0, count: n)
        var lastChange = Double.infinity
        for iteration in 1...settings.maxIterations {
            for i in 0..<n {
                w[i] = family.weight(mu[i])
                z[i] = eta[i] - offset[i] + (y[i] - mu[i]) / mu[i]
            }
            let sol = WeightedLeastSquares.solve(x, weights: w, response: z, solver: solver, wantInverse: wantCovariance)
            if !sol.deficient.isEmpty {
                throw .rankDeficient(
                    columns: sol.deficient.map { x.names[$0.column] },
                    dependsOn: Array(Set(sol.deficient.flatMap { $0.dependsOn.map { x.names[$0] } })).sorted())
            }
            let newBeta = sol.beta
            eta = x.multiply(newBeta)
            var finite = true
            for i in 0..<n {
                eta[i] += offset[i]
                if eta[i] > 700 { finite = false }
                mu[i] = exp(eta[i])
            }
            let newDev = family.deviance(y: y, mu: mu)
            var maxStep = Double.infinity
            if beta.allSatisfy(\.isFinite) {
                maxStep = 0
                for j in 0..<p { maxStep = max(maxStep, abs(newBeta[j] - beta[j])) }
            }
            lastChange = abs(newDev - dev)
            beta = newBeta
            dev = newDev
            if !finite || !dev.isFinite {
                throw .separation(columns: suspectColumns(x, beta))
            }
            if lastChange <= settings.devianceTolerance && maxStep <= settings.coefficientTolerance {
                let sepCols = suspectColumns(x, beta)
                if !sepCols.isEmpty { throw .separation(columns: sepCols) }
                let inverse = sol.inverse ?? []
                let chi2 = family.pearsonChi2(y: y, mu: mu)
                var scale = 1.0
                if case .quasiPoisson = family { scale = chi2 / Double(max(1, n - p)) }
                return GLMFit(
                    family: family, columnNames: x.names, coefficients: beta, unscaledCovariance: inverse, scale: scale,
                    deviance: dev, pearsonChi2: chi2, logLikelihood: family.logLikelihood(y: y, mu: mu), iterations: iteration,
                    mu: mu)
            }
        }
        let sepCols = suspectColumns(x, beta)
        if !sepCols.isEmpty { throw .separation(columns: sepCols) }
        throw .notConverged(iterations: settings.maxIterations, lastDevianceChange: lastChange)
    }

    /// Columns whose coefficient is so large (|β| > 20 on a 0/1-scale column) that the fit is
    /// running off to infinity.
    private static func suspectColumns(_ x: DesignMatrix, _ beta: [Double]) -> [String] {
        var out: [String] = []
        for j in 0..<x.columns where !beta[j].isFinite || abs(beta[j]) > 20 {
            switch x.kinds[j] {
            case .campaign, .holiday, .dayOfWeek, .baselineEvent: out.append(x.names[j])
            default: if !beta[j].isFinite { out.append(x.names[j]) }
            }
        }
        return out
    }
}
