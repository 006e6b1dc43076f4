import Foundation

/// Brent's derivative-free minimiser on an interval (golden section with parabolic steps).
enum BrentMinimizer {
    /// Minimises `f` on [a, b]; returns the argument and value.
    static func minimize(
        _ a0: Double, _ b0: Double, tolerance: Double = 1e-8, maxEvaluations: Int = 200,
        _ f: (Double) throws(AttributionError) -> Double
    ) throws(AttributionError) -> (x: Double, value: Double) {
        let golden = 0.381_966_011_250_105_1
        var a = a0
        var b = b0
        var x = a + golden * (b - a)
        var w = x
        var v = x
        var fx = try f(x)
        var fw = fx
        var fv = fx
        var d = 0.0
        var e = 0.0
        var evaluations = 1
        while evaluations < maxEvaluations {
            let m = 0.5 * (a + b)
            let tol1 = tolerance * abs(x) + 1e-12
            let tol2 = 2 * tol1
            if abs(x - m) <= tol2 - 0.5 * (b - a) { break }
            var useGolden = true
            if abs(e) > tol1 {
                var r = (x - w) * (fx - fv)
                var q = (x - v) * (fx - fw)
                var p = (x - v) * q - (x - w) * r
                q = 2 * (q - r)
                if q > 0 { p = -p } else { q = -q }
                r = e
                e = d
                if abs(p) < abs(0.5 * q * r) && p > q * (a - x) && p < q * (b - x) {
                    d = p / q
                    let u = x + d
                    if u - a < tol2 || b - u < tol2 { d = x < m ? tol1 : -tol1 }
                    useGolden = false
                }
            }
            if useGolden {
                e = (x < m ? b : a) - x
                d = golden * e
            }
            let u = abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1)
            let fu = try f(u)
            evaluations += 1
            if fu <= fx {
                if u < x { b = x } else { a = x }
                v = w
                fv = fw
                w = x
                fw = fx
                x = u
                fx = fu
            } else {
                if u < x { a = u } else { b = u }
                if fu <= fw || w == x {
                    v = w
                    fv = fw
                    w = u
                    fw = fu
                } else if fu <= fv || v == x || v == w {
                    v = u
                    fv = fu
                }
            }
        }
        return (x, fx)
    }
}
