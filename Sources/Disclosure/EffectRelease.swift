import Foundation

/// A campaign's estimated effect on one helpline and channel as the model computed it: the input of a public effect.
public struct EffectEstimate: Sendable, Hashable {
    public var campaignID: String
    public var helpline: String
    /// A contact channel, or `all` for the channels together.
    public var channel: String
    /// Contacts observed over the campaign's days and carry-over (never published).
    public var observedContacts: Int
    public var extraContacts: Double
    public var extraLow: Double
    public var extraHigh: Double
    public var upliftPercent: Double?
    public var upliftPercentLow: Double?
    public var upliftPercentHigh: Double?
    public var baselineExtrapolated: Bool
    public var sensitivityDisagrees: Bool

    public init(
        campaignID: String, helpline: String, channel: String, observedContacts: Int, extraContacts: Double, extraLow: Double,
        extraHigh: Double, upliftPercent: Double?, upliftPercentLow: Double?, upliftPercentHigh: Double?,
        baselineExtrapolated: Bool = false, sensitivityDisagrees: Bool = false
    ) {
        self.campaignID = campaignID
        self.helpline = helpline
        self.channel = channel
        self.observedContacts = observedContacts
        self.extraContacts = extraContacts
        self.extraLow = extraLow
        self.extraHigh = extraHigh
        self.upliftPercent = upliftPercent
        self.upliftPercentLow = upliftPercentLow
        self.upliftPercentHigh = upliftPercentHigh
        self.baselineExtrapolated = baselineExtrapolated
        self.sensitivityDisagrees = sensitivityDisagrees
    }
}

/// A campaign's effect on one helpline and channel as it is published (docs/DISCLOSURE.md): extra contacts and their
/// interval rounded to a multiple of 10 (the interval outwards), the uplift to a whole percent (its interval
/// outwards), and no observed or expected count. Withheld, like a small cell, when the contacts behind it are few.
public struct EffectRelease: Sendable, Hashable {
    public struct Figures: Sendable, Hashable {
        public var extraContacts: Int
        public var extraLow: Int
        public var extraHigh: Int
        public var upliftPercent: Int?
        public var upliftPercentLow: Int?
        public var upliftPercentHigh: Int?
        /// The rounded interval excludes zero.
        public var significant: Bool
        public var baselineExtrapolated: Bool
        public var sensitivityDisagrees: Bool

        public init(
            extraContacts: Int, extraLow: Int, extraHigh: Int, upliftPercent: Int?, upliftPercentLow: Int?, upliftPercentHigh: Int?,
            significant: Bool, baselineExtrapolated: Bool, sensitivityDisagrees: Bool
        ) {
            self.extraContacts = extraContacts
            self.extraLow = extraLow
            self.extraHigh = extraHigh
            self.upliftPercent = upliftPercent
            self.upliftPercentLow = upliftPercentLow
            self.upliftPercentHigh = upliftPercentHigh
            self.significant = significant
            self.baselineExtrapolated = baselineExtrapolated
            self.sensitivityDisagrees = sensitivityDisagrees
        }
    }

    /// The base extra contacts are rounded to.
    public static let roundingBase = 10

    public var campaignID: String
    public var helpline: String
    public var channel: String
    public var threshold: Int
    /// nil when withheld.
    public var figures: Figures?
    /// Why it is withheld: `primary` when fewer than `threshold` contacts were observed, `secondary` to protect one.
    public var withheld: RowProtection.Reason?

    public init(campaignID: String, helpline: String, channel: String, threshold: Int, figures: Figures?, withheld: RowProtection.Reason?) {
        precondition((figures == nil) != (withheld == nil), "an effect is either shown or withheld")
        self.campaignID = campaignID
        self.helpline = helpline
        self.channel = channel
        self.threshold = threshold
        self.figures = figures
        self.withheld = withheld
    }

    /// The releases of one campaign's effects on one helpline: its channels and `all`, measured over days whose
    /// months are `spanned` (the campaign's window and carry-over; every one of them already released).
    ///
    /// - An effect on fewer than `threshold` observed contacts is withheld (`primary`). The channels' observed
    ///   contacts are protected as a row whose total is `all` (``RowProtection``): when a channel is withheld, `all`
    ///   is withheld too (`secondary`), so a withheld channel is not `all` minus the others.
    /// - An effect is also withheld (`secondary`) when a month it spans has its cell withheld — the channel's cell,
    ///   or the month's total for `all`: its rounded figures bound the contacts observed over the window, a sum of
    ///   the spanned months' cells, and a bound on a sum narrows each withheld cell in it.
    public static func decide(_ estimates: [EffectEstimate], threshold: Int, spanned: [MonthlyRelease]) -> [EffectRelease] {
        let parts = Dictionary(
            estimates.filter { $0.channel != "all" }.map { ($0.channel, max(0, $0.observedContacts)) }, uniquingKeysWith: +)
        let protected = RowProtection.protect(parts, threshold: threshold)
        return estimates.map { e in
            var reason: RowProtection.Reason?
            if e.channel == "all" {
                reason = parts.isEmpty ? (e.observedContacts < threshold ? .primary : nil) : protected.total
                if reason == nil, spanned.contains(where: { $0.total.reason != nil }) { reason = .secondary }
            } else {
                reason = protected.parts[e.channel]
                if reason == nil, spanned.contains(where: { $0.channels[e.channel]?.reason != nil }) { reason = .secondary }
            }
            return EffectRelease(
                campaignID: e.campaignID, helpline: e.helpline, channel: e.channel, threshold: threshold,
                figures: reason == nil ? figures(e) : nil, withheld: reason)
        }
    }

    /// The months (`YYYY-MM`) from `first` to `last` (`YYYY-MM-DD` or `YYYY-MM`), inclusive.
    public static func months(from first: String, through last: String) -> [String] {
        func parse(_ text: String) -> (Int, Int)? {
            let p = text.prefix(7).split(separator: "-").compactMap { Int($0) }
            return p.count == 2 ? (p[0], p[1]) : nil
        }
        guard var (y, m) = parse(first), let (ly, lm) = parse(last), (y, m) <= (ly, lm) else { return [] }
        var out: [String] = []
        while (y, m) <= (ly, lm) {
            out.append(String(format: "%04d-%02d", y, m))
            (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1)
        }
        return out
    }

    static func figures(_ e: EffectEstimate) -> Figures {
        let base = Double(roundingBase)
        let low = Int((e.extraLow / base).rounded(.down)) * roundingBase
        let high = Int((e.extraHigh / base).rounded(.up)) * roundingBase
        return Figures(
            extraContacts: Int((e.extraContacts / base).rounded()) * roundingBase, extraLow: low, extraHigh: high,
            upliftPercent: e.upliftPercent.map { Int($0.rounded()) }, upliftPercentLow: e.upliftPercentLow.map { Int($0.rounded(.down)) },
            upliftPercentHigh: e.upliftPercentHigh.map { Int($0.rounded(.up)) }, significant: low > 0 || high < 0,
            baselineExtrapolated: e.baselineExtrapolated, sensitivityDisagrees: e.sensitivityDisagrees)
    }

    /// Cost per extra contact from the published figures only (whole euros): `cost / extra` with the interval
    /// `[cost / high, cost / low]`, only when the rounded interval is above zero.
    public func costPerExtraContact(costEUR: Double?) -> (estimate: Int, low: Int, high: Int)? {
        guard let f = figures, let cost = costEUR, cost > 0, f.extraLow > 0, f.extraContacts > 0 else { return nil }
        return (
            Int((cost / Double(f.extraContacts)).rounded()), Int((cost / Double(f.extraHigh)).rounded()),
            Int((cost / Double(f.extraLow)).rounded())
        )
    }
}
