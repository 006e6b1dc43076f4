/// The settings of disclosure control: the threshold of each helpline and the embargo. See docs/DISCLOSURE.md.
public struct DisclosurePolicy: Sendable, Equatable {
    /// Counts below this are withheld unless a helpline has its own.
    public static let defaultThreshold = 10
    /// The thresholds a helpline may set: below 3 a withheld cell says almost nothing about the uncertainty left.
    public static let thresholdRange = 3...1000

    /// Per helpline, where it differs from the default.
    public var thresholds: [String: Int]
    public var embargo: Embargo

    public init(thresholds: [String: Int] = [:], embargo: Embargo = Embargo()) {
        precondition(thresholds.values.allSatisfy(Self.thresholdRange.contains), "thresholds are 3…1000")
        self.thresholds = thresholds
        self.embargo = embargo
    }

    /// The threshold of `helpline`.
    public func threshold(for helpline: String) -> Int { thresholds[helpline] ?? Self.defaultThreshold }
}
