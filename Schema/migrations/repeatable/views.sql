-- The analytics views: the one place they are defined (docs/READ_MODELS.md, "Views"). Not a numbered migration: the
-- migrator applies this file after the numbered ones whenever it changed or a numbered migration was applied (it keeps
-- the text in public.schema_repeatables), and a projection rebuild drops the views with analytics.drop_views() before
-- it switches tables and runs the stored text again afterwards. So it must run again and again on the current schema:
-- it drops every view it defines and creates them anew, in the caller's transaction.
CREATE OR REPLACE FUNCTION analytics.drop_views() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DROP VIEW IF EXISTS analytics.campaign_effects, analytics.campaign_baselines, analytics.monthly_contacts,
        analytics.campaign_overview, analytics.daily_contacts;
    DROP VIEW IF EXISTS analytics_public.monthly_contacts, analytics_public.campaign_effects;
END
$$;

SELECT analytics.drop_views();

-- Daily offered/answered/abandoned contacts per helpline and channel, all contact types together.
CREATE VIEW analytics.daily_contacts AS
SELECT helpline, channel, local_date,
       sum(received)::int AS contacts, sum(answered)::int AS answered, sum(abandoned)::int AS abandoned,
       sum(received) FILTER (WHERE contact_type = 'counselling')::int AS counselling_contacts
  FROM rm.daily_contact_counts
 GROUP BY helpline, channel, local_date;

-- Monthly contacts with month-over-month, year-over-year and per-day-rate changes. Channel 'all' sums
-- the channels. Percentages are NULL where the base is missing or zero.
CREATE VIEW analytics.monthly_contacts AS
WITH per_channel AS (
    SELECT helpline, channel, month AS month_start, received AS contacts, answered, abandoned
      FROM rm.monthly_contact_counts),
months AS (
    SELECT * FROM per_channel
    UNION ALL
    SELECT helpline, 'all', month_start, sum(contacts)::int, sum(answered)::int, sum(abandoned)::int
      FROM per_channel GROUP BY helpline, month_start),
zones AS (
    SELECT h.helpline, (now() AT TIME ZONE rm.helpline_time_zone(h.helpline))::date AS today
      FROM (SELECT DISTINCT helpline FROM months) h),
measured AS (
    SELECT m.*,
           (m.month_start + interval '1 month')::date - m.month_start AS days_in_month,
           z.today,
           -- The month before and the same month a year before, when they have a row (else NULL).
           first_value(m.contacts) OVER (history RANGE BETWEEN '1 month' PRECEDING AND '1 month' PRECEDING)
               AS previous_contacts,
           m.month_start - (m.month_start - interval '1 month')::date AS previous_days_in_month,
           first_value(m.contacts) OVER (history RANGE BETWEEN '1 year' PRECEDING AND '1 year' PRECEDING)
               AS last_year_contacts
      FROM months m JOIN zones z ON z.helpline = m.helpline
    WINDOW history AS (PARTITION BY m.helpline, m.channel ORDER BY m.month_start))
SELECT m.helpline,
       m.channel,
       to_char(m.month_start, 'YYYY-MM') AS month,
       m.month_start,
       m.contacts,
       m.answered,
       m.abandoned,
       (m.today >= m.month_start AND m.today < m.month_start + m.days_in_month) AS partial,
       CASE WHEN m.today >= m.month_start AND m.today < m.month_start + m.days_in_month
            THEN m.today - m.month_start + 1 ELSE m.days_in_month END AS days_counted,
       m.previous_contacts AS previous_month_contacts,
       CASE WHEN m.previous_contacts > 0 THEN round(100.0 * (m.contacts - m.previous_contacts) / m.previous_contacts, 1) END
           AS change_vs_previous_month_pct,
       m.last_year_contacts AS same_month_last_year_contacts,
       CASE WHEN m.last_year_contacts > 0 THEN round(100.0 * (m.contacts - m.last_year_contacts) / m.last_year_contacts, 1) END
           AS change_vs_same_month_last_year_pct,
       CASE WHEN m.previous_contacts > 0 THEN round(100.0 * (
                (m.contacts::numeric / CASE WHEN m.today >= m.month_start AND m.today < m.month_start + m.days_in_month
                                            THEN m.today - m.month_start + 1 ELSE m.days_in_month END)
                / (m.previous_contacts::numeric / m.previous_days_in_month) - 1), 1) END
           AS per_day_change_vs_previous_month_pct,
       ARRAY(SELECT c.campaign_id FROM rm.campaigns c
              WHERE m.helpline = ANY (c.helplines) AND NOT c.cancelled AND c.window_start IS NOT NULL
                AND c.window_start < m.month_start + m.days_in_month
                AND coalesce(c.window_end, m.today) >= m.month_start
              ORDER BY c.window_start, c.campaign_id) AS active_campaigns
  FROM measured m;

-- One row per campaign: dates, channels, target groups, costs and reach.
CREATE VIEW analytics.campaign_overview AS
SELECT c.campaign_id,
       c.name,
       c.owner,
       c.helplines,
       c.target_groups,
       c.planned_start,
       c.planned_end,
       c.started_at,
       c.stopped_at,
       c.window_start,
       c.window_end,
       CASE WHEN c.cancelled THEN 'cancelled'
            WHEN c.started_at IS NULL THEN 'planned'
            WHEN c.stopped_at IS NULL THEN 'running'
            ELSE 'stopped' END AS status,
       CASE WHEN c.window_start IS NOT NULL
            THEN coalesce(c.window_end, (now() AT TIME ZONE 'Europe/Brussels')::date) - c.window_start + 1 END AS duration_days,
       ARRAY(SELECT ch.channel || coalesce(' (' || ch.region || ')', '') FROM rm.campaign_channels ch
              WHERE ch.campaign_id = c.campaign_id ORDER BY ch.channel, ch.region) AS channels,
       (SELECT sum(amount_cents) FROM rm.campaign_costs k WHERE k.campaign_id = c.campaign_id AND k.currency = 'EUR') / 100.0
           AS total_cost_eur,
       coalesce((SELECT jsonb_agg(jsonb_build_object('item', k.item, 'amountCents', k.amount_cents, 'currency', k.currency)
                                  ORDER BY k.item, k.amount_cents)
                   FROM rm.campaign_costs k WHERE k.campaign_id = c.campaign_id), '[]') AS cost_items,
       coalesce((SELECT jsonb_agg(jsonb_build_object('metric', r.metric, 'value', r.value, 'source', r.source)
                                  ORDER BY r.metric, r.source)
                   FROM rm.campaign_reach r WHERE r.campaign_id = c.campaign_id), '[]') AS reach,
       (SELECT sum(r.value) FROM rm.campaign_reach r WHERE r.campaign_id = c.campaign_id AND r.metric = 'reach') AS total_reach
  FROM rm.campaigns c;

-- Each campaign's attributed effect per helpline × channel fit, rounded for reading (every report reads this view).
CREATE VIEW analytics.campaign_effects AS
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
  LEFT JOIN rm.campaign_effect_fits f ON f.helpline = e.helpline AND f.channel = e.channel;

-- The expected baseline per month of each campaign-effects fit, with its prediction interval, rounded for reading.
CREATE VIEW analytics.campaign_baselines AS
SELECT b.helpline,
   b.channel,
   to_char(b.month, 'YYYY-MM') AS month,
   b.month AS month_start,
   b.days,
   round(b.observed_contacts::numeric, 0) AS observed_contacts,
   round(b.expected_contacts::numeric, 1) AS expected_contacts,
   round(b.lower_contacts::numeric, 1) AS lower_contacts,
   round(b.upper_contacts::numeric, 1) AS upper_contacts
  FROM rm.campaign_effect_baselines b;

GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO helpline_analyst, helpline_service;

-- The public figures (docs/DISCLOSURE.md): what the engine released, nothing computed here. A withheld cell has no
-- count, only its label ('<10' below the threshold, 'x' withheld to protect one).
CREATE VIEW analytics_public.monthly_contacts AS
SELECT c.helpline, c.month, c.channel, c.contacts,
       CASE c.withheld WHEN 'primary' THEN '<' || r.threshold WHEN 'secondary' THEN 'x' END AS withheld_as,
       r.threshold, r.released_at
  FROM disclosure.monthly_cells c
  JOIN disclosure.monthly_releases r USING (helpline, month);

CREATE VIEW analytics_public.campaign_effects AS
SELECT e.campaign_id, c.name, e.helpline, e.channel, c.window_start, c.window_end,
       e.extra_contacts, e.extra_low, e.extra_high, e.uplift_percent, e.uplift_percent_low, e.uplift_percent_high,
       e.significant, e.baseline_extrapolated, e.sensitivity_disagrees,
       CASE e.withheld WHEN 'primary' THEN '<' || e.threshold WHEN 'secondary' THEN 'x' END AS withheld_as,
       e.threshold, e.released_at
  FROM disclosure.effect_releases e
  LEFT JOIN rm.campaigns c ON c.campaign_id = e.campaign_id;

GRANT SELECT ON ALL TABLES IN SCHEMA analytics_public TO helpline_public, helpline_analyst, helpline_service;
