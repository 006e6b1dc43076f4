import Disclosure

/// How a rendered page shows withheld figures (docs/DISCLOSURE.md). It decides nothing: what is withheld comes from
/// the disclosure engine (module Disclosure) through a publication (`DashboardData(publication:…)`), each month
/// decided once when released. Internal outputs use `Suppression.off`.
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

    /// The text for a count: `<10` when withheld as small, `x` when withheld by secondary suppression, `–` when
    /// missing, else the grouped number. What is withheld comes from the release, never from the value.
    public func display(_ count: Int?, reason: SuppressionGrid.Reason?) -> String {
        guard let count else { return "–" }
        switch reason {
        case .primary: return hiddenLabel
        case .secondary: return Self.secondaryLabel
        case nil: return DashboardFormat.int(count)
        }
    }

    /// A percentage is shown only when neither its value nor its base is hidden.
    public func percent(_ value: Double?, valueHidden: Bool, baseHidden: Bool) -> Double? {
        valueHidden || baseHidden ? nil : value
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
