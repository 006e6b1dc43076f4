/// Disclosure control for public outputs (docs/STATISTICS.md §6), as a pure value: no I/O, no rendering.
///
/// The rules, applied to a table of counts whose rows are periods (months) and whose columns are parts
/// (channels) adding up to a row total:
/// 1. **Primary**: a count below `threshold` (10) is hidden and shown as `<10`. Zero counts too.
/// 2. **Totals**: a row total below the threshold is hidden like any other count.
/// 3. **Secondary**: when the total is shown and exactly one part of a row is hidden, that part could be
///    recovered as total minus the shown parts. So one more part is hidden: the first shown part of that row
///    in a fixed order, the parts sorted by their sum over all rows (smallest first, then by name), so the
///    same pair of parts is hidden together in every row (consistency across months). When the row has no
///    other shown part, the total is hidden instead.
/// 4. **Percentages**: a change or a share is shown only when both its value and its base are shown.
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
    /// `Suppression.totalColumn` in the input are ignored (the total is recomputed).
    public func grid(_ counts: [String: [String: Int]]) -> SuppressionGrid {
        var grid = SuppressionGrid()
        guard isEnabled else { return grid }
        var columnSums: [String: Int] = [:]
        for parts in counts.values {
            for (column, value) in parts where column != Self.totalColumn {
                columnSums[column, default: 0] += value
            }
        }
        let order = columnSums.keys.sorted { (columnSums[$0]!, $0) < (columnSums[$1]!, $1) }
        for (row, rawParts) in counts {
            let parts = rawParts.filter { $0.key != Self.totalColumn }
            let total = parts.values.reduce(0, +)
            if isSmall(total) { grid.hidden[.init(row: row, column: Self.totalColumn)] = .primary }
            var hiddenParts = 0
            for (column, value) in parts where isSmall(value) {
                grid.hidden[.init(row: row, column: column)] = .primary
                hiddenParts += 1
            }
            guard hiddenParts == 1, !isSmall(total) else { continue }
            if let partner = order.first(where: { parts[$0] != nil && !isSmall(parts[$0]!) }) {
                grid.hidden[.init(row: row, column: partner)] = .secondary
            } else {
                grid.hidden[.init(row: row, column: Self.totalColumn)] = .secondary
            }
        }
        return grid
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
