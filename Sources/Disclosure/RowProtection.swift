/// Primary and secondary suppression of one row of a publication table: parts that add up to a published total (one
/// helpline's channels in one calendar month). See docs/DISCLOSURE.md.
///
/// The decision reads the row's own counts and nothing else — not the other months, not the range a reader asked
/// for — so the same row is protected the same way on every page, in every format and at every later date.
public enum RowProtection {
    /// Why a cell is withheld.
    public enum Reason: String, Sendable, Hashable {
        /// Below the threshold (zero included): published as `<threshold`, so a reader knows it lies in 0…threshold−1.
        case primary
        /// Withheld so that a primary cell cannot be worked out: published as `x`; a reader knows it is ≥ threshold.
        case secondary
    }

    /// The withheld cells of one row: `parts[name]` are its cells, their sum its total.
    /// - Returns: the withheld parts by name, and whether the total is withheld.
    public static func protect(_ parts: [String: Int], threshold t: Int) -> (parts: [String: Reason], total: Reason?) {
        precondition(t >= 1, "the threshold must be at least 1")
        let total = parts.values.reduce(0, +)
        var hidden: [String: Reason] = [:]
        for (name, value) in parts where value < t { hidden[name] = .primary }
        // A total below the threshold: every part is below it too, and all are withheld.
        if total < t { return (hidden, .primary) }
        guard !hidden.isEmpty else { return ([:], nil) }
        // Withhold the smallest shown parts, one at a time, until no withheld cell can be narrowed to fewer than t
        // possible values from the total and the shown parts.
        var shown = parts.filter { hidden[$0.key] == nil }.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
        while !isProtected(hidden.map { ($0.value, parts[$0.key]!) }, threshold: t) {
            guard !shown.isEmpty else { return (hidden, .secondary) }
            hidden[shown.removeFirst().key] = .secondary
        }
        return (hidden, nil)
    }

    /// Whether every withheld cell of a row with a published total keeps at least `t` possible values.
    ///
    /// What a reader knows: the withheld cells add up to `S` (the total minus the shown parts), a primary one lies in
    /// 0…t−1 and a secondary one is at least t. For one equality with such bounds, the values a cell can take are
    /// exactly `max(lo, S − Σ others' hi) … min(hi, S − Σ others' lo)`.
    static func isProtected(_ withheld: [(reason: Reason, value: Int)], threshold t: Int) -> Bool {
        let sum = withheld.reduce(0) { $0 + $1.value }
        let lows = withheld.map { $0.reason == .primary ? 0 : t }
        let highs: [Int?] = withheld.map { $0.reason == .primary ? t - 1 : nil }
        let lowSum = lows.reduce(0, +)
        let infiniteHighs = highs.filter { $0 == nil }.count
        let highSum = highs.compactMap { $0 }.reduce(0, +)
        for (i, cell) in withheld.enumerated() {
            let othersLow = lowSum - lows[i]
            let othersHighUnbounded = infiniteHighs - (highs[i] == nil ? 1 : 0) > 0
            let othersHigh = highSum - (highs[i] ?? 0)
            let low = othersHighUnbounded ? lows[i] : max(lows[i], sum - othersHigh)
            let upper = sum - othersLow
            let high = highs[i].map { min($0, upper) } ?? upper
            _ = cell
            if high - low + 1 < t { return false }
        }
        return true
    }
}
