import Disclosure
import Foundation
import Postgres

/// Everything public (docs/DISCLOSURE.md): the released monthly table and campaign effects, read from
/// `disclosure.*` after releasing what is due. Every public output — the dashboard without a token, the reports with
/// `--public`, the API's public reports — is drawn from this and nothing else; a withheld figure's value is never
/// loaded.
public struct PublicFigures: Sendable, Equatable {
    /// Released months, by helpline and month.
    public var months: [MonthlyRelease]
    /// Released campaign effects, by campaign, helpline and channel (`all` first).
    public var effects: [EffectRelease]
    /// The last month that may be public on the day the figures were read.
    public var lastPublishableMonth: String
    /// The embargo in days the figures were released under.
    public var embargoDays: Int

    public init(months: [MonthlyRelease], effects: [EffectRelease], lastPublishableMonth: String, embargoDays: Int = 7) {
        self.months = months
        self.effects = effects
        self.lastPublishableMonth = lastPublishableMonth
        self.embargoDays = embargoDays
    }

    /// Releases what is due on `now`'s UTC day, then reads the released months of `helpline` (nil: all) from `from` to
    /// `to` (`YYYY-MM`, inclusive; none with `includeMonths` false) and the effects of `campaign` (nil: all) on those
    /// helplines. The range only selects rows: what is withheld was decided when each month was released, never on
    /// the range.
    public static func load(
        pool: PostgresPool, helpline: String? = nil, from: String? = nil, to: String? = nil, campaign: String? = nil,
        now: Date = Date(), includeMonths: Bool = true
    ) async throws -> PublicFigures {
        try MonthlyReport.Filter(from: from, to: to, helpline: helpline).validate()
        let today = CivilDay.utc(now)
        let policy = try await PublicReleaser.releaseDue(pool: pool, today: today).policy
        let cells: PostgresRows? =
            !includeMonths
            ? nil
            : try await pool.query(
                """
                SELECT r.helpline, r.month, r.threshold, c.channel, c.contacts, c.withheld
                  FROM disclosure.monthly_releases r JOIN disclosure.monthly_cells c USING (helpline, month)
                 WHERE (\(from)::text IS NULL OR r.month >= \(from)) AND (\(to)::text IS NULL OR r.month <= \(to))
                   AND (\(helpline)::text IS NULL OR r.helpline = \(helpline))
                 ORDER BY r.helpline, r.month, c.channel
                """)
        let months = try cells.map(monthlyReleases) ?? []
        let effectRows = try await pool.query(
            """
            SELECT campaign_id, helpline, channel, threshold, withheld, extra_contacts, extra_low, extra_high, uplift_percent,
                   uplift_percent_low, uplift_percent_high, significant, baseline_extrapolated, sensitivity_disagrees
              FROM disclosure.effect_releases
             WHERE (\(helpline)::text IS NULL OR helpline = \(helpline)) AND (\(campaign)::text IS NULL OR campaign_id = \(campaign))
             ORDER BY campaign_id, helpline, channel <> 'all', channel
            """)
        let effects = try effectRows.map { r in
            let withheld = try r.decode(String?.self, at: 4).flatMap(RowProtection.Reason.init(rawValue:))
            let figures: EffectRelease.Figures? =
                withheld != nil
                ? nil
                : EffectRelease.Figures(
                    extraContacts: try r.decode(Int.self, at: 5), extraLow: try r.decode(Int.self, at: 6), extraHigh: try r.decode(Int.self, at: 7),
                    upliftPercent: try r.decode(Int?.self, at: 8), upliftPercentLow: try r.decode(Int?.self, at: 9),
                    upliftPercentHigh: try r.decode(Int?.self, at: 10), significant: try r.decode(Bool.self, at: 11),
                    baselineExtrapolated: try r.decode(Bool.self, at: 12), sensitivityDisagrees: try r.decode(Bool.self, at: 13))
            return EffectRelease(
                campaignID: try r.decode(String.self, at: 0), helpline: try r.decode(String.self, at: 1), channel: try r.decode(String.self, at: 2),
                threshold: try r.decode(Int.self, at: 3), figures: figures, withheld: withheld)
        }
        return PublicFigures(
            months: months, effects: effects, lastPublishableMonth: policy.embargo.lastPublishableMonth(today: today),
            embargoDays: policy.embargo.days)
    }

    /// Releases from rows of (helpline, month, threshold, channel, contacts, withheld), ordered by helpline and month.
    static func monthlyReleases(_ rows: PostgresRows) throws -> [MonthlyRelease] {
        var months: [MonthlyRelease] = []
        for r in rows {
            let (h, m, t) = (try r.decode(String.self, at: 0), try r.decode(String.self, at: 1), try r.decode(Int.self, at: 2))
            let cell = try published(r.decode(Int?.self, at: 4), r.decode(String?.self, at: 5))
            if months.last?.helpline != h || months.last?.month != m {
                months.append(MonthlyRelease(helpline: h, month: m, threshold: t, channels: [:], total: .withheld(.primary)))
            }
            let channel = try r.decode(String.self, at: 3)
            if channel == "all" { months[months.count - 1].total = cell } else { months[months.count - 1].channels[channel] = cell }
        }
        return months
    }

    static func published(_ contacts: Int?, _ withheld: String?) throws -> PublishedCount {
        if let contacts { return .shown(contacts) }
        guard let reason = withheld.flatMap(RowProtection.Reason.init(rawValue:)) else {
            throw ReportError("disclosure.monthly_cells holds a cell with neither a count nor a reason")
        }
        return .withheld(reason)
    }

    /// The release of `helpline`'s `month`, if released.
    public func month(_ helpline: String, _ month: String) -> MonthlyRelease? {
        months.first { $0.helpline == helpline && $0.month == month }
    }
}
