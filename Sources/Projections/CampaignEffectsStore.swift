import Attribution
import Postgres

/// The outcome of one fit, ready to be written.
struct CampaignEffectsFitResult: Sendable {
    var input: CampaignEffectsFitInput
    /// nil when the fit failed or had no campaign to fit.
    var report: AttributionReport?
    var errorCode: String?
    var error: String?
    var seconds: Double
}

/// Writes fits to `rm.campaign_effect_fits` and `rm.campaign_effects`.
enum CampaignEffectsStore {
    /// Serialises writers across processes (the service and `refitNow` in a batch job).
    static let writeLockKey = "campaign_effects:write"

    /// The stored input fingerprint per fit key (`helpline/channel`).
    static func storedFingerprints(on c: PostgresConnection) async throws -> [String: String] {
        var out: [String: String] = [:]
        for r in try await c.query("SELECT helpline, channel, input_fingerprint FROM rm.campaign_effect_fits") {
            out["\(try r.decode(String.self, at: 0))/\(try r.decode(String.self, at: 1))"] = try r.decode(String.self, at: 2)
        }
        return out
    }

    /// Replaces one fit's rows in one transaction — only if the stored fit is still the one the refit started from
    /// (`expected`, nil for none): a fit written meanwhile by another refitter is newer than this one and stays.
    /// - Returns: whether the fit was written.
    static func replace(_ result: CampaignEffectsFitResult, expected: String?, on c: PostgresConnection) async throws -> Bool {
        let input = result.input
        return try await c.withTransaction { tx in
            try await tx.execute("SELECT pg_advisory_xact_lock(hashtext(\(writeLockKey)))")
            let current = try await tx.query(
                "SELECT input_fingerprint FROM rm.campaign_effect_fits WHERE helpline = \(input.helpline) AND channel = \(input.channel)"
            ).first?.decode(String.self, at: 0)
            guard current == expected else { return false }
            try await tx.execute("DELETE FROM rm.campaign_effects WHERE helpline = \(input.helpline) AND channel = \(input.channel)")
            try await tx.execute("DELETE FROM rm.campaign_effect_fits WHERE helpline = \(input.helpline) AND channel = \(input.channel)")
            try await tx.execute(
                "DELETE FROM rm.campaign_effect_baselines WHERE helpline = \(input.helpline) AND channel = \(input.channel)")
            try await insertBaselines(result.report?.baseline ?? [], input: input, on: tx)
            let model = result.report?.model
            let modelJSON = try model.map { m in
                try PostgresJSONB(
                    StoredModel(
                        columns: m.columns, coefficients: m.coefficients.map(finite), standardErrors: m.standardErrors.map(finite),
                        scale: finite(m.scale)))
            }
            let diagnostics = try model.map { try PostgresJSONB(StoredDiagnostics($0.diagnostics)) }
            let checks = result.report?.checks
            try await tx.execute(
                """
                INSERT INTO rm.campaign_effect_fits (
                    helpline, channel, input_fingerprint, data_start, data_end, days, campaigns, model_family, alpha, fourier_terms,
                    mean_daily_contacts, diagnostics, model, warnings, placebo_runs, placebo_significant,
                    backtest_mean_abs_percent_error, backtest_campaigns, fit_seconds, error_code, error, residual_autocorrelation,
                    placebo_false_positive_rate, backtest_interval_coverage, backtest_noise_mean_abs_percent_error, backtest_weeks,
                    baseline_events)
                VALUES (\(input.helpline), \(input.channel), \(input.fingerprint), \(input.series?.start.description)::date,
                        \(input.series?.end.description)::date, \(input.series?.count), \(input.windows.map(\.id))::text[],
                        \(model?.family.rawValue), \(model?.alpha.flatMap(finite)), \(model?.fourierTerms),
                        \(model.flatMap { finite($0.meanDailyContacts) }), \(diagnostics), \(modelJSON),
                        \(result.report?.warnings ?? [])::text[], \(checks?.placeboRuns), \(checks?.placeboSignificant),
                        \(checks?.backtestMeanAbsPercentError.flatMap(finite)), \(checks?.backtestCampaigns), \(result.seconds),
                        \(result.errorCode), \(result.error),
                        \(model.map { $0.diagnostics.residualAutocorrelation.map { finite($0) ?? 0 } })::float8[],
                        \(checks?.placeboFalsePositiveRate.flatMap(finite)), \(checks?.backtestIntervalCoverage.flatMap(finite)),
                        \(checks?.backtestNoiseMeanAbsPercentError.flatMap(finite)), \(checks?.backtestWeeks),
                        \(model?.baselineEvents ?? [])::text[])
                """)
            for (j, window) in input.windows.enumerated() {
                let campaign = input.campaigns[j]
                let extra = extraWarnings(campaign, input: input)
                guard let report = result.report, let effect = report.campaigns.first(where: { $0.id == window.id }) else {
                    let why = result.error.map { "not estimated: \($0)" } ?? "not estimated"
                    try await insertEmpty(
                        campaign, windowEnd: window.end, warnings: [why] + extra, input: input, costEur: window.costEur, on: tx)
                    continue
                }
                let demand = input.series.flatMap {
                    AnsweredDemand.estimate(effect: effect, seriesStart: $0.start, received: $0.counts, answered: input.answered)
                }
                let capacity = demand?.warning(for: effect).map { [$0] } ?? []
                try await insert(
                    effect, demand: demand, campaign: campaign, model: report.model, warnings: effect.warnings + capacity + extra, input: input,
                    on: tx)
            }
            for x in input.excluded {
                try await insertEmpty(
                    x.campaign, windowEnd: x.windowEnd, warnings: [x.reason] + extraWarnings(x.campaign, input: input), input: input,
                    costEur: x.campaign.costCents.map { Double($0) / 100 }, on: tx)
            }
            return true
        }
    }

    /// Removes fits (and their effects) whose helpline × channel no longer has a campaign.
    static func removeFits(notIn keys: Set<String>, on c: PostgresConnection) async throws -> Int {
        try await c.withTransaction { tx in
            try await tx.execute("SELECT pg_advisory_xact_lock(hashtext(\(writeLockKey)))")
            let all = Array(keys)
            try await tx.execute("DELETE FROM rm.campaign_effects WHERE NOT (helpline || '/' || channel = ANY(\(all)::text[]))")
            try await tx.execute(
                "DELETE FROM rm.campaign_effect_baselines WHERE NOT (helpline || '/' || channel = ANY(\(all)::text[]))")
            return try await tx.execute("DELETE FROM rm.campaign_effect_fits WHERE NOT (helpline || '/' || channel = ANY(\(all)::text[]))")
        }
    }

    /// Records the source the stored effects reflect — compare-and-set: only if the stored source is still
    /// `expected` (nil: none yet), the one the refit started from. Otherwise another refitter saved a newer one.
    /// - Returns: whether it was saved.
    static func saveSource(_ source: String, expected: String?, on c: PostgresConnection) async throws -> Bool {
        try await c.withTransaction { tx in
            try await tx.execute("SELECT pg_advisory_xact_lock(hashtext(\(writeLockKey)))")
            let current = try await tx.query("SELECT source FROM rm.campaign_effects_state").first?.decode(String.self, at: 0)
            guard current == expected else { return false }
            try await tx.execute(
                """
                INSERT INTO rm.campaign_effects_state (singleton, source, checked_at) VALUES (true, \(source), now())
                ON CONFLICT (singleton) DO UPDATE SET source = EXCLUDED.source, checked_at = EXCLUDED.checked_at
                """)
            return true
        }
    }

    /// Warnings the statistics library cannot know: running campaigns, missing or partial costs.
    static func extraWarnings(_ campaign: CampaignEffectsCampaign, input: CampaignEffectsFitInput) -> [String] {
        var out: [String] = []
        if campaign.windowEnd == nil, let series = input.series {
            out.append("the campaign is still running: counted up to the last day of data (\(series.end)); the figures will change")
        }
        if campaign.costCents == nil {
            out.append(
                campaign.otherCurrencies.isEmpty
                    ? "no cost recorded, so no cost per extra contact"
                    : "no cost in EUR recorded (only \(campaign.otherCurrencies.joined(separator: ", "))), so no cost per extra contact")
        } else {
            if !campaign.otherCurrencies.isEmpty {
                out.append("cost items in \(campaign.otherCurrencies.joined(separator: ", ")) are not included in the EUR cost")
            }
            let others = campaign.helplines.filter { $0 != input.helpline }
            if !others.isEmpty {
                out.append(
                    "the campaign also promoted \(others.joined(separator: ", ")); its whole cost is divided by the extra contacts of \(input.helpline) alone"
                )
            }
            if input.channel != CampaignEffectsInputs.allChannels {
                out.append("the whole cost is divided by the extra contacts on channel \(input.channel) alone; see channel all for the total")
            }
        }
        return out
    }

    static func insert(
        _ e: CampaignEffect, demand: AnsweredDemand?, campaign: CampaignEffectsCampaign, model: ModelSummary, warnings: [String],
        input: CampaignEffectsFitInput, on tx: PostgresConnection
    ) async throws {
        let diagnostics = try PostgresJSONB(StoredDiagnostics(model.diagnostics))
        let sensitivity = try PostgresJSONB(
            e.sensitivity.map {
                StoredSensitivity(
                    specification: $0.specification, upliftContacts: finite($0.upliftContacts), upliftLow: finite($0.upliftLow),
                    upliftHigh: finite($0.upliftHigh), error: $0.error)
            })
        try await tx.execute(
            """
            INSERT INTO rm.campaign_effects (
                campaign_id, helpline, channel, window_start, window_end, running, attribution_end, carry_over_lambda,
                carry_over_half_life_days, observed_contacts, expected_contacts, fitted_contacts, baseline_contacts, uplift_contacts,
                uplift_standard_error, uplift_low, uplift_high, uplift_percent, uplift_percent_low, uplift_percent_high, interval_method,
                cost_eur, cost_per_extra_contact_eur, cost_per_extra_contact_low_eur, cost_per_extra_contact_high_eur, overlaps_with,
                joint_effect_with, significant, warnings, model_family, alpha, fourier_terms, diagnostics, data_start, data_end,
                baseline_extrapolated, placebo_calibration_factor, sensitivity, sensitivity_disagrees, answered_contacts,
                baseline_answer_rate, extra_answered_contacts, extra_answered_low, extra_answered_high, extra_unanswered_contacts)
            VALUES (\(e.id), \(input.helpline), \(input.channel), \(e.start.description)::date, \(e.end.description)::date,
                    \(campaign.windowEnd == nil), \(e.attributionEnd.description)::date, \(finite(e.carryOverLambda)),
                    \(finite(e.carryOverHalfLifeDays)), \(finite(e.observedContacts)), \(finite(e.expectedContacts)),
                    \(finite(e.fittedContacts)), \(finite(e.baselineContacts)), \(finite(e.upliftContacts)),
                    \(finite(e.upliftStandardError)), \(finite(e.upliftLow)), \(finite(e.upliftHigh)), \(finite(e.upliftPercent)),
                    \(finite(e.upliftPercentLow)), \(finite(e.upliftPercentHigh)), \(e.intervalMethod), \(e.costEur),
                    \(e.costPerExtraContactEur.flatMap(finite)), \(e.costPerExtraContactLowEur.flatMap(finite)),
                    \(e.costPerExtraContactHighEur.flatMap(finite)), \(e.overlapsWith)::text[], \(e.jointEffectWith)::text[],
                    \(e.significant), \(warnings)::text[], \(model.family.rawValue), \(model.alpha.flatMap(finite)), \(model.fourierTerms),
                    \(diagnostics), \(model.dataStart.description)::date, \(model.dataEnd.description)::date,
                    \(e.baselineExtrapolated), \(finite(e.placeboCalibrationFactor)), \(sensitivity), \(e.sensitivityDisagrees),
                    \(demand.flatMap { finite($0.answeredContacts) }), \(demand.flatMap { finite($0.baselineAnswerRate) }),
                    \(demand.flatMap { finite($0.extraAnsweredContacts) }), \(demand.flatMap { finite($0.extraAnsweredLow) }),
                    \(demand.flatMap { finite($0.extraAnsweredHigh) }), \(demand.flatMap { finite($0.extraUnansweredContacts) }))
            """)
    }

    /// The fit's monthly expected baseline, in one statement. Months with a non-finite figure are left out.
    static func insertBaselines(_ months: [MonthlyBaseline], input: CampaignEffectsFitInput, on tx: PostgresConnection) async throws {
        let rows = months.filter { [$0.observedContacts, $0.expectedContacts, $0.lower, $0.upper].allSatisfy(\.isFinite) }
        guard !rows.isEmpty else { return }
        try await tx.execute(
            """
            INSERT INTO rm.campaign_effect_baselines (
                helpline, channel, month, days, observed_contacts, expected_contacts, lower_contacts, upper_contacts)
            SELECT \(input.helpline), \(input.channel), (m || '-01')::date, d, o, e, l, u
              FROM unnest(\(rows.map(\.month))::text[], \(rows.map(\.days))::int[], \(rows.map(\.observedContacts))::float8[],
                          \(rows.map(\.expectedContacts))::float8[], \(rows.map(\.lower))::float8[], \(rows.map(\.upper))::float8[])
                   AS t(m, d, o, e, l, u)
            """)
    }

    static func insertEmpty(
        _ campaign: CampaignEffectsCampaign, windowEnd: LocalDay, warnings: [String], input: CampaignEffectsFitInput, costEur: Double?,
        on tx: PostgresConnection
    ) async throws {
        try await tx.execute(
            """
            INSERT INTO rm.campaign_effects (campaign_id, helpline, channel, window_start, window_end, running, cost_eur, warnings,
                                             data_start, data_end)
            VALUES (\(campaign.id), \(input.helpline), \(input.channel), \(campaign.windowStart.description)::date,
                    \(windowEnd.description)::date, \(campaign.windowEnd == nil), \(costEur), \(warnings)::text[],
                    \(input.series?.start.description)::date, \(input.series?.end.description)::date)
            """)
    }

    /// A finite value, or nil (stored as NULL) for NaN and infinities.
    static func finite(_ v: Double) -> Double? { v.isFinite ? v : nil }

    struct StoredModel: Encodable {
        var columns: [String]
        var coefficients: [Double?]
        var standardErrors: [Double?]
        var scale: Double?
    }

    struct StoredSensitivity: Encodable {
        var specification: String
        var upliftContacts: Double?
        var upliftLow: Double?
        var upliftHigh: Double?
        var error: String?
    }

    struct StoredDiagnostics: Encodable {
        var deviance: Double?
        var pearsonChi2: Double?
        var dispersion: Double?
        var logLikelihood: Double?
        var iterations: Int
        var n: Int
        var p: Int
        var residualAutocorrelation: [Double?]
        var varianceInflation28Days: Double?

        init(_ d: ModelDiagnostics) {
            deviance = finite(d.deviance)
            pearsonChi2 = finite(d.pearsonChi2)
            dispersion = finite(d.dispersion)
            logLikelihood = finite(d.logLikelihood)
            iterations = d.iterations
            n = d.n
            p = d.p
            residualAutocorrelation = d.residualAutocorrelation.map(finite)
            varianceInflation28Days = finite(d.varianceInflation28Days)
        }
    }
}
