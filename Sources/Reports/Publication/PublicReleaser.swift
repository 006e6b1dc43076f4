import Disclosure
import Foundation
import Postgres

/// Releases the public figures that are due (docs/DISCLOSURE.md): each helpline's months once they are out of their
/// embargo, and each stopped campaign's effects once its carry-over has ended and the embargo has passed. The
/// decision is made by module Disclosure on the figures of that moment and stored in `disclosure.*`, which refuses
/// any later change: a figure published once stays as it was, whatever arrives later.
///
/// Nothing is released while the projections are behind the event store or the effects are outdated: a month or a
/// campaign is decided only on read models that have applied every stored event.
public enum PublicReleaser {
    /// What one run released.
    public struct Outcome: Sendable, Equatable {
        public var months = 0
        public var effects = 0
        /// Nothing was released because the projections have not applied every stored event.
        public var projectionsBehind = false
    }

    /// Releases what is due on `now`'s UTC day (`helpline-stats disclosure release`, for a cron job when the public
    /// figures are read only through the `analytics_public` views).
    public static func release(pool: PostgresPool, now: Date = Date()) async throws -> Outcome {
        try await releaseDue(pool: pool, today: CivilDay.utc(now)).outcome
    }

    /// Releases what is due on `today` (UTC day). Safe to call from several processes at once: the releases are
    /// made one transaction at a time under one advisory lock, and a month or campaign already released is skipped.
    /// - Returns: the policy it released under, and what it released.
    @discardableResult
    static func releaseDue(pool: PostgresPool, today: (year: Int, month: Int, day: Int)) async throws -> (
        policy: DisclosurePolicy, outcome: Outcome
    ) {
        try await pool.withTransaction { c in
            _ = try await c.query("SELECT pg_advisory_xact_lock(hashtext('disclosure.release'))")
            let policy = try await DisclosureSettings.policy(on: c)
            // Never later than the database's own day: a host whose clock runs ahead must not release early.
            let serverDay = try await c.query("SELECT (now() AT TIME ZONE 'UTC')::date::text")[0].decode(String.self, at: 0)
            let server = CivilDay.parse(serverDay) ?? today
            let today = server < today ? server : today
            let freshness = try await CampaignReport.freshness(on: c)
            var outcome = Outcome()
            guard !freshness.projectionsBehind else {
                outcome.projectionsBehind = true
                return (policy, outcome)
            }
            outcome.months = try await releaseMonths(on: c, through: policy.embargo.lastPublishableMonth(today: today), policy: policy)
            if freshness.computedAt != nil && !freshness.outdated {
                outcome.effects = try await releaseEffects(on: c, today: today, policy: policy)
            }
            return (policy, outcome)
        }
    }

    /// Releases the months through `last` not yet released. A helpline's months run from its first to its last month
    /// with contacts, and a channel is part of every month from its first to its last month with contacts: a month
    /// or channel without contacts inside those spans is a zero, released as a small count like any other (a missing
    /// row would say "0").
    static func releaseMonths(on c: PostgresConnection, through last: String, policy: DisclosurePolicy) async throws -> Int {
        let rows = try await c.query(
            """
            SELECT m.helpline, m.month, m.channel, m.contacts FROM analytics.monthly_contacts m WHERE m.channel <> 'all'
            """)
        // Every released month, those without any contact row included.
        let released = Set(
            try await c.query("SELECT helpline, month FROM disclosure.monthly_releases").map {
                [try $0.decode(String.self, at: 0), try $0.decode(String.self, at: 1)]
            })
        var counts: [[String]: [String: Int]] = [:]
        var channelSpans: [String: [String: (first: String, last: String)]] = [:]
        for r in rows {
            let (helpline, month, channel) = (try r.decode(String.self, at: 0), try r.decode(String.self, at: 1), try r.decode(String.self, at: 2))
            let contacts = try r.decode(Int.self, at: 3)
            counts[[helpline, month], default: [:]][channel] = contacts
            guard contacts > 0 else { continue }
            let span = channelSpans[helpline, default: [:]][channel]
            channelSpans[helpline, default: [:]][channel] = (min(span?.first ?? month, month), max(span?.last ?? month, month))
        }
        var due: [[String]: [String: Int]] = [:]
        for (helpline, spans) in channelSpans {
            let first = spans.values.map(\.first).min()!
            let lastWithData = spans.values.map(\.last).max()!
            for month in EffectRelease.months(from: first, through: min(lastWithData, last)) where !released.contains([helpline, month]) {
                var row: [String: Int] = [:]
                for (channel, span) in spans where span.first <= month && month <= span.last {
                    row[channel] = counts[[helpline, month]]?[channel] ?? 0
                }
                // A month inside the helpline's span but outside every channel's has no channel to publish.
                if !row.isEmpty { due[[helpline, month]] = row }
            }
        }
        guard !due.isEmpty else { return 0 }
        let releases = due.map { key, counts in
            MonthlyRelease.decide(helpline: key[0], month: key[1], counts: counts, threshold: policy.threshold(for: key[0]))
        }
        var cells: (helpline: [String], month: [String], channel: [String], contacts: [Int?], withheld: [String?]) = ([], [], [], [], [])
        for release in releases {
            for (channel, cell) in release.channels.map({ ($0.key, $0.value) }) + [("all", release.total)] {
                cells.helpline.append(release.helpline)
                cells.month.append(release.month)
                cells.channel.append(channel)
                cells.contacts.append(cell.value)
                cells.withheld.append(cell.reason?.rawValue)
            }
        }
        try await c.execute(
            """
            INSERT INTO disclosure.monthly_releases (helpline, month, threshold)
            SELECT * FROM unnest(\(releases.map(\.helpline))::text[], \(releases.map(\.month))::text[], \(releases.map(\.threshold))::int[])
            """)
        try await c.execute(
            """
            INSERT INTO disclosure.monthly_cells (helpline, month, channel, contacts, withheld)
            SELECT * FROM unnest(\(cells.helpline)::text[], \(cells.month)::text[], \(cells.channel)::text[], \(cells.contacts)::int[],
                                 \(cells.withheld)::text[])
            """)
        return releases.count
    }

    static func releaseEffects(on c: PostgresConnection, today: (year: Int, month: Int, day: Int), policy: DisclosurePolicy) async throws
        -> Int
    {
        let rows = try await c.query(
            """
            SELECT e.campaign_id, e.helpline, e.channel, e.observed_contacts::int, e.uplift_contacts::float8, e.uplift_low::float8,
                   e.uplift_high::float8, e.uplift_percent::float8, e.uplift_percent_low::float8, e.uplift_percent_high::float8,
                   e.baseline_extrapolated, e.sensitivity_disagrees, e.attribution_end::text, e.window_start::text
              FROM analytics.campaign_effects e
              JOIN analytics.campaign_overview o ON o.campaign_id = e.campaign_id
             WHERE o.status = 'stopped' AND NOT e.running AND e.attribution_end IS NOT NULL AND e.fit_error IS NULL
               AND e.observed_contacts IS NOT NULL
               AND e.uplift_contacts IS NOT NULL AND e.uplift_low IS NOT NULL AND e.uplift_high IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM disclosure.effect_releases r WHERE r.campaign_id = e.campaign_id AND r.helpline = e.helpline)
            """)
        var groups: [[String]: [EffectEstimate]] = [:]
        var lastDays: [[String]: String] = [:]
        var firstDays: [[String]: String] = [:]
        for r in rows {
            let key = [try r.decode(String.self, at: 0), try r.decode(String.self, at: 1)]
            groups[key, default: []].append(
                EffectEstimate(
                    campaignID: key[0], helpline: key[1], channel: try r.decode(String.self, at: 2),
                    observedContacts: try r.decode(Int.self, at: 3), extraContacts: try r.decode(Double.self, at: 4),
                    extraLow: try r.decode(Double.self, at: 5), extraHigh: try r.decode(Double.self, at: 6),
                    upliftPercent: try r.decode(Double?.self, at: 7), upliftPercentLow: try r.decode(Double?.self, at: 8),
                    upliftPercentHigh: try r.decode(Double?.self, at: 9), baselineExtrapolated: try r.decode(Bool.self, at: 10),
                    sensitivityDisagrees: try r.decode(Bool.self, at: 11)))
            lastDays[key] = max(lastDays[key] ?? "", try r.decode(String.self, at: 12))
            firstDays[key] = min(firstDays[key] ?? "9999", try r.decode(String.self, at: 13))
        }
        var releases: [EffectRelease] = []
        for (key, estimates) in groups {
            guard let lastDay = lastDays[key], let last = CivilDay.parse(lastDay), policy.embargo.isOver(lastDay: last, today: today),
                let firstDay = firstDays[key]
            else { continue }
            // Decided only once every month the effect spans is released, on those releases.
            let months = EffectRelease.months(from: firstDay, through: lastDay)
            let spanned = try await released(helpline: key[1], months: months, on: c)
            guard spanned.count == months.count else { continue }
            releases += EffectRelease.decide(estimates, threshold: policy.threshold(for: key[1]), spanned: spanned)
        }
        guard !releases.isEmpty else { return 0 }
        let f = releases.map(\.figures)
        try await c.execute(
            """
            INSERT INTO disclosure.effect_releases (campaign_id, helpline, channel, threshold, withheld, extra_contacts, extra_low,
                   extra_high, uplift_percent, uplift_percent_low, uplift_percent_high, significant, baseline_extrapolated,
                   sensitivity_disagrees)
            SELECT * FROM unnest(\(releases.map(\.campaignID))::text[], \(releases.map(\.helpline))::text[],
                   \(releases.map(\.channel))::text[], \(releases.map(\.threshold))::int[], \(releases.map { $0.withheld?.rawValue })::text[],
                   \(f.map { $0?.extraContacts })::int[], \(f.map { $0?.extraLow })::int[], \(f.map { $0?.extraHigh })::int[],
                   \(f.map { $0?.upliftPercent })::int[], \(f.map { $0?.upliftPercentLow })::int[], \(f.map { $0?.upliftPercentHigh })::int[],
                   \(f.map { $0?.significant })::bool[], \(f.map { $0?.baselineExtrapolated })::bool[],
                   \(f.map { $0?.sensitivityDisagrees })::bool[])
            """)
        return releases.count
    }
}

extension PublicReleaser {
    /// The released months of `helpline` among `months`.
    static func released(helpline: String, months: [String], on c: PostgresConnection) async throws -> [MonthlyRelease] {
        try PublicFigures.monthlyReleases(
            try await c.query(
                """
                SELECT r.helpline, r.month, r.threshold, c.channel, c.contacts, c.withheld
                  FROM disclosure.monthly_releases r JOIN disclosure.monthly_cells c USING (helpline, month)
                 WHERE r.helpline = \(helpline) AND r.month = ANY(\(months)::text[])
                 ORDER BY r.month
                """))
    }
}

/// A civil day from its ISO text.
enum CivilDay {
    static func parse(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return (parts[0], parts[1], parts[2])
    }

    /// The UTC day of `date`.
    static func utc(_ date: Date) -> (year: Int, month: Int, day: Int) {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return (c.year!, c.month!, c.day!)
    }
}
