/// One row of the public monthly table — one helpline's contacts per channel in one calendar month, with the
/// month's total — as it is published: each cell shown or withheld. Decided once, from that month's counts only,
/// and then stored and never decided again (docs/DISCLOSURE.md).
public struct MonthlyRelease: Sendable, Hashable {
    public var helpline: String
    /// `YYYY-MM`.
    public var month: String
    public var threshold: Int
    /// Per channel.
    public var channels: [String: PublishedCount]
    /// The sum over the channels.
    public var total: PublishedCount

    public init(helpline: String, month: String, threshold: Int, channels: [String: PublishedCount], total: PublishedCount) {
        self.helpline = helpline
        self.month = month
        self.threshold = threshold
        self.channels = channels
        self.total = total
    }

    /// The release of a month whose contacts per channel are `counts`: primary and secondary suppression by
    /// ``RowProtection``.
    public static func decide(helpline: String, month: String, counts: [String: Int], threshold: Int) -> MonthlyRelease {
        let protected = RowProtection.protect(counts, threshold: threshold)
        var channels: [String: PublishedCount] = [:]
        for (channel, value) in counts { channels[channel] = protected.parts[channel].map { .withheld($0) } ?? .shown(value) }
        let total = protected.total.map { PublishedCount.withheld($0) } ?? .shown(counts.values.reduce(0, +))
        return MonthlyRelease(helpline: helpline, month: month, threshold: threshold, channels: channels, total: total)
    }

    /// A channel's cell, or the total for `channel` nil.
    public func cell(_ channel: String?) -> PublishedCount? {
        guard let channel else { return total }
        return channels[channel]
    }
}
