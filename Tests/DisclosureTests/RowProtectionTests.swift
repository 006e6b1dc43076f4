import Testing

@testable import Disclosure

@Suite("Row protection: primary and secondary suppression of one month")
struct RowProtectionTests {
    @Test("the issue's month: chat 4 is withheld and so is the total; phone and email stay published")
    func issueExample() {
        let row = RowProtection.protect(["phone": 120, "email": 60, "chat": 4], threshold: 10)
        #expect(row.parts == ["chat": .primary])
        #expect(row.total == .secondary)
    }

    @Test("the pattern depends on which parts are small only: chat 10 next to email 9 is published, not withheld")
    func patternIgnoresOtherValues() {
        // The rule before withheld the smallest shown part (chat, 10) and so told a reader that chat was at most the
        // smallest shown part: chat = 10, email = 9. Now every row with small email and the same other channels
        // withholds the same cells.
        for other in [10, 11, 57, 400] {
            let row = RowProtection.protect(["phone": 500, "chat": other, "email": 9, "sms": 10], threshold: 10)
            #expect(row.parts == ["email": .primary] && row.total == .secondary, "\(other)")
        }
    }

    @Test("no small cell: nothing withheld; small parts only: the total is x whether it is below the threshold or not")
    func noneOrAll() {
        #expect(RowProtection.protect(["phone": 12, "chat": 10], threshold: 10).parts.isEmpty)
        #expect(RowProtection.protect(["phone": 12, "chat": 10], threshold: 10).total == nil)
        for parts in [["phone": 5, "chat": 3], ["phone": 5, "chat": 8]] {
            let small = RowProtection.protect(parts, threshold: 10)
            #expect(small.parts == ["phone": .primary, "chat": .primary])
            #expect(small.total == .secondary, "\(parts): a <10 total would say that 5 + 8 is not")
        }
    }

    @Test("zeros are small counts too (withheld, as the UK LLC rule does)")
    func zerosAreSmall() {
        let row = RowProtection.protect(["phone": 200, "email": 0, "chat": 50], threshold: 10)
        #expect(row.parts == ["email": .primary] && row.total == .secondary)
    }

    @Test("one part only: the total equals it and is withheld with it")
    func singlePart() {
        let row = RowProtection.protect(["phone": 7], threshold: 10)
        #expect(row.parts == ["phone": .primary] && row.total == .secondary)
    }

    @Test("a reader who knows the rule: every withheld cell keeps at least threshold values, over many random rows (fixed seed)")
    func randomRowsAreProtected() {
        var state: UInt64 = 0x1712
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var checked = 0
        for _ in 0..<5_000 {
            let t = [3, 5, 10, 15][next(4)]
            var parts: [String: Int] = [:]
            for c in 0..<(1 + next(5)) { parts["c\(c)"] = next(3) == 0 ? next(t) : next(60) }
            let row = RowProtection.protect(parts, threshold: t)
            guard !row.parts.isEmpty else { continue }
            checked += 1
            // What a reader can tell: the values of each withheld cell for which the rule, run again on the changed
            // row, publishes exactly what was published (the same pattern, the same shown values, a shown total equal).
            for name in row.parts.keys.sorted() {
                let possible = (0..<(t * 3)).filter { value in
                    var other = parts
                    other[name] = value
                    let again = RowProtection.protect(other, threshold: t)
                    let sameTotal = row.total != nil || other.values.reduce(0, +) == parts.values.reduce(0, +)
                    return again.parts == row.parts && again.total == row.total && sameTotal
                }
                #expect(possible.count >= t, "\(parts) t=\(t): \(name) can only be \(possible)")
                #expect(possible.contains(parts[name]!))
            }
            #expect(row.total == .secondary, "a row with a withheld part withholds its total")
        }
        #expect(checked > 1_000)
    }
}
