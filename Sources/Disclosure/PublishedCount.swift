/// A count as a public table shows it: its value, or withheld (and why).
public enum PublishedCount: Sendable, Hashable {
    case shown(Int)
    case withheld(RowProtection.Reason)

    /// The value when shown.
    public var value: Int? {
        if case .shown(let v) = self { return v }
        return nil
    }

    /// Why it is withheld (nil: shown).
    public var reason: RowProtection.Reason? {
        if case .withheld(let r) = self { return r }
        return nil
    }

    /// The text a reader sees: the number, `<threshold` (below the threshold) or `x` (withheld so that a small cell
    /// cannot be worked out).
    public func label(threshold: Int) -> String {
        switch self {
        case .shown(let v): return String(v)
        case .withheld(.primary): return "<\(threshold)"
        case .withheld(.secondary): return Self.secondaryLabel
        }
    }

    /// What a cell withheld by secondary suppression is shown as.
    public static let secondaryLabel = "x"

    /// The change from `base` to `self` in percent, to one decimal, only when both are shown and the base is not
    /// zero: a percentage built on a withheld count would give the count back.
    public func percentChange(from base: PublishedCount) -> Double? {
        guard let current = value, let previous = base.value, previous > 0 else { return nil }
        return (1000 * Double(current - previous) / Double(previous)).rounded() / 10
    }
}
