-- Demand and capacity (docs/STATISTICS.md §3, "Offered and answered"): per campaign effect, the answered contacts over
-- its days, the line's answer rate in the eight weeks before it, the extra contacts answered (with a 95% interval)
-- and the extra demand left unanswered. analytics.campaign_effects gains them as new columns at the end (its 0010
-- definition is repeated with them appended: CREATE OR REPLACE VIEW may only add columns after the existing ones).
ALTER TABLE rm.campaign_effects
    ADD COLUMN answered_contacts          float8,
    ADD COLUMN baseline_answer_rate       float8,
    ADD COLUMN extra_answered_contacts    float8,
    ADD COLUMN extra_answered_low         float8,
    ADD COLUMN extra_answered_high        float8,
    ADD COLUMN extra_unanswered_contacts  float8;

ALTER FUNCTION analytics.create_views() RENAME TO create_views_0010;

CREATE FUNCTION analytics.create_views() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM analytics.create_views_0010();
    EXECUTE $v$
    CREATE OR REPLACE VIEW analytics.campaign_effects AS
    SELECT e.campaign_id,
           c.name,
           e.helpline,
           e.channel,
           e.window_start,
           e.window_end,
           e.running,
           e.attribution_end,
           round(e.carry_over_half_life_days::numeric, 1) AS carry_over_half_life_days,
           round(e.observed_contacts::numeric, 0) AS observed_contacts,
           round(e.expected_contacts::numeric, 1) AS expected_contacts,
           round(e.uplift_contacts::numeric, 1) AS uplift_contacts,
           round(e.uplift_low::numeric, 1) AS uplift_low,
           round(e.uplift_high::numeric, 1) AS uplift_high,
           round(e.uplift_percent::numeric, 1) AS uplift_percent,
           round(e.cost_eur::numeric, 2) AS cost_eur,
           round(e.cost_per_extra_contact_eur::numeric, 1) AS cost_per_extra_contact_eur,
           round(e.cost_per_extra_contact_low_eur::numeric, 1) AS cost_per_extra_contact_low_eur,
           round(e.cost_per_extra_contact_high_eur::numeric, 1) AS cost_per_extra_contact_high_eur,
           e.overlaps_with,
           e.significant,
           e.warnings,
           e.model_family,
           e.alpha,
           e.fourier_terms,
           e.data_start,
           e.data_end,
           e.fitted_at,
           f.placebo_runs,
           f.placebo_significant,
           round(f.backtest_mean_abs_percent_error::numeric, 1) AS backtest_mean_abs_percent_error,
           f.error AS fit_error,
           round(e.uplift_percent_low::numeric, 1) AS uplift_percent_low,
           round(e.uplift_percent_high::numeric, 1) AS uplift_percent_high,
           e.baseline_extrapolated,
           round(e.placebo_calibration_factor::numeric, 2) AS placebo_calibration_factor,
           e.sensitivity,
           e.sensitivity_disagrees,
           f.residual_autocorrelation,
           round(f.placebo_false_positive_rate::numeric, 3) AS placebo_false_positive_rate,
           round(f.backtest_interval_coverage::numeric, 3) AS backtest_interval_coverage,
           round(f.backtest_noise_mean_abs_percent_error::numeric, 1) AS backtest_noise_mean_abs_percent_error,
           f.backtest_weeks,
           round(e.answered_contacts::numeric, 0) AS answered_contacts,
           round(e.baseline_answer_rate::numeric, 3) AS baseline_answer_rate,
           round(e.extra_answered_contacts::numeric, 1) AS extra_answered_contacts,
           round(e.extra_answered_low::numeric, 1) AS extra_answered_low,
           round(e.extra_answered_high::numeric, 1) AS extra_answered_high,
           round(e.extra_unanswered_contacts::numeric, 1) AS extra_unanswered_contacts
      FROM rm.campaign_effects e
      LEFT JOIN rm.campaigns c ON c.campaign_id = e.campaign_id
      LEFT JOIN rm.campaign_effect_fits f ON f.helpline = e.helpline AND f.channel = e.channel
    $v$;
END;
$fn$;

SELECT analytics.drop_views();
SELECT analytics.create_views();
