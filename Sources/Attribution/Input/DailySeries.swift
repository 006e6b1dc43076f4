/// Daily counts on consecutive local days, starting at `start`. Missing days must be filled
/// (with 0 when nothing happened) before they reach the model.
public struct DailySeries: Sendable, Hashable, Codable {
    /// The first day.
    public let start: LocalDay
    /// One count per day, `counts[i]` for `start + i`.
    public let counts: [Double]

    public init(start: LocalDay, counts: [Double]) {
        self.start = start
        self.counts = counts
    }

    /// Integer counts.
    public init(start: LocalDay, counts: [Int]) {
        self.init(start: start, counts: counts.map(Double.init))
    }

    /// A series from a sparse day → count map: every day between the earliest and latest key is
    /// present, days without a key count 0. `nil` for an empty map.
    public init?(counts byDay: [LocalDay: Int]) {
        guard let first = byDay.keys.min(), let last = byDay.keys.max() else { return nil }
        let n = first.days(to: last) + 1
        var values = [Double](repeating: 0, count: n)
        for (day, v) in byDay { values[first.days(to: day)] = Double(v) }
        self.init(start: first, counts: values)
    }

    /// Number of days.
    public var count: Int { counts.count }

    /// The last day (equal to `start` for an empty series).
    public var end: LocalDay { start.adding(days: max(0, counts.count - 1)) }

    /// The day at index `i`.
    public func day(at i: Int) -> LocalDay { start.adding(days: i) }

    /// The index of `day` (may be outside `0..<count`).
    public func index(of day: LocalDay) -> Int { start.days(to: day) }
}
