/// The one conversion of a `Duration` to plain numbers, for timings, timeouts and reports.
extension Duration {
    /// The duration in seconds, with its fraction.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }

    /// The duration in milliseconds, with its fraction.
    public var milliseconds: Double { seconds * 1000 }

    /// The duration in whole milliseconds, rounded down (for settings that take an integer, e.g. `statement_timeout`).
    public var wholeMilliseconds: Int { Int(components.seconds) * 1000 + Int(components.attoseconds / 1_000_000_000_000_000) }
}
