import Disclosure

/// Disclosure control for public outputs (docs/DISCLOSURE.md), as a pure value: no I/O, no rendering.
///
/// A table's rows are periods (calendar months) and its columns parts (channels) adding up to a row total. Each row
/// is protected on its own counts by ``RowProtection`` (module Disclosure): counts below the threshold (zeros
/// included) are withheld as `<10`, and the smallest other parts as `x` until no withheld cell can be narrowed to
/// fewer than `threshold` possible values from the row's total and shown parts. The decision never reads other rows
/// or the range a reader asked for, so the same month is withheld the same way on every page. Percentages are shown
/// only when both their value and their base are.
///
/// Internal outputs use `Suppression.off`, which hides nothing. Rules apply to outputs only, never to stored data.
public struct Suppression: Sendable, Equatable {
    /// Counts below this are hidden.
    public var threshold: Int
    /// `false`: internal output, nothing hidden.
    public var isEnabled: Bool

    public init(threshold: Int = 10, enabled: Bool) {
        self.threshold = threshold
        self.isEnabled = enabled
    }

    /// Internal reports: show everything.
    public static let off = Suppression(enabled: false)
    /// Public outputs: counts below 10 hidden.
    public static let publicOutput = Suppression(enabled: true)

    /// The column name used for row totals in a `SuppressionGrid`.
    public static let totalColumn = "all"

    /// What a count below the threshold is shown as: `<10`.
    public var hiddenLabel: String { "<\(threshold)" }

    /// What a count hidden by secondary suppression is shown as (its value is not small, only withheld).
    public static let secondaryLabel = "x"

    /// Whether `count` falls under the primary rule.
    public func isSmall(_ count: Int) -> Bool { isEnabled && count < threshold }

    /// The text for a count: `<10` when below the threshold, `x` when withheld by secondary suppression, `–` when
    /// missing, else the grouped number.
    public func display(_ count: Int?, reason: SuppressionGrid.Reason?) -> String {
        guard let count else { return "–" }
        switch reason {
        case .primary: return hiddenLabel
        case .secondary: return Self.secondaryLabel
        case nil: return isSmall(count) ? hiddenLabel : DashboardFormat.int(count)
        }
    }

    /// A percentage is shown only when neither its value nor its base is hidden.
    public func percent(_ value: Double?, valueHidden: Bool, baseHidden: Bool) -> Double? {
        valueHidden || baseHidden ? nil : value
    }

    /// Plans suppression for a table: `counts[row][column]` are the parts of each row (a missing column is not
    /// part of that row, e.g. a channel not yet open); each row's total is their sum. Columns named
    /// `Suppression.totalColumn` in the input are ignored (the total is recomputed). Each row is decided on its own.
    public func grid(_ counts: [String: [String: Int]]) -> SuppressionGrid {
        var grid = SuppressionGrid()
        guard isEnabled else { return grid }
        for (row, rawParts) in counts {
            let protected = RowProtection.protect(rawParts.filter { $0.key != Self.totalColumn }, threshold: threshold)
            for (column, reason) in protected.parts { grid.hidden[.init(row: row, column: column)] = .init(reason) }
            if let reason = protected.total { grid.hidden[.init(row: row, column: Self.totalColumn)] = .init(reason) }
        }
        return grid
    }
}

extension SuppressionGrid.Reason {
    init(_ reason: RowProtection.Reason) {
        self = reason == .primary ? .primary : .secondary
    }
}

/// The cells a `Suppression` hides in one table.
public struct SuppressionGrid: Sendable, Equatable {
    public struct Cell: Hashable, Sendable {
        public var row: String
        public var column: String
        public init(row: String, column: String) {
            self.row = row
            self.column = column
        }
    }

    public enum Reason: String, Sendable {
        /// Below the threshold.
        case primary
        /// Hidden so that a primary cell cannot be recovered by subtraction.
        case secondary
    }

    public internal(set) var hidden: [Cell: Reason] = [:]

    public init() {}

    public func isHidden(row: String, column: String) -> Bool {
        hidden[.init(row: row, column: column)] != nil
    }
    public func isTotalHidden(row: String) -> Bool {
        isHidden(row: row, column: Suppression.totalColumn)
    }
}
