/// Cost per extra contact: cost/Φ with interval [cost/U, cost/L], only when L > 0.
public struct CostPerContact: Sendable, Hashable {
    public let perContact: Double?
    public let low: Double?
    public let high: Double?
    /// Why the figure is missing (nil when it is given or no cost is known).
    public let warning: String?

    /// No figure, for the reason given.
    public init(withheld reason: String) {
        (perContact, low, high, warning) = (nil, nil, nil, reason)
    }

    /// - Parameters: cost in euros (nil: unknown), uplift Φ and its interval [low, high].
    public init(costEur: Double?, uplift: Double, low: Double, high: Double) {
        guard let cost = costEur else {
            (perContact, self.low, self.high, warning) = (nil, nil, nil, nil)
            return
        }
        guard low > 0, uplift > 0 else {
            (perContact, self.low, self.high) = (nil, nil, nil)
            let l = CampaignAttribution.format(low, 0)
            warning =
                "cost per extra contact not estimable: the interval for extra contacts reaches \(l), not above zero, so the cost per contact could be unbounded"
            return
        }
        perContact = cost / uplift
        self.low = cost / high
        self.high = cost / low
        warning = nil
    }
}
