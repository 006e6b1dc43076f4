import Disclosure
import Foundation
import Postgres

/// The public monthly table (`report monthly --public`, `GET /v1/reports/monthly?public=true`): the released
/// contacts per helpline, channel and month (docs/DISCLOSURE.md), in every report format. Withheld counts carry their
/// label and no value; a change in percent is given only where both months are shown. No answered or abandoned
/// counts and no per-day intervals: they are not part of the publication.
public struct PublicMonthlyReport: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var month: String
        public var helpline: String
        /// A channel, or `all` for the month's total.
        public var channel: String
        public var contacts: PublishedCount
        public var threshold: Int
        /// The same channel a month and a year before, as released (nil: not released), with their thresholds.
        public var previousMonthContacts: PublishedCount?
        public var sameMonthLastYearContacts: PublishedCount?
        public var previousMonthThreshold: Int?
        public var sameMonthLastYearThreshold: Int?

        /// The earlier months as a reader sees them (`–` when not released).
        var previousMonthLabel: String? { previousMonthContacts?.label(threshold: previousMonthThreshold ?? threshold) }
        var sameMonthLastYearLabel: String? { sameMonthLastYearContacts?.label(threshold: sameMonthLastYearThreshold ?? threshold) }

        public var changeVsPreviousMonthPercent: Double? { previousMonthContacts.flatMap { contacts.percentChange(from: $0) } }
        public var changeVsSameMonthLastYearPercent: Double? { sameMonthLastYearContacts.flatMap { contacts.percentChange(from: $0) } }
    }

    public var generatedAt: Date
    /// The last month that could be public when the report was made (the embargo's end).
    public var lastPublishableMonth: String
    public var embargoDays: Int
    public var rows: [Row]
    /// The figures the charts of the HTML form draw.
    var publication: PublicFigures

    /// The released rows of `filter`'s months (`from`/`to` only select rows), after releasing what is due on `now`.
    public static func load(_ filter: MonthlyReport.Filter, pool: PostgresPool, now: Date = Date())
        async throws -> PublicMonthlyReport
    {
        try filter.validate()
        // A year more, for the changes against the months before the range (as released, never recomputed).
        let figures = try await PublicFigures.load(
            pool: pool, helpline: filter.helpline, from: filter.from.flatMap { MonthMath.adding(-12, to: $0) }, to: filter.to, now: now)
        return PublicMonthlyReport(figures: figures, filter: filter, generatedAt: now, embargoDays: figures.embargoDays)
    }

    init(figures: PublicFigures, filter: MonthlyReport.Filter, generatedAt: Date, embargoDays: Int) {
        var rows: [Row] = []
        let releases = Dictionary(figures.months.map { ([$0.helpline, $0.month], $0) }, uniquingKeysWith: { a, _ in a })
        for release in figures.months.sorted(by: { ($0.month, $0.helpline) < ($1.month, $1.helpline) }) {
            if let from = filter.from, release.month < from { continue }
            let channels = release.channels.keys.sorted() + ["all"]
            for channel in channels where filter.channel == nil || filter.channel == channel {
                func back(_ months: Int) -> MonthlyRelease? {
                    MonthMath.adding(-months, to: release.month).flatMap { releases[[release.helpline, $0]] }
                }
                let key: String? = channel == "all" ? nil : channel
                rows.append(
                    Row(
                        month: release.month, helpline: release.helpline, channel: channel, contacts: release.cell(key)!,
                        threshold: release.threshold,
                        previousMonthContacts: back(1)?.cell(key), sameMonthLastYearContacts: back(12)?.cell(key),
                        previousMonthThreshold: back(1)?.threshold, sameMonthLastYearThreshold: back(12)?.threshold))
            }
        }
        var shown = figures
        if let from = filter.from { shown.months.removeAll { $0.month < from } }
        self.init(
            generatedAt: generatedAt, lastPublishableMonth: figures.lastPublishableMonth, embargoDays: embargoDays, rows: rows, publication: shown)
    }

    init(generatedAt: Date, lastPublishableMonth: String, embargoDays: Int, rows: [Row], publication: PublicFigures) {
        self.generatedAt = generatedAt
        self.lastPublishableMonth = lastPublishableMonth
        self.embargoDays = embargoDays
        self.rows = rows
        self.publication = publication
    }
}
