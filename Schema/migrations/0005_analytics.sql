-- Views for people: psql, BI tools, reports (see docs/QUERIES.md). helpline_analyst may read these and
-- nothing else. The views are (re)created by analytics.create_views(), which a projection rebuild calls
-- after swapping in fresh read-model tables.
DO $$
BEGIN
    CREATE ROLE helpline_analyst NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

CREATE SCHEMA analytics;
REVOKE ALL ON SCHEMA rm FROM PUBLIC;
REVOKE ALL ON SCHEMA analytics FROM PUBLIC;
GRANT USAGE ON SCHEMA analytics TO helpline_analyst, helpline_service;

CREATE FUNCTION analytics.drop_views() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DROP VIEW IF EXISTS analytics.monthly_contacts, analytics.campaign_overview, analytics.daily_contacts;
END
$$;

CREATE FUNCTION analytics.create_views() RETURNS void LANGUAGE plpgsql AS $fn$
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

    GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO helpline_analyst, helpline_service;
END
$fn$;

SELECT analytics.create_views();
