import Foundation
import Postgres

/// Monthly contacts per helpline and channel with month-over-month and year-over-year change, read from
/// `analytics.monthly_contacts`. The JSON form is a contract: keep the field names.
public struct MonthlyReport: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var month: String
        public var helpline: String
        public var channel: String
        public var contacts: Int
        public var answered: Int
        public var abandoned: Int
        public var previousMonthContacts: Int?
        public var changeVsPreviousMonthPercent: Double?
        public var sameMonthLastYearContacts: Int?
        public var changeVsSameMonthLastYearPercent: Double?
        public var perDayChangeVsPreviousMonthPercent: Double?
        public var activeCampaigns: [String]
        /// The month is still in progress: its figures will grow.
        public var partial: Bool
        /// Per-day rate ratio against the month before, with a 95% interval for day-to-day noise (a partial month is
        /// compared on its complete elapsed days with the same days of the month before).
        public var rateChangeVsPreviousMonth: RateChange? = nil
        /// The same against the same month a year before (per-day rates, so a leap February is not a change).
        public var rateChangeVsSameMonthLastYear: RateChange? = nil
    }

    /// Which rows to show.
    public struct Filter: Sendable, Equatable {
        /// First month, `YYYY-MM`, inclusive.
        public var from: String?
        /// Last month, `YYYY-MM`, inclusive.
        public var to: String?
        public var helpline: String?
        /// A channel, or `all` for the sum of the channels.
        public var channel: String?

        public init(from: String? = nil, to: String? = nil, helpline: String? = nil, channel: String? = nil) {
            self.from = from
            self.to = to
            self.helpline = helpline
            self.channel = channel
        }

        /// Checks the months' format so a typo is an error, not an empty report.
        public func validate() throws(ReportError) {
            for (name, value) in [("from", from), ("to", to)] {
                guard let value else { continue }
                let parts = value.split(separator: "-")
                guard value.count == 7, parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1990...2999).contains(year),
                    (1...12).contains(month)
                else { throw ReportError("--\(name): expected a month YYYY-MM, got \(value)") }
            }
            if let from, let to, from > to { throw ReportError("--from \(from) is after --to \(to)") }
        }
    }

    public var generatedAt: Date
    public var timeZone: String
    public var rows: [Row]

    /// Loads the report. Without `from`/`to`, every month with data.
    public static func load(_ filter: Filter, pool: PostgresPool, now: Date = Date()) async throws -> MonthlyReport {
        try filter.validate()
        let rows = try await pool.query(
            """
            SELECT month, helpline, channel, contacts, answered, abandoned, previous_month_contacts,
                   change_vs_previous_month_pct::float8, same_month_last_year_contacts, change_vs_same_month_last_year_pct::float8,
                   per_day_change_vs_previous_month_pct::float8, active_campaigns, partial
              FROM analytics.monthly_contacts
             WHERE (\(filter.from)::text IS NULL OR month >= \(filter.from))
               AND (\(filter.to)::text IS NULL OR month <= \(filter.to))
               AND (\(filter.helpline)::text IS NULL OR helpline = \(filter.helpline))
               AND (\(filter.channel)::text IS NULL OR channel = \(filter.channel))
             ORDER BY month, helpline, channel = 'all', channel
            """)
        // The time zones of the helplines in the report (not a second pass over the view).
        let helplines = Array(Set(try rows.map { try $0.decode(String.self, at: 1) })).sorted()
        let zones = try await pool.query("SELECT DISTINCT rm.helpline_time_zone(h) FROM unnest(\(helplines)::text[]) AS h")
        let zone = zones.count == 1 ? try zones[0].decode(String.self, at: 0) : (zones.isEmpty ? "Europe/Brussels" : "per helpline")
        var report = MonthlyReport(
            generatedAt: now, timeZone: zone,
            rows: try rows.map { r in
                Row(
                    month: try r.decode(String.self, at: 0), helpline: try r.decode(String.self, at: 1), channel: try r.decode(String.self, at: 2),
                    contacts: try r.decode(Int.self, at: 3), answered: try r.decode(Int.self, at: 4), abandoned: try r.decode(Int.self, at: 5),
                    previousMonthContacts: try r.decode(Int?.self, at: 6), changeVsPreviousMonthPercent: try r.decode(Double?.self, at: 7),
                    sameMonthLastYearContacts: try r.decode(Int?.self, at: 8), changeVsSameMonthLastYearPercent: try r.decode(Double?.self, at: 9),
                    perDayChangeVsPreviousMonthPercent: try r.decode(Double?.self, at: 10), activeCampaigns: try r.decode([String].self, at: 11),
                    partial: try r.decode(Bool.self, at: 12))
            })
        try await report.addRateChanges(filter, pool: pool)
        return report
    }
}

/// A report request that cannot be answered as asked.
public struct ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
