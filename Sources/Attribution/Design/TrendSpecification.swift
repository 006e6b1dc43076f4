/// The long-term part of the baseline.
public enum TrendSpecification: Sendable, Hashable, Codable {
    /// One straight line on the log scale over the whole series (a steady % change per year).
    case linear
    /// A line whose slope may change at knots every `knotSpacingDays` days from the first day;
    /// no knot is placed within `minimumFinalSegmentDays` of the last day, so the slope at the end
    /// of the data (where running campaigns are) is learnt from at least that many days.
    case piecewiseLinear(knotSpacingDays: Int, minimumFinalSegmentDays: Int)

    /// Knots a year apart, the last at least nine months before the end of the data.
    public static let yearlyKnots = TrendSpecification.piecewiseLinear(knotSpacingDays: 365, minimumFinalSegmentDays: 273)

    /// Knot positions (day indices) for a series of `days` days.
    public func knots(days: Int) -> [Int] {
        guard case .piecewiseLinear(let spacing, let final) = self, spacing > 0 else { return [] }
        return Array(stride(from: spacing, through: days - 1 - max(0, final), by: spacing))
    }

    /// A short name for reports.
    public var name: String {
        switch self {
        case .linear: "linear"
        case .piecewiseLinear(let s, _): "piecewise-linear (knots every \(s) days)"
        }
    }
}
