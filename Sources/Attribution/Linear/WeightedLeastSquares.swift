import Foundation

/// The solution of one weighted least-squares step min ‖√W(z − Xβ)‖².
struct WLSSolution {
    var beta: [Double]
    /// (XᵀWX)⁻¹, row-major p×p, when requested.
    var inverse: [Double]?
    /// Columns that are (numerically) linear combinations of earlier columns, each with the
    /// earlier columns it depends on.
    var deficient: [(column: Int, dependsOn: [Int])]
}

/// How a WLS step is solved.
enum WLSSolver {
    /// Householder QR of √W·X (accurate; used for reported fits).
    case householderQR
    /// Cholesky of XᵀWX (about 3× faster; used inside searches).
    case normalEquations
}

enum WeightedLeastSquares {
    /// Relative size below which a pivot marks a column as dependent on earlier ones.
    static let rankTolerance = 1e-9

    static func solve(
        _ x: DesignMatrix, weights w: [Double], response z: [Double], solver: WLSSolver, wantInverse: Bool
    ) -> WLSSolution {
        switch solver {
        case .householderQR: return qr(x, weights: w, response: z, wantInverse: wantInverse)
        case .normalEquations: return cholesky(x, weights: w, response: z, wantInverse: wantInverse)
        }
    }

    // MARK: Householder QR

    static func qr(_ x: DesignMatrix, weights w: [Double], response z: [Double], wantInverse: Bool) -> WLSSolution {
        let n = x.rows
        let p = x.columns
        var a = [Double](repeating: 0, count: n * p)
        var b = [Double](repeating: 0, count: n)
        var colNorm = [Double](repeating: 0, count: p)
        var r = [Double](repeating: 0, count: p * p)  // row-major upper triangle
        x.values.withUnsafeBufferPointer { xv in
            a.withUnsafeMutableBufferPointer { a in
                b.withUnsafeMutableBufferPointer { b in
                    var sw = [Double](repeating: 0, count: n)
                    for i in 0..<n { sw[i] = w[i].squareRoot() }
                    for i in 0..<n { b[i] = sw[i] * z[i] }
                    for j in 0..<p {
                        let base = j * n
                        var s = 0.0
                        for i in 0..<n {
                            let v = sw[i] * xv[base + i]
                            a[base + i] = v
                            s += v * v
                        }
                        colNorm[j] = s.squareRoot()
                    }
                    for k in 0..<p {
                        let kb = k * n
                        var norm2 = 0.0
                        for i in k..<n { norm2 += a[kb + i] * a[kb + i] }
                        let norm = norm2.squareRoot()
                        if norm == 0 {
                            r[k * p + k] = 0
                            for j in (k + 1)..<max(k + 1, p) { r[k * p + j] = a[j * n + k] }
                            continue
                        }
                        let alpha = a[kb + k] > 0 ? -norm : norm
                        // v = a_k[k...] − alpha·e_k, stored in place; vᵀv = 2(norm² − alpha·a_kk).
                        let akk = a[kb + k]
                        a[kb + k] = akk - alpha
                        let vtv = 2 * (norm2 - alpha * akk)
                        let scale = 2 / vtv
                        for j in (k + 1)..<max(k + 1, p) {
                            let jb = j * n
                            var d0 = 0.0
                            var d1 = 0.0
                            var i = k
                            while i + 1 < n {
                                d0 += a[kb + i] * a[jb + i]
                                d1 += a[kb + i + 1] * a[jb + i + 1]
                                i += 2
                            }
                            if i < n { d0 += a[kb + i] * a[jb + i] }
                            let f = (d0 + d1) * scale
                            for i in k..<n { a[jb + i] -= f * a[kb + i] }
                            r[k * p + j] = a[jb + k]
                        }
                        var d = 0.0
                        for i in k..<n { d += a[kb + i] * b[i] }
                        let f = d * scale
                        for i in k..<n { b[i] -= f * a[kb + i] }
                        r[k * p + k] = alpha
                    }
                }
            }
        }
        // Rank check: a pivot tiny relative to its column's norm means dependence on earlier columns.
        var dependent = [Bool](repeating: false, count: p)
        for k in 0..<p where abs(r[k * p + k]) <= rankTolerance * max(colNorm[k], .leastNormalMagnitude) {
            dependent[k] = true
        }
        let qtb = Array(b.prefix(p))
        return finish(r: r, p: p, rhs: qtb, dependent: dependent, wantInverse: wantInverse)
    }

    /// Solves Rβ = rhs (R upper, row-major), builds (RᵀR)⁻¹ and dependency lists.
    private static func finish(r: [Double], p: Int, rhs: [Double], dependent: [Bool], wantInverse: Bool) -> WLSSolution {
        var deficient: [(Int, [Int])] = []
        for k in 0..<p where dependent[k] {
            // Solve R[0..<k,0..<k] c = R[0..<k,k] over independent earlier columns.
            let idx = (0..<k).filter { !dependent[$0] }
            var c = [Double](repeating: 0, count: k)
            for ii in idx.reversed() {
                var s = r[ii * p + k]
                for jj in idx where jj > ii { s -= r[ii * p + jj] * c[jj] }
                c[ii] = s / r[ii * p + ii]
            }
            let norm = max(1e-300, idx.map { abs(c[$0]) }.max() ?? 0)
            deficient.append((k, idx.filter { abs(c[$0]) > 1e-6 * norm }))
        }
        if !deficient.isEmpty {
            return WLSSolution(beta: [Double](repeating: .nan, count: p), inverse: nil, deficient: deficient)
        }
        var beta = [Double](repeating: 0, count: p)
        for i in stride(from: p - 1, through: 0, by: -1) {
            var s = rhs[i]
            for j in (i + 1)..<max(i + 1, p) { s -= r[i * p + j] * beta[j] }
            beta[i] = s / r[i * p + i]
        }
        var inverse: [Double]? = nil
        if wantInverse {
            // Rinv upper triangular, then (RᵀR)⁻¹ = Rinv·Rinvᵀ.
            var ri = [Double](repeating: 0, count: p * p)
            for j in 0..<p {
                ri[j * p + j] = 1 / r[j * p + j]
                for i in stride(from: j - 1, through: 0, by: -1) {
                    var s = 0.0
                    for k in (i + 1)...j { s += r[i * p + k] * ri[k * p + j] }
                    ri[i * p + j] = -s / r[i * p + i]
                }
            }
            var inv = [Double](repeating: 0, count: p * p)
            for i in 0..<p {
                for j in i..<p {
                    var s = 0.0
                    for k in j..<p { s += ri[i * p + k] * ri[j * p + k] }
                    inv[i * p + j] = s
                    inv[j * p + i] = s
                }
            }
            inverse = inv
        }
        return WLSSolution(beta: beta, inverse: inverse, deficient: [])
    }

    // MARK: Normal equations

    static func cholesky(_ x: DesignMatrix, weights w: [Double], response z: [Double], wantInverse: Bool) -> WLSSolution {
        let n = x.rows
        let p = x.columns
        var g = [Double](repeating: 0, count: p * p)
        var rhs = [Double](repeating: 0, count: p)
        var diag = [Double](repeating: 0, count: p)
        x.values.withUnsafeBufferPointer { xv in
            var wx = [Double](repeating: 0, count: n)
            for j in 0..<p {
                let jb = j * n
                var s = 0.0
                for i in 0..<n {
                    wx[i] = w[i] * xv[jb + i]
                    s += wx[i] * z[i]
                }
                rhs[j] = s
                for k in 0...j {
                    let kb = k * n
                    var d0 = 0.0
                    var d1 = 0.0
                    var d2 = 0.0
                    var d3 = 0.0
                    var i = 0
                    while i + 3 < n {
                        d0 += wx[i] * xv[kb + i]
                        d1 += wx[i + 1] * xv[kb + i + 1]
                        d2 += wx[i + 2] * xv[kb + i + 2]
                        d3 += wx[i + 3] * xv[kb + i + 3]
                        i += 4
                    }
                    while i < n {
                        d0 += wx[i] * xv[kb + i]
                        i += 1
                    }
                    g[j * p + k] = d0 + d1 + d2 + d3
                    g[k * p + j] = g[j * p + k]
                }
                diag[j] = g[j * p + j]
            }
        }
        // Cholesky G = RᵀR with R upper (row-major), flagging tiny pivots.
        var r = [Double](repeating: 0, count: p * p)
        var dependent = [Bool](repeating: false, count: p)
        for k in 0..<p {
            var s = g[k * p + k]
            for i in 0..<k where !dependent[i] { s -= r[i * p + k] * r[i * p + k] }
            if s <= rankTolerance * rankTolerance * max(diag[k], .leastNormalMagnitude) * 1e2 {
                dependent[k] = true
                r[k * p + k] = 0
                for j in (k + 1)..<max(k + 1, p) { r[k * p + j] = 0 }
                continue
            }
            let rkk = s.squareRoot()
            r[k * p + k] = rkk
            for j in (k + 1)..<max(k + 1, p) {
                var t = g[k * p + j]
                for i in 0..<k where !dependent[i] { t -= r[i * p + k] * r[i * p + j] }
                r[k * p + j] = t / rkk
            }
        }
        // Forward solve Rᵀy = rhs.
        var y = [Double](repeating: 0, count: p)
        for i in 0..<p where !dependent[i] {
            var s = rhs[i]
            for k in 0..<i where !dependent[k] { s -= r[k * p + i] * y[k] }
            y[i] = s / r[i * p + i]
        }
        if dependent.contains(true) {
            // Dependencies need the off-diagonal entries R[0..<k, k], which the loop above did fill.
            var deps: [(Int, [Int])] = []
            for k in 0..<p where dependent[k] {
                let idx = (0..<k).filter { !dependent[$0] }
                var c = [Double](repeating: 0, count: k)
                // R[ii,k] for dependent k: recompute as in the factorisation.
                var rk = [Double](repeating: 0, count: k)
                for ii in idx {
                    var t = g[ii * p + k]
                    for i in idx where i < ii { t -= r[i * p + ii] * rk[i] }
                    rk[ii] = t / r[ii * p + ii]
                }
                for ii in idx.reversed() {
                    var s = rk[ii]
                    for jj in idx where jj > ii { s -= r[ii * p + jj] * c[jj] }
                    c[ii] = s / r[ii * p + ii]
                }
                let norm = max(1e-300, idx.map { abs(c[$0]) }.max() ?? 0)
                deps.append((k, idx.filter { abs(c[$0]) > 1e-6 * norm }))
            }
            return WLSSolution(beta: [Double](repeating: .nan, count: p), inverse: nil, deficient: deps)
        }
        return finish(r: r, p: p, rhs: y, dependent: dependent, wantInverse: wantInverse)
    }
}
