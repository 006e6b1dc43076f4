-- Campaign effects: the results of the campaign-attribution model (docs/STATISTICS.md), refitted by the
-- campaign-effects refitter when daily counts or campaigns change (docs/CAMPAIGN_EFFECTS.md). Not an event
-- projection: derived from rm.daily_contact_counts and the campaign read models, never from es.events directly.

-- One model fit per helpline and contact channel ('all' = the channels together).
CREATE TABLE rm.campaign_effect_fits (
    helpline              text        NOT NULL,
    channel               text        NOT NULL,
    fitted_at             timestamptz NOT NULL DEFAULT now(),
    -- Hash of the fit's inputs (series, campaign windows and costs, options, refitter version): unchanged = no refit.
    input_fingerprint     text        NOT NULL,
    -- The daily series fitted: first and last day with data, number of days.
    data_start            date,
    data_end              date,
    days                  int,
    campaigns             text[]      NOT NULL DEFAULT '{}',
    model_family          text,
    alpha                 double precision,
    fourier_terms         int,
    mean_daily_contacts   double precision,
    -- Deviance, Pearson χ², dispersion, log-likelihood, iterations, n, p.
    diagnostics           jsonb,
    -- Columns, coefficients and standard errors of the final model, and the scale.
    model                 jsonb,
    -- Warnings about the whole model (data sufficiency, …).
    warnings              text[]      NOT NULL DEFAULT '{}',
    placebo_runs          int,
    placebo_significant   int,
    backtest_mean_abs_percent_error double precision,
    backtest_campaigns    int,
    fit_seconds           double precision,
    -- Set when the model could not be fitted (too little data, identical campaign windows, …).
    error_code            text,
    error                 text,
    PRIMARY KEY (helpline, channel)
);

-- One row per campaign × helpline × channel of a fit. Figures are NULL where not estimable (the fit failed, or
-- the campaign has no day in the data); `warnings` says why.
CREATE TABLE rm.campaign_effects (
    campaign_id                     text        NOT NULL,
    helpline                        text        NOT NULL,
    channel                         text        NOT NULL,
    -- The days evaluated: the campaign's window, a running campaign ending at the last day of data.
    window_start                    date        NOT NULL,
    window_end                      date        NOT NULL,
    running                         boolean     NOT NULL DEFAULT false,
    -- Last day counted: the window plus the carry-over tail, within the data.
    attribution_end                 date,
    carry_over_lambda               double precision,
    carry_over_half_life_days       double precision,
    observed_contacts               double precision,
    expected_contacts               double precision,
    fitted_contacts                 double precision,
    baseline_contacts               double precision,
    uplift_contacts                 double precision,
    uplift_standard_error           double precision,
    uplift_low                      double precision,
    uplift_high                     double precision,
    uplift_percent                  double precision,
    uplift_percent_low              double precision,
    uplift_percent_high             double precision,
    interval_method                 text,
    cost_eur                        double precision,
    cost_per_extra_contact_eur      double precision,
    cost_per_extra_contact_low_eur  double precision,
    cost_per_extra_contact_high_eur double precision,
    overlaps_with                   text[]      NOT NULL DEFAULT '{}',
    joint_effect_with               text[]      NOT NULL DEFAULT '{}',
    significant                     boolean     NOT NULL DEFAULT false,
    warnings                        text[]      NOT NULL DEFAULT '{}',
    -- The model used (repeated from the fit for readers of this table alone).
    model_family                    text,
    alpha                           double precision,
    fourier_terms                   int,
    diagnostics                     jsonb,
    data_start                      date,
    data_end                        date,
    fitted_at                       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, helpline, channel)
);

CREATE INDEX campaign_effects_fit_idx ON rm.campaign_effects (helpline, channel);

-- What the effects were computed from: the positions of the projections they read. A report compares it with
-- rm.campaign_effects_source() to tell whether the effects are up to date.
CREATE TABLE rm.campaign_effects_state (
    singleton  boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    source     text        NOT NULL,
    checked_at timestamptz NOT NULL DEFAULT now()
);

-- The live positions of the projections the effects read (contact counts and campaigns), as one string.
CREATE FUNCTION rm.campaign_effects_source() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(string_agg(projection || '@' || transaction_id::text || '/' || global_position::text, ' ' ORDER BY projection), '')
      FROM rm.projection_checkpoints
     WHERE split_part(projection, ':', 1) IN ('contact_counts', 'campaigns') AND projection NOT LIKE '%:rebuild'
$$;

SELECT rm.grant_service();
GRANT EXECUTE ON FUNCTION rm.campaign_effects_source() TO helpline_service;

-- The analytics views, now with analytics.campaign_effects. The three views of 0005 are repeated verbatim.
CREATE OR REPLACE FUNCTION analytics.drop_views() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DROP VIEW IF EXISTS analytics.campaign_effects, analytics.monthly_contacts, analytics.campaign_overview, analytics.daily_contacts;
END
$$;

CREATE OR REPLACE FUNCTION analytics.create_views() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    -- Daily offered/answered/abandoned contacts per helpline and channel, all contact types together.
    EXECUTE $v$
    CREATE VIEW analytics.daily_contacts AS
    SELECT helpline, channel, local_date,
           sum(received)::int AS contacts, sum(answered)::int AS answered, sum(abandoned)::int AS abandoned,
           sum(received) FILTER (WHERE contact_type = 'counselling')::int AS counselling_contacts
      FROM rm.daily_contact_counts
     GROUP BY helpline, channel, local_date
    $v$;

    -- Monthly contacts with month-over-month, year-over-year and per-day-rate changes. Channel 'all' sums
    -- the channels. Percentages are NULL where the base is missing or zero.
    EXECUTE $v$
    CREATE VIEW analytics.monthly_contacts AS
    WITH per_channel AS (
        SELECT helpline, channel, date_trunc('month', local_date)::date AS month_start,
               sum(received)::int AS contacts, sum(answered)::int AS answered, sum(abandoned)::int AS abandoned
          FROM rm.daily_contact_counts
         GROUP BY helpline, channel, date_trunc('month', local_date)),
    months AS (
        SELECT * FROM per_channel
        UNION ALL
        SELECT helpline, 'all', month_start, sum(contacts)::int, sum(answered)::int, sum(abandoned)::int
          FROM per_channel GROUP BY helpline, month_start),
    measured AS (
        SELECT m.*,
               (m.month_start + interval '1 month')::date - m.month_start AS days_in_month,
               (now() AT TIME ZONE rm.helpline_time_zone(m.helpline))::date AS today
          FROM months m)
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
           p.contacts AS previous_month_contacts,
           CASE WHEN p.contacts > 0 THEN round(100.0 * (m.contacts - p.contacts) / p.contacts, 1) END
               AS change_vs_previous_month_pct,
           y.contacts AS same_month_last_year_contacts,
           CASE WHEN y.contacts > 0 THEN round(100.0 * (m.contacts - y.contacts) / y.contacts, 1) END
               AS change_vs_same_month_last_year_pct,
           CASE WHEN p.contacts > 0 THEN round(100.0 * (
                    (m.contacts::numeric / CASE WHEN m.today >= m.month_start AND m.today < m.month_start + m.days_in_month
                                                THEN m.today - m.month_start + 1 ELSE m.days_in_month END)
                    / (p.contacts::numeric / p.days_in_month) - 1), 1) END
               AS per_day_change_vs_previous_month_pct,
           ARRAY(SELECT c.campaign_id FROM rm.campaigns c
                  WHERE m.helpline = ANY (c.helplines) AND NOT c.cancelled AND c.window_start IS NOT NULL
                    AND c.window_start < m.month_start + m.days_in_month
                    AND coalesce(c.window_end, m.today) >= m.month_start
                  ORDER BY c.window_start, c.campaign_id) AS active_campaigns
      FROM measured m
      LEFT JOIN measured p ON p.helpline = m.helpline AND p.channel = m.channel
                          AND p.month_start = (m.month_start - interval '1 month')::date
      LEFT JOIN measured y ON y.helpline = m.helpline AND y.channel = m.channel
                          AND y.month_start = (m.month_start - interval '1 year')::date
    $v$;

    -- One row per campaign: dates, channels, target groups, costs and reach.
    EXECUTE $v$
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
      FROM rm.campaigns c
    $v$;

    -- One row per campaign × helpline × channel ('all' = channels together): the estimated extra contacts with
    -- their 95% interval, cost per extra contact (NULL when not estimable; see warnings) and the fit's checks.
    EXECUTE $v$
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
           f.error AS fit_error
      FROM rm.campaign_effects e
      LEFT JOIN rm.campaigns c ON c.campaign_id = e.campaign_id
      LEFT JOIN rm.campaign_effect_fits f ON f.helpline = e.helpline AND f.channel = e.channel
    $v$;

    GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO helpline_analyst, helpline_service;
END
$fn$;

SELECT analytics.drop_views();
SELECT analytics.create_views();
