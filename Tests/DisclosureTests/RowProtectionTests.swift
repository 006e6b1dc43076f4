import Testing

@testable import Disclosure

@Suite("Row protection: primary and secondary suppression of one month")
struct RowProtectionTests {
    @Test("the issue's month: chat 4 is withheld with the smallest part that protects it, the total stays published")
    func issueExample() {
        let row = RowProtection.protect(["phone": 120, "email": 60, "chat": 4], threshold: 10)
        #expect(row.parts == ["chat": .primary, "email": .secondary])
        #expect(row.total == nil)
    }

    @Test("a partner too small to hide the primary cell is not enough: chat 4 + email 12 would narrow chat to 0…6")
    func partnerMustBeLargeEnough() {
        // chat + email = 16 and email ≥ 10 ⇒ chat ≤ 6: seven values, fewer than ten. The next part joins.
        let row = RowProtection.protect(["phone": 120, "email": 12, "chat": 4], threshold: 10)
        #expect(row.parts == ["chat": .primary, "email": .secondary, "phone": .secondary])
        #expect(row.total == nil)
    }

    @Test("no small cell: nothing withheld; a small total: every cell withheld as primary")
    func noneOrAll() {
        #expect(RowProtection.protect(["phone": 12, "chat": 10], threshold: 10).parts.isEmpty)
        let small = RowProtection.protect(["phone": 5, "chat": 3], threshold: 10)
        #expect(small.parts == ["phone": .primary, "chat": .primary])
        #expect(small.total == .primary)
    }

    @Test("zeros are small counts too (withheld, as the UK LLC rule does)")
    func zerosAreSmall() {
        let row = RowProtection.protect(["phone": 200, "email": 0, "chat": 50], threshold: 10)
        #expect(row.parts["email"] == .primary)
        #expect(row.parts["chat"] == .secondary)
    }

    @Test("one part only: the total equals it, so a small part is a small total")
    func singlePart() {
        let row = RowProtection.protect(["phone": 7], threshold: 10)
        #expect(row.parts == ["phone": .primary] && row.total == .primary)
    }

    @Test("when no shown part can protect the primary ones, the total is withheld")
    func totalWithheldWhenNothingElseHelps() {
        // Two primaries 9 and 9 with one large part: hiding the large part protects them.
        let row = RowProtection.protect(["a": 9, "b": 9, "c": 11], threshold: 10)
        #expect(row.parts == ["a": .primary, "b": .primary, "c": .secondary])
        #expect(row.total == nil)
    }

    @Test("every withheld cell keeps at least threshold possible values, over many random rows (fixed seed)")
    func randomRowsAreProtected() {
        var state: UInt64 = 0x1712
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<5_000 {
            let t = [3, 5, 10][next(3)]
            var parts: [String: Int] = [:]
            for c in 0..<(1 + next(5)) { parts["c\(c)"] = next(3) == 0 ? next(t) : next(60) }
            let row = RowProtection.protect(parts, threshold: t)
            guard row.total == nil, !row.parts.isEmpty else { continue }
            // Brute force what a reader can tell: all assignments of the withheld cells consistent with the published total
            // and the labels (primary < t, secondary ≥ t), per cell the set of values it can take.
            let names = row.parts.keys.sorted()
            let sum = names.reduce(0) { $0 + parts[$1]! }
            for name in names {
                var possible = Set<Int>()
                for value in 0...sum {
                    let isPrimary = row.parts[name] == .primary
                    guard isPrimary ? value < t : value >= t else { continue }
                    if feasible(names.filter { $0 != name }, remaining: sum - value, row.parts, t) { possible.insert(value) }
                }
                #expect(possible.count >= t, "\(parts) t=\(t): \(name) can only be \(possible.sorted())")
                #expect(possible.contains(parts[name]!))
            }
        }
    }

    /// Whether `cells` can add up to `remaining` within their labels' bounds.
    private func feasible(_ cells: [String], remaining: Int, _ reasons: [String: RowProtection.Reason], _ t: Int) -> Bool {
        let low = cells.reduce(0) { $0 + (reasons[$1] == .primary ? 0 : t) }
        let unbounded = cells.contains { reasons[$0] == .secondary }
        let high = cells.reduce(0) { $0 + (reasons[$1] == .primary ? t - 1 : 0) }
        return remaining >= low && (unbounded || remaining <= high)
    }
}
