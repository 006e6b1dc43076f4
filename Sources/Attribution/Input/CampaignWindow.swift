/// A campaign to evaluate: the days it ran (inclusive) and, optionally, what it cost.
public struct CampaignWindow: Sendable, Hashable, Codable {
    /// Stable identifier, reported back unchanged.
    public let id: String
    /// First day the campaign ran.
    public let start: LocalDay
    /// Last day the campaign ran (inclusive).
    public let end: LocalDay
    /// Total cost in euro cents, if known.
    public let costCents: Int?

    public init(id: String, start: LocalDay, end: LocalDay, costCents: Int? = nil) {
        self.id = id
        self.start = start
        self.end = end
        self.costCents = costCents
    }

    /// Number of days the campaign ran.
    public var lengthInDays: Int { start.days(to: end) + 1 }

    /// Cost in euros, if known.
    public var costEur: Double? { costCents.map { Double($0) / 100 } }
}
