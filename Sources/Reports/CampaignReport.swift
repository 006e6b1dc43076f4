import Foundation
import Postgres

/// Campaign evaluation: per campaign × helpline × channel, the extra contacts the model attributes to the
/// campaign with a 95% interval, the cost per extra contact and the model's checks, read from
/// `analytics.campaign_effects` (kept up to date by the campaign effects refitter, rounded in the view as for every
/// reader) plus the campaign's details.
/// The JSON form is a contract: keep the field names.
public struct CampaignReport: Sendable, Equatable {
    /// Which rows to show.
    public struct Filter: Sendable, Equatable {
        public var campaign: String?
        public var helpline: String?
        /// A contact channel (phone, chat, …), `all` for the channels together, or nil for every row.
        public var channel: String?

        public init(campaign: String? = nil, helpline: String? = nil, channel: String? = nil) {
            self.campaign = campaign
            self.helpline = helpline
            self.channel = channel
        }
    }

    /// The model behind the figures. When the report covers several fits that differ, the differing values are nil.
    public struct Model: Sendable, Equatable {
        public var family: String?
        public var alpha: Double?
        public var fourierTerms: Int?
        /// The recorded baseline events (ids) the covered fits took as regressors.
        public var baselineEvents: [String] = []
        /// The largest lag-1 Pearson-residual autocorrelation over the covered fits, and the largest variance inflation
        /// it implies for a 28-day window (docs/STATISTICS.md §6, "Serial correlation").
        public var residualAutocorrelationLag1: Double? = nil
        public var varianceInflation28Days: Double? = nil
    }

    /// The estimate under another baseline specification (docs/STATISTICS.md §3, `sensitivity`).
    public struct SensitivityEstimate: Sendable, Equatable, Codable {
        public var specification: String
        public var upliftContacts: Double?
        public var upliftLow: Double?
        public var upliftHigh: Double?
        public var error: String?
    }

    /// Placebo and backtest checks, added up over the fits the report covers.
    public struct Checks: Sendable, Equatable {
        public var placeboRuns: Int?
        public var placeboSignificant: Int?
        /// Mean absolute % error of weekly totals in the held-out weeks (weighted by campaigns backtested).
        public var backtestMeanAbsPercentError: Double?
        /// Share of placebos that came out significant (≈ 0.05 when the intervals are right).
        public var placeboFalsePositiveRate: Double?
        /// Share of held-out weeks inside their 95% prediction interval.
        public var backtestIntervalCoverage: Double?
        /// The % error count noise alone would give on those weeks.
        public var backtestNoiseMeanAbsPercentError: Double?
    }

    public struct CostItem: Sendable, Equatable {
        public var item: String
        public var amountCents: Int
        public var currency: String
    }

    public struct Reach: Sendable, Equatable {
        public var metric: String
        public var value: Double
        public var source: String
    }

    public struct Note: Sendable, Equatable {
        public var kind: String
        public var text: String
    }

    /// One campaign on one helpline and channel. Figures are nil where they cannot be estimated; `warnings` says why.
    public struct Campaign: Sendable, Equatable {
        public var id: String
        public var name: String
        public var helpline: String
        public var channel: String
        /// First and last day evaluated (`YYYY-MM-DD`); a running campaign ends at the last day of data.
        public var start: String
        public var end: String
        public var running: Bool
        public var carryOverHalfLifeDays: Double?
        public var observedContacts: Double?
        public var expectedContacts: Double?
        public var upliftContacts: Double?
        public var upliftLow: Double?
        public var upliftHigh: Double?
        public var upliftPercent: Double?
        /// 95% interval of the % uplift (includes the expected count's uncertainty).
        public var upliftPercentLow: Double?
        public var upliftPercentHigh: Double?
        public var costEur: Double?
        public var costPerExtraContactEur: Double?
        public var costPerExtraContactLowEur: Double?
        public var costPerExtraContactHighEur: Double?
        public var overlapsWith: [String]
        public var significant: Bool
        public var warnings: [String]
        /// Running, carry-over not over, or in the last weeks of data: the baseline is a forecast; no cost per contact.
        public var baselineExtrapolated: Bool
        /// Factor (≥ 1) by which the placebos widened the interval.
        public var placeboCalibrationFactor: Double?
        /// Another baseline specification gives an interval that does not overlap this one.
        public var sensitivityDisagrees: Bool
        /// Demand and capacity: answered contacts over the campaign's days, the answer rate of the eight weeks before,
        /// the extra contacts answered (95% interval) and the extra demand left unanswered (docs/STATISTICS.md §3).
        public var answeredContacts: Double? = nil
        public var baselineAnswerRate: Double? = nil
        public var extraAnsweredContacts: Double? = nil
        public var extraAnsweredLow: Double? = nil
        public var extraAnsweredHigh: Double? = nil
        public var extraUnansweredContacts: Double? = nil
        /// The estimate under the other baseline specifications.
        public var sensitivity: [SensitivityEstimate] = []
        // Details for the Markdown and table forms (not part of the JSON contract).
        public var helplines: [String]
        public var targetGroups: [String]
        /// Media channels, e.g. `bus_tram (Vlaanderen)`.
        public var mediaChannels: [String]
        public var costItems: [CostItem]
        public var reach: [Reach]
        public var notes: [Note]
        /// The fit's error when the model could not be fitted.
        public var fitError: String?
        public var fittedAt: Date?
    }

    /// Whether the stored effects reflect the current read models.
    public struct Freshness: Sendable, Equatable {
        /// When the effects were last checked against the data (nil: never computed).
        public var computedAt: Date?
        /// The daily counts or campaigns changed after the effects were computed.
        public var outdated: Bool
        /// The projections have not applied every event yet (the read models themselves are behind).
        public var projectionsBehind: Bool
    }

    public var generatedAt: Date
    public var model: Model
    public var checks: Checks
    public var campaigns: [Campaign]
    public var freshness: Freshness
    /// Campaigns matching the filter that have no effects: cancelled, no dates, or not computed yet.
    public var campaignsWithoutEffects: [String: String]

    /// What a user should know before trusting the report (missing or outdated effects), one line each.
    public var messages: [String] {
        var out: [String] = []
        let rerun = "run `helpline-stats project run --until-caught-up` first"
        if freshness.computedAt == nil {
            out.append("campaign effects have not been computed yet: \(rerun)")
        } else if freshness.projectionsBehind {
            out.append("the read models have not applied every imported event, so the campaign effects are out of date: \(rerun)")
        } else if freshness.outdated {
            out.append(
                "contacts or campaigns changed after the campaign effects were computed (\(ReportText.iso8601(freshness.computedAt!))); "
                    + "a running `project run` refits within about 30 s, or \(rerun)")
        }
        for (id, why) in campaignsWithoutEffects.sorted(by: { $0.key < $1.key }) { out.append("campaign \(id): \(why)") }
        return out
    }

    /// Loads the report.
    public static func load(_ filter: Filter, pool: PostgresPool, now: Date = Date()) async throws -> CampaignReport {
        try await pool.withConnection { c in try await load(filter, on: c, now: now) }
    }

    static func load(_ filter: Filter, on c: PostgresConnection, now: Date) async throws -> CampaignReport {
        // The effects as every report shows them: analytics.campaign_effects (rounded there once for all readers).
        let rows = try await c.query(
            """
            SELECT e.*, coalesce(e.name, e.campaign_id) AS display_name, e.window_start::text AS start_text,
                   e.window_end::text AS end_text, e.sensitivity::text AS sensitivity_text,
                   coalesce(o.helplines, '{}') AS campaign_helplines, coalesce(o.target_groups, '{}') AS campaign_target_groups
              FROM analytics.campaign_effects e
              LEFT JOIN analytics.campaign_overview o ON o.campaign_id = e.campaign_id
             WHERE (\(filter.campaign)::text IS NULL OR e.campaign_id = \(filter.campaign))
               AND (\(filter.helpline)::text IS NULL OR e.helpline = \(filter.helpline))
               AND (\(filter.channel)::text IS NULL OR e.channel = \(filter.channel))
             ORDER BY e.window_start, e.campaign_id, e.helpline, e.channel <> 'all', e.channel
            """)
        var campaigns = try rows.map { r in
            func number(_ column: String) throws -> Double? { try r.decode(Double?.self, column: column) }
            return Campaign(
                id: try r.decode(String.self, column: "campaign_id"), name: try r.decode(String.self, column: "display_name"),
                helpline: try r.decode(String.self, column: "helpline"), channel: try r.decode(String.self, column: "channel"),
                start: try r.decode(String.self, column: "start_text"), end: try r.decode(String.self, column: "end_text"),
                running: try r.decode(Bool.self, column: "running"), carryOverHalfLifeDays: try number("carry_over_half_life_days"),
                observedContacts: try number("observed_contacts"), expectedContacts: try number("expected_contacts"),
                upliftContacts: try number("uplift_contacts"), upliftLow: try number("uplift_low"), upliftHigh: try number("uplift_high"),
                upliftPercent: try number("uplift_percent"), upliftPercentLow: try number("uplift_percent_low"),
                upliftPercentHigh: try number("uplift_percent_high"), costEur: try number("cost_eur"),
                costPerExtraContactEur: try number("cost_per_extra_contact_eur"),
                costPerExtraContactLowEur: try number("cost_per_extra_contact_low_eur"),
                costPerExtraContactHighEur: try number("cost_per_extra_contact_high_eur"),
                overlapsWith: try r.decode([String].self, column: "overlaps_with"), significant: try r.decode(Bool.self, column: "significant"),
                warnings: try r.decode([String].self, column: "warnings"),
                baselineExtrapolated: try r.decode(Bool.self, column: "baseline_extrapolated"),
                placeboCalibrationFactor: try number("placebo_calibration_factor"),
                sensitivityDisagrees: try r.decode(Bool.self, column: "sensitivity_disagrees"),
                answeredContacts: try number("answered_contacts"), baselineAnswerRate: try number("baseline_answer_rate"),
                extraAnsweredContacts: try number("extra_answered_contacts"), extraAnsweredLow: try number("extra_answered_low"),
                extraAnsweredHigh: try number("extra_answered_high"), extraUnansweredContacts: try number("extra_unanswered_contacts"),
                sensitivity: try r.decode(String?.self, column: "sensitivity_text").flatMap {
                    try? JSONDecoder().decode([SensitivityEstimate].self, from: Data($0.utf8))
                } ?? [],
                helplines: try r.decode([String].self, column: "campaign_helplines"),
                targetGroups: try r.decode([String].self, column: "campaign_target_groups"), mediaChannels: [], costItems: [], reach: [],
                notes: [], fitError: try r.decode(String?.self, column: "fit_error"), fittedAt: try r.decode(Date.self, column: "fitted_at"))
        }
        try await addDetails(to: &campaigns, on: c)

        // The model and checks of the fits covered.
        let keys = Array(Set(campaigns.map { "\($0.helpline)/\($0.channel)" }))
        let fits = try await c.query(
            """
            SELECT model_family, alpha, fourier_terms, placebo_runs, placebo_significant, backtest_mean_abs_percent_error,
                   backtest_campaigns, backtest_interval_coverage, backtest_weeks, backtest_noise_mean_abs_percent_error,
                   baseline_events, residual_autocorrelation[1], (diagnostics->>'varianceInflation28Days')::float8
              FROM rm.campaign_effect_fits
             WHERE helpline || '/' || channel = ANY(\(keys)::text[]) AND error IS NULL
            """)
        var families = Set<String>()
        var alphas = Set<Double>()
        var terms = Set<Int>()
        var events = Set<String>()
        var lag1: Double?
        var inflation: Double?
        var checks = Checks()
        var backtestWeight = 0.0
        var backtestSum = 0.0
        var coveredWeeks = 0.0
        var scoredWeeks = 0.0
        var noiseSum = 0.0
        var noiseWeight = 0.0
        for r in fits {
            if let f = try r.decode(String?.self, at: 0) { families.insert(f) }
            alphas.insert(try r.decode(Double?.self, at: 1).map { ($0 * 10_000).rounded() / 10_000 } ?? -1)
            if let k = try r.decode(Int?.self, at: 2) { terms.insert(k) }
            events.formUnion(try r.decode([String].self, at: 10))
            if let rho = try r.decode(Double?.self, at: 11) { lag1 = max(lag1 ?? rho, rho) }
            if let k = try r.decode(Double?.self, at: 12) { inflation = max(inflation ?? k, k) }
            if let runs = try r.decode(Int?.self, at: 3) { checks.placeboRuns = (checks.placeboRuns ?? 0) + runs }
            if let sig = try r.decode(Int?.self, at: 4) { checks.placeboSignificant = (checks.placeboSignificant ?? 0) + sig }
            if let mape = try r.decode(Double?.self, at: 5) {
                let w = Double(max(1, try r.decode(Int?.self, at: 6) ?? 1))
                backtestSum += mape * w
                backtestWeight += w
                if let noise = try r.decode(Double?.self, at: 9) {
                    noiseSum += noise * w
                    noiseWeight += w
                }
            }
            if let coverage = try r.decode(Double?.self, at: 7), let weeks = try r.decode(Int?.self, at: 8), weeks > 0 {
                coveredWeeks += coverage * Double(weeks)
                scoredWeeks += Double(weeks)
            }
        }
        if backtestWeight > 0 {
            checks.backtestMeanAbsPercentError = backtestSum / backtestWeight
            if noiseWeight > 0 { checks.backtestNoiseMeanAbsPercentError = noiseSum / noiseWeight }
        }
        if scoredWeeks > 0 { checks.backtestIntervalCoverage = coveredWeeks / scoredWeeks }
        if let runs = checks.placeboRuns, runs > 0 { checks.placeboFalsePositiveRate = Double(checks.placeboSignificant ?? 0) / Double(runs) }
        let model = Model(
            family: families.count == 1 ? families.first : nil, alpha: alphas.count == 1 ? alphas.first.flatMap { $0 < 0 ? nil : $0 } : nil,
            fourierTerms: terms.count == 1 ? terms.first : nil, baselineEvents: events.sorted(), residualAutocorrelationLag1: lag1,
            varianceInflation28Days: inflation)

        return CampaignReport(
            generatedAt: now, model: model, checks: checks, campaigns: campaigns, freshness: try await freshness(on: c),
            campaignsWithoutEffects: try await withoutEffects(filter, on: c))
    }

    /// Cost items, media channels, reach and notes of the campaigns in the report.
    static func addDetails(to campaigns: inout [Campaign], on c: PostgresConnection) async throws {
        let ids = Array(Set(campaigns.map(\.id)))
        guard !ids.isEmpty else { return }
        var costs: [String: [CostItem]] = [:]
        for r in try await c.query(
            "SELECT campaign_id, item, amount_cents, currency FROM rm.campaign_costs WHERE campaign_id = ANY(\(ids)::text[]) ORDER BY item, event_id")
        {
            costs[try r.decode(String.self, at: 0), default: []].append(
                CostItem(
                    item: try r.decode(String.self, at: 1), amountCents: try r.decode(Int.self, at: 2), currency: try r.decode(String.self, at: 3)))
        }
        var channels: [String: [String]] = [:]
        for r in try await c.query(
            """
            SELECT campaign_id, channel || coalesce(' (' || region || ')', '') FROM rm.campaign_channels
             WHERE campaign_id = ANY(\(ids)::text[]) ORDER BY channel, region
            """)
        {
            channels[try r.decode(String.self, at: 0), default: []].append(try r.decode(String.self, at: 1))
        }
        var reach: [String: [Reach]] = [:]
        for r in try await c.query(
            "SELECT campaign_id, metric, value, source FROM rm.campaign_reach WHERE campaign_id = ANY(\(ids)::text[]) ORDER BY metric, source")
        {
            reach[try r.decode(String.self, at: 0), default: []].append(
                Reach(metric: try r.decode(String.self, at: 1), value: try r.decode(Double.self, at: 2), source: try r.decode(String.self, at: 3)))
        }
        var notes: [String: [Note]] = [:]
        for r in try await c.query(
            "SELECT campaign_id, kind, text FROM rm.campaign_notes WHERE campaign_id = ANY(\(ids)::text[]) ORDER BY recorded_at, event_id")
        {
            notes[try r.decode(String.self, at: 0), default: []].append(
                Note(kind: try r.decode(String.self, at: 1), text: try r.decode(String.self, at: 2)))
        }
        for i in campaigns.indices {
            let id = campaigns[i].id
            campaigns[i].costItems = costs[id] ?? []
            campaigns[i].mediaChannels = channels[id] ?? []
            campaigns[i].reach = reach[id] ?? []
            campaigns[i].notes = notes[id] ?? []
        }
    }

    static func freshness(on c: PostgresConnection) async throws -> Freshness {
        let r = try await c.query(
            """
            SELECT s.checked_at, s.source IS DISTINCT FROM rm.campaign_effects_source(),
                   EXISTS (SELECT 1 FROM rm.projection_checkpoints p
                            WHERE split_part(p.projection, ':', 1) IN ('contact_counts', 'campaigns') AND p.projection NOT LIKE '%:rebuild'
                              AND EXISTS (SELECT 1 FROM es.events e
                                           WHERE (e.transaction_id, e.global_position) > (p.transaction_id, p.global_position)))
                   OR NOT EXISTS (SELECT 1 FROM rm.projection_checkpoints p WHERE split_part(p.projection, ':', 1) = 'contact_counts')
                      AND EXISTS (SELECT 1 FROM es.events)
              FROM (SELECT 1) one LEFT JOIN rm.campaign_effects_state s ON true
            """)[0]
        return Freshness(
            computedAt: try r.decode(Date?.self, at: 0), outdated: try r.decode(Bool.self, at: 1), projectionsBehind: try r.decode(Bool.self, at: 2))
    }

    /// Campaigns the filter asks about that have no effects rows, with the reason.
    static func withoutEffects(_ filter: Filter, on c: PostgresConnection) async throws -> [String: String] {
        let rows = try await c.query(
            """
            SELECT c.campaign_id, c.cancelled, c.window_start IS NULL
              FROM rm.campaigns c
             WHERE (\(filter.campaign)::text IS NULL OR c.campaign_id = \(filter.campaign))
               AND (\(filter.helpline)::text IS NULL OR \(filter.helpline) = ANY(c.helplines))
               AND NOT EXISTS (SELECT 1 FROM rm.campaign_effects e WHERE e.campaign_id = c.campaign_id
                                  AND (\(filter.helpline)::text IS NULL OR e.helpline = \(filter.helpline))
                                  AND (\(filter.channel)::text IS NULL OR e.channel = \(filter.channel)))
            """)
        var out: [String: String] = [:]
        for r in rows {
            let id = try r.decode(String.self, at: 0)
            if try r.decode(Bool.self, at: 1) {
                out[id] = "cancelled, so not evaluated"
            } else if try r.decode(Bool.self, at: 2) {
                out[id] = "has no start date yet, so not evaluated"
            } else if filter.channel != nil {
                out[id] = "no effects for channel \(filter.channel!) (the helpline has no contacts on it, or effects are not computed yet)"
            } else {
                out[id] = "effects not computed yet"
            }
        }
        if let id = filter.campaign, rows.isEmpty,
            try await c.query("SELECT 1 FROM rm.campaigns WHERE campaign_id = \(id)").isEmpty
        {
            out[id] = "no such campaign"
        }
        return out
    }
}
