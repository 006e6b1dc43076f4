import Attribution
import Foundation
import Testing

@Suite struct ShapleyAndCostTests {
    /// Brute-force Shapley value by enumerating subsets.
    func bruteForce(_ mu0: Double, _ c: [Double]) -> [Double] {
        let n = c.count
        func fact(_ k: Int) -> Double { k <= 1 ? 1 : (2...k).reduce(1.0) { $0 * Double($1) } }
        return (0..<n).map { j in
            var total = 0.0
            for mask in 0..<(1 << n) where mask & (1 << j) == 0 {
                let s = (0..<n).filter { mask & (1 << $0) != 0 }
                let cs = s.reduce(0.0) { $0 + c[$1] }
                total += fact(s.count) * fact(n - s.count - 1) / fact(n) * mu0 * (exp(cs + c[j]) - exp(cs))
            }
            return total
        }
    }

    @Test func twoCampaignFormula() {
        let s = ShapleySplit.shares(baseline: 20, effects: [0.2, 0.1])
        let expected1 = 0.5 * 20 * ((exp(0.2) - 1) + (exp(0.3) - exp(0.1)))
        #expect(abs(s[0] - expected1) < 1e-12)
        #expect(abs(s[0] + s[1] - 20 * (exp(0.3) - 1)) < 1e-12)
    }

    @Test func matchesSubsetEnumerationAndAddsUp() {
        var g = SeededGenerator(seed: 11)
        for n in 1...7 {
            let c = (0..<n).map { _ in g.uniform() * 0.8 - 0.3 }
            let fast = ShapleySplit.shares(baseline: 17.5, effects: c)
            let slow = bruteForce(17.5, c)
            for j in 0..<n { #expect(abs(fast[j] - slow[j]) < 1e-10, "n=\(n) j=\(j)") }
            let total = 17.5 * (exp(c.reduce(0, +)) - 1)
            #expect(abs(fast.reduce(0, +) - total) < 1e-10)
        }
    }

    @Test func costPerContactOnlyWhenLowerBoundPositive() {
        let ok = CostPerContact(costEur: 25_000, uplift: 479.6, low: 330.2, high: 629.0)
        #expect(abs(ok.perContact! - 25_000 / 479.6) < 1e-9)
        #expect(abs(ok.low! - 25_000 / 629.0) < 1e-9)
        #expect(abs(ok.high! - 25_000 / 330.2) < 1e-9)
        #expect(ok.warning == nil)
        let no = CostPerContact(costEur: 25_000, uplift: 40, low: -12, high: 92)
        #expect(no.perContact == nil && no.low == nil && no.high == nil)
        #expect(no.warning?.contains("not estimable") == true)
        let unknown = CostPerContact(costEur: nil, uplift: 40, low: 10, high: 92)
        #expect(unknown.perContact == nil && unknown.warning == nil)
    }

    @Test func generatorIsReproducible() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        var c = SeededGenerator(seed: 43)
        #expect(xs[0] != c.next())
    }
}
