/// A known event that is not a campaign but moves the number of contacts: a lockdown, a media
/// story, a strike, an outage of the telephony platform. The model gets one column per event, so
/// that its effect is part of the baseline and is not attributed to a campaign running at the
/// same time.
public struct BaselineEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A lasting change of level from `start` until `end` (or the end of the data).
        case levelShift = "level_shift"
        /// A short burst (or dip) on the days `start…end` (`end` defaults to `start`).
        case pulse
        /// The line was closed or partly unreachable on the days `start…end`.
        case closure
    }

    public let id: String
    public let kind: Kind
    public let start: LocalDay
    /// Last day (inclusive); nil: a level shift lasts to the end of the data, a pulse or closure is one day.
    public let end: LocalDay?
    /// A short label for reports ("COVID-19 lockdown").
    public let label: String

    public init(id: String, kind: Kind, start: LocalDay, end: LocalDay? = nil, label: String = "") {
        self.id = id
        self.kind = kind
        self.start = start
        self.end = end
        self.label = label
    }

    /// 1 on the event's days inside `start ..< start + days`, else 0.
    func column(seriesStart: LocalDay, days: Int) -> [Double] {
        var out = [Double](repeating: 0, count: days)
        let a = max(0, seriesStart.days(to: start))
        let last: Int
        if let end {
            last = seriesStart.days(to: end)
        } else {
            last = kind == .levelShift ? days - 1 : seriesStart.days(to: start)
        }
        let b = min(days - 1, last)
        if a <= b { for i in a...b { out[i] = 1 } }
        return out
    }
}
