-- Monthly contact counts kept by the contact_counts projection beside the daily ones, so that
-- analytics.monthly_contacts reads one row per helpline, channel and month instead of aggregating every day
-- of the history at each query (docs/PERFORMANCE.md, "report"; docs/READ_MODELS.md).
CREATE TABLE rm.monthly_contact_counts (
    helpline   text NOT NULL,
    channel    text NOT NULL,
    -- First day of the month, in the helpline's time zone (the months of rm.daily_contact_counts' local days).
    month      date NOT NULL CHECK (extract(day FROM month) = 1),
    received   int  NOT NULL,
    answered   int  NOT NULL,
    abandoned  int  NOT NULL,
    PRIMARY KEY (helpline, channel, month)
);

-- The months of what the projection has applied so far. The projection workers are stopped while migrating
-- (README, "Operations": upgrades); a worker of the previous version would keep only the daily counts.
INSERT INTO rm.monthly_contact_counts (helpline, channel, month, received, answered, abandoned)
SELECT helpline, channel, date_trunc('month', local_date)::date, sum(received), sum(answered), sum(abandoned)
  FROM rm.daily_contact_counts
 GROUP BY helpline, channel, date_trunc('month', local_date)
HAVING sum(received) <> 0 OR sum(answered) <> 0 OR sum(abandoned) <> 0;

SELECT rm.grant_service();

-- analytics.monthly_contacts now reads the monthly table, looks up each helpline's time zone once (not once per
-- row), and reads the previous month and the same month a year before with window frames (the year-over-year
-- self-join was a merge join that discarded ~100 row pairs per row). Its columns are unchanged, so the function
-- that creates the views (0006, also run by every projection rebuild) is kept and this view replaced after it.
ALTER FUNCTION analytics.create_views() RENAME TO create_views_0006;

CREATE FUNCTION analytics.create_views() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
    PERFORM analytics.create_views_0006();

    -- Monthly contacts with month-over-month, year-over-year and per-day-rate changes. Channel 'all' sums
    -- the channels. Percentages are NULL where the base is missing or zero.
    EXECUTE $v$
    CREATE OR REPLACE VIEW analytics.monthly_contacts AS
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
      FROM measured m
    $v$;
END
$fn$;

SELECT analytics.drop_views();
SELECT analytics.create_views();
