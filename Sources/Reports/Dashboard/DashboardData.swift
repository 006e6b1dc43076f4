import Foundation
import Postgres

/// Everything the dashboard and the HTML report draw, independent of where it came from.
///
/// `load(pool:helpline:from:to:)` fills counts, campaigns and (when estimated) campaign effects and the expected
/// baseline per month from the analytics views. Effects and baselines are optional; without them the page shows
/// counts and campaign windows only.
public struct DashboardData: Sendable, Equatable {
    /// Contacts offered to one helpline on one channel in one month.
    public struct MonthlyCount: Sendable, Equatable {
        /// `YYYY-MM`.
        public var month: String
        public var helpline: String
        /// A contact channel (`phone`, `chat`, …). The total over channels is computed, not stored.
        public var channel: String
        public var contacts: Int
        /// The month is still in progress.
        public var partial: Bool
        /// In a publication: why the count is withheld (then `contacts` is 0, the value was never loaded).
        public var withheld: SuppressionGrid.Reason?

        public init(
            month: String, helpline: String, channel: String, contacts: Int, partial: Bool = false,
            withheld: SuppressionGrid.Reason? = nil
        ) {
            self.month = month
            self.helpline = helpline
            self.channel = channel
            self.contacts = contacts
            self.partial = partial
            self.withheld = withheld
        }
    }

    /// A campaign as recorded (from `analytics.campaign_overview`).
    public struct Campaign: Sendable, Equatable {
        public var id: String
        /// Free text from users: always escaped when rendered.
        public var name: String
        public var helplines: [String]
        /// Media channels (`bus_tram (Vlaanderen)`, `influencer`, …).
        public var channels: [String]
        /// First day, `YYYY-MM-DD`; nil while not scheduled.
        public var windowStart: String?
        /// Last day, `YYYY-MM-DD`; nil while running.
        public var windowEnd: String?
        /// `planned`, `running`, `stopped` or `cancelled`.
        public var status: String
        /// Planned or running: its window is not over, and its observed counts grow by the day.
        public var isLive: Bool { status == "planned" || status == "running" }
        public var totalCostEUR: Double?
        public var totalReach: Double?

        public init(
            id: String, name: String, helplines: [String], channels: [String] = [], windowStart: String?,
            windowEnd: String?,
            status: String = "stopped", totalCostEUR: Double? = nil, totalReach: Double? = nil
        ) {
            self.id = id
            self.name = name
            self.helplines = helplines
            self.channels = channels
            self.windowStart = windowStart
            self.windowEnd = windowEnd
            self.status = status
            self.totalCostEUR = totalCostEUR
            self.totalReach = totalReach
        }
    }

    /// A campaign's estimated effect on one helpline and channel (docs/STATISTICS.md §3), from the attribution
    /// model (`analytics.campaign_effects`).
    public struct CampaignEffect: Sendable, Equatable {
        public var campaignID: String
        /// The helpline the effect was estimated on (nil: the campaign's only or all helplines).
        public var helpline: String?
        /// The contact channel, `all` for the channels together (nil: not given).
        public var channel: String?
        /// Extra contacts Φ and its interval.
        public var extraContacts: Double
        public var extraContactsLower: Double
        public var extraContactsUpper: Double
        /// Φ / expected contacts over the same days, in percent.
        public var relativeUpliftPercent: Double?
        /// Observed and expected (without campaigns) contacts in the window.
        public var observedContacts: Int?
        public var expectedContacts: Double?
        /// Cost per extra contact as computed by the model's report, with its interval; nil: compute it from the
        /// campaign's cost (see `costPerExtraContact(cost:)`).
        public var costPerExtraContactEUR: Double?
        public var costPerExtraContactLowEUR: Double?
        public var costPerExtraContactHighEUR: Double?
        /// e.g. "95%".
        public var intervalLevel: String
        /// Caveats shown with the effect (e.g. "joint effect with X: the split is not identified").
        public var note: String?
        /// The model decided the cost per extra contact (nil when it withheld it: extrapolated baseline, joint effect,
        /// interval reaching zero); the campaign's cost is then never divided here.
        public var costFromModel = false
        /// Extra contacts answered (with interval) and extra demand left unanswered (docs/STATISTICS.md §3).
        public var extraAnswered: Double?
        public var extraAnsweredLower: Double?
        public var extraAnsweredUpper: Double?
        public var extraUnanswered: Double?
        /// Flags: the baseline is a forecast; another baseline specification disagrees; the placebos widened the
        /// interval by this factor (> 1).
        public var baselineExtrapolated = false
        public var sensitivityDisagrees = false
        public var placeboCalibrationFactor: Double?
        /// In a publication: why the effect is withheld (then its figures are zeros, never loaded).
        public var withheld: SuppressionGrid.Reason?

        public init(
            campaignID: String, helpline: String? = nil, channel: String? = nil, extraContacts: Double,
            lower: Double, upper: Double,
            relativeUpliftPercent: Double? = nil, observedContacts: Int? = nil,
            expectedContacts: Double? = nil,
            costPerExtraContactEUR: Double? = nil, costPerExtraContactLowEUR: Double? = nil,
            costPerExtraContactHighEUR: Double? = nil,
            intervalLevel: String = "95%", note: String? = nil
        ) {
            self.campaignID = campaignID
            self.helpline = helpline
            self.channel = channel
            self.extraContacts = extraContacts
            self.extraContactsLower = lower
            self.extraContactsUpper = upper
            self.relativeUpliftPercent = relativeUpliftPercent
            self.observedContacts = observedContacts
            self.expectedContacts = expectedContacts
            self.costPerExtraContactEUR = costPerExtraContactEUR
            self.costPerExtraContactLowEUR = costPerExtraContactLowEUR
            self.costPerExtraContactHighEUR = costPerExtraContactHighEUR
            self.intervalLevel = intervalLevel
            self.note = note
        }

        /// Cost per extra contact and its interval `[cost/U, cost/L]`, only when the lower bound is above zero
        /// (docs/STATISTICS.md §3); nil means "not estimable", never a negative or infinite cost. Uses the model's
        /// own figures when it supplied them.
        public func costPerExtraContact(cost: Double?) -> (
            estimate: Double, lower: Double, upper: Double
        )? {
            if let estimate = costPerExtraContactEUR, estimate > 0, estimate.isFinite {
                return (
                    estimate, costPerExtraContactLowEUR ?? estimate, costPerExtraContactHighEUR ?? estimate
                )
            }
            if costFromModel { return nil }
            guard let cost, cost > 0, extraContactsLower > 0, extraContacts > 0 else { return nil }
            return (cost / extraContacts, cost / extraContactsUpper, cost / extraContactsLower)
        }
    }

    /// Expected contacts of one month without campaigns (the counterfactual), with its interval.
    public struct BaselinePoint: Sendable, Equatable {
        public var helpline: String
        /// The channel, or nil for the total over channels.
        public var channel: String?
        /// `YYYY-MM`.
        public var month: String
        public var expected: Double
        public var lower: Double?
        public var upper: Double?

        public init(
            helpline: String, channel: String? = nil, month: String, expected: Double,
            lower: Double? = nil, upper: Double? = nil
        ) {
            self.helpline = helpline
            self.channel = channel
            self.month = month
            self.expected = expected
            self.lower = lower
            self.upper = upper
        }
    }

    /// A helpline's last complete month against the month before and a year before, per-day rates with 95%
    /// intervals (docs/STATISTICS.md §9).
    public struct MonthChange: Sendable, Equatable {
        public var helpline: String
        public var month: String
        public var contacts: Int
        public var previousMonth: RateChange?
        public var sameMonthLastYear: RateChange?

        public init(helpline: String, month: String, contacts: Int, previousMonth: RateChange?, sameMonthLastYear: RateChange?) {
            self.helpline = helpline
            self.month = month
            self.contacts = contacts
            self.previousMonth = previousMonth
            self.sameMonthLastYear = sameMonthLastYear
        }
    }

    public var generatedAt: Date
    /// `YYYY-MM`, inclusive; nil: from the first / to the last month with data.
    public var from: String?
    public var to: String?
    public var counts: [MonthlyCount]
    public var campaigns: [Campaign]
    public var effects: [CampaignEffect]
    public var baselines: [BaselinePoint]
    /// Per helpline, its last complete month in the range and how it compares (empty when not loaded).
    public var monthChanges: [MonthChange] = []
    /// The figures are a publication (docs/DISCLOSURE.md): withheld counts and effects are marked and carry no value,
    /// effects are rounded. Made only by the disclosure engine (`DashboardData(publication:…)`).
    public internal(set) var isPublication = false
    /// In a publication, each helpline's threshold.
    public internal(set) var thresholds: [String: Int] = [:]
    /// In a publication, the threshold each month (`[helpline, month]`) was released under.
    var monthThresholds: [[String]: Int] = [:]
    /// In a publication, each released month's total (`[helpline, month]`), shown or withheld.
    var publishedTotals: [[String]: PublishedTotal] = [:]

    /// A released month's total: its value, or why it is withheld.
    struct PublishedTotal: Sendable, Equatable {
        var value: Int?
        var withheld: SuppressionGrid.Reason?
    }

    public init(
        generatedAt: Date = Date(), from: String? = nil, to: String? = nil, counts: [MonthlyCount],
        campaigns: [Campaign] = [],
        effects: [CampaignEffect] = [], baselines: [BaselinePoint] = []
    ) {
        self.generatedAt = generatedAt
        self.from = from
        self.to = to
        self.counts = counts
        self.campaigns = campaigns
        self.effects = effects
        self.baselines = baselines
    }

    /// The helplines in the data, sorted.
    public var helplines: [String] { Array(Set(counts.map(\.helpline))).sorted() }

    /// The months the charts span: `from`…`to` when given, else the first to the last month with data.
    var months: [String] {
        let present = counts.map(\.month)
        guard let first = from ?? present.min(), let last = to ?? present.max() else { return [] }
        return MonthMath.range(first, last)
    }

    /// Reads monthly contacts per channel (`analytics.monthly_contacts`) and the campaigns that are not cancelled
    /// and have a window (`analytics.campaign_overview`), optionally for one helpline and a range of months
    /// (`YYYY-MM`, inclusive), their estimated effects from `analytics.campaign_effects` and the expected baseline
    /// from `analytics.campaign_baselines` when those views exist. Parameterised queries only.
    public static func load(
        pool: PostgresPool, helpline: String? = nil, from: String? = nil, to: String? = nil,
        now: Date = Date()
    )
        async throws -> DashboardData
    {
        try MonthlyReport.Filter(from: from, to: to, helpline: helpline).validate()
        let countRows = try await pool.query(
            """
            SELECT month, helpline, channel, contacts, partial
              FROM analytics.monthly_contacts
             WHERE channel <> 'all'
               AND (\(from)::text IS NULL OR month >= \(from))
               AND (\(to)::text IS NULL OR month <= \(to))
               AND (\(helpline)::text IS NULL OR helpline = \(helpline))
             ORDER BY helpline, month, channel
            """)
        let counts = try countRows.map { r in
            MonthlyCount(
                month: try r.decode(String.self, at: 0), helpline: try r.decode(String.self, at: 1),
                channel: try r.decode(String.self, at: 2),
                contacts: try r.decode(Int.self, at: 3), partial: try r.decode(Bool.self, at: 4))
        }
        let campaigns = try await loadCampaigns(pool: pool, helpline: helpline, from: from, to: to)
        let fromDay = from.map { $0 + "-01" }
        let toDay = to.flatMap { MonthMath.adding(1, to: $0) }.map { $0 + "-01" }
        // The model's views, checked in one round trip (a schema older than the attribution migrations has none).
        let views = try await pool.query(
            "SELECT to_regclass('analytics.campaign_effects') IS NOT NULL, to_regclass('analytics.campaign_baselines') IS NOT NULL")
        let effects =
            try views[0].decode(Bool.self, at: 0)
            ? try await loadEffects(pool: pool, helpline: helpline, fromDay: fromDay, toDay: toDay) : []
        let baselines =
            try views[0].decode(Bool.self, at: 1) ? try await loadBaselines(pool: pool, helpline: helpline, from: from, to: to) : []
        var data = DashboardData(
            generatedAt: now, from: from, to: to, counts: counts, campaigns: campaigns, effects: effects,
            baselines: baselines)
        data.monthChanges = try await loadMonthChanges(pool: pool, counts: counts, now: now)
        return data
    }

    /// The campaigns that are not cancelled, have a window and overlap the months `from`…`to` (`YYYY-MM`, inclusive;
    /// a running campaign runs until today), from `analytics.campaign_overview`: name, dates, channels, cost, reach.
    public static func loadCampaigns(pool: PostgresPool, helpline: String?, from: String?, to: String?) async throws -> [Campaign] {
        let fromDay = from.map { $0 + "-01" }
        let toDay = to.flatMap { MonthMath.adding(1, to: $0) }.map { $0 + "-01" }
        let campaignRows = try await pool.query(
            """
            SELECT campaign_id, name, helplines, channels, window_start::text, window_end::text, status,
                   total_cost_eur::float8, total_reach::float8
              FROM analytics.campaign_overview
             WHERE status <> 'cancelled' AND window_start IS NOT NULL
               AND (\(helpline)::text IS NULL OR \(helpline) = ANY (helplines))
               AND (\(toDay)::date IS NULL OR window_start < \(toDay)::date)
               AND (\(fromDay)::date IS NULL OR window_end IS NULL OR window_end >= \(fromDay)::date)
             ORDER BY window_start, campaign_id
            """)
        return try campaignRows.map { r in
            Campaign(
                id: try r.decode(String.self, at: 0), name: try r.decode(String.self, at: 1),
                helplines: try r.decode([String].self, at: 2),
                channels: try r.decode([String].self, at: 3),
                windowStart: try r.decode(String?.self, at: 4),
                windowEnd: try r.decode(String?.self, at: 5), status: try r.decode(String.self, at: 6),
                totalCostEUR: try r.decode(Double?.self, at: 7),
                totalReach: try r.decode(Double?.self, at: 8))
        }
    }

    /// Each helpline's last complete month among `counts`, with its rate changes from the monthly report.
    static func loadMonthChanges(pool: PostgresPool, counts: [MonthlyCount], now: Date) async throws -> [MonthChange] {
        var last: [String: String] = [:]
        for count in counts where !count.partial { last[count.helpline] = max(last[count.helpline] ?? count.month, count.month) }
        var out: [MonthChange] = []
        for (helpline, month) in last.sorted(by: { $0.key < $1.key }) {
            let report = try await MonthlyReport.load(.init(from: month, to: month, helpline: helpline, channel: "all"), pool: pool, now: now)
            guard let row = report.rows.first else { continue }
            out.append(
                MonthChange(
                    helpline: helpline, month: month, contacts: row.contacts, previousMonth: row.rateChangeVsPreviousMonth,
                    sameMonthLastYear: row.rateChangeVsSameMonthLastYear))
        }
        return out
    }

    /// The attribution model's expected contacts per month without campaigns, from `analytics.campaign_baselines`
    /// (empty when no fit was made). The fit on all channels (`all`) becomes the total's baseline (`channel` nil).
    static func loadBaselines(pool: PostgresPool, helpline: String?, from: String?, to: String?)
        async throws -> [BaselinePoint]
    {
        let rows = try await pool.query(
            """
            SELECT helpline, channel, month, expected_contacts::float8, lower_contacts::float8, upper_contacts::float8
              FROM analytics.campaign_baselines
             WHERE (\(from)::text IS NULL OR month >= \(from))
               AND (\(to)::text IS NULL OR month <= \(to))
               AND (\(helpline)::text IS NULL OR helpline = \(helpline))
             ORDER BY helpline, channel, month
            """)
        return try rows.map { r in
            let channel = try r.decode(String.self, at: 1)
            return BaselinePoint(
                helpline: try r.decode(String.self, at: 0), channel: channel == "all" ? nil : channel,
                month: try r.decode(String.self, at: 2), expected: try r.decode(Double.self, at: 3),
                lower: try r.decode(Double.self, at: 4), upper: try r.decode(Double.self, at: 5))
        }
    }

    /// The estimated effects of the campaigns whose window overlaps the range, from `analytics.campaign_effects`
    /// (empty when nothing was estimated). Rows whose fit failed or that have no
    /// uplift interval are left out.
    static func loadEffects(pool: PostgresPool, helpline: String?, fromDay: String?, toDay: String?)
        async throws -> [CampaignEffect]
    {
        let rows = try await pool.query(
            """
            SELECT campaign_id, helpline, channel, uplift_contacts::float8, uplift_low::float8, uplift_high::float8,
                   uplift_percent::float8, observed_contacts::float8, expected_contacts::float8,
                   cost_per_extra_contact_eur::float8, cost_per_extra_contact_low_eur::float8, cost_per_extra_contact_high_eur::float8,
                   warnings, extra_answered_contacts::float8, extra_answered_low::float8, extra_answered_high::float8,
                   extra_unanswered_contacts::float8, baseline_extrapolated, sensitivity_disagrees, placebo_calibration_factor::float8
              FROM analytics.campaign_effects
             WHERE fit_error IS NULL AND uplift_contacts IS NOT NULL AND uplift_low IS NOT NULL AND uplift_high IS NOT NULL
               AND (\(helpline)::text IS NULL OR helpline = \(helpline))
               AND (\(toDay)::date IS NULL OR window_start < \(toDay)::date)
               AND (\(fromDay)::date IS NULL OR window_end >= \(fromDay)::date)
             ORDER BY window_start, campaign_id, helpline, channel <> 'all', channel
            """)
        return try rows.map { r in
            let warnings = try r.decode([String].self, at: 12)
            var effect = CampaignEffect(
                campaignID: try r.decode(String.self, at: 0), helpline: try r.decode(String.self, at: 1),
                channel: try r.decode(String.self, at: 2),
                extraContacts: try r.decode(Double.self, at: 3), lower: try r.decode(Double.self, at: 4),
                upper: try r.decode(Double.self, at: 5),
                relativeUpliftPercent: try r.decode(Double?.self, at: 6),
                observedContacts: try r.decode(Double?.self, at: 7).map { Int($0.rounded()) },
                expectedContacts: try r.decode(Double?.self, at: 8),
                costPerExtraContactEUR: try r.decode(Double?.self, at: 9),
                costPerExtraContactLowEUR: try r.decode(Double?.self, at: 10),
                costPerExtraContactHighEUR: try r.decode(Double?.self, at: 11),
                note: warnings.isEmpty ? nil : warnings.joined(separator: "; "))
            effect.costFromModel = true
            effect.extraAnswered = try r.decode(Double?.self, at: 13)
            effect.extraAnsweredLower = try r.decode(Double?.self, at: 14)
            effect.extraAnsweredUpper = try r.decode(Double?.self, at: 15)
            effect.extraUnanswered = try r.decode(Double?.self, at: 16)
            effect.baselineExtrapolated = try r.decode(Bool.self, at: 17)
            effect.sensitivityDisagrees = try r.decode(Bool.self, at: 18)
            effect.placeboCalibrationFactor = try r.decode(Double?.self, at: 19)
            return effect
        }
    }
}
