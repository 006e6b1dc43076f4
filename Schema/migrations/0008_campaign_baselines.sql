-- The expected baseline per month: what each campaign-effects fit (helpline × channel) expects without any
-- campaign, summed per calendar month, with a prediction interval (docs/STATISTICS.md, "Expected baseline").
-- Written by the campaign-effects refitter together with rm.campaign_effects; drawn as the band on the dashboard.
CREATE TABLE rm.campaign_effect_baselines (
    helpline           text             NOT NULL,
    channel            text             NOT NULL,
    -- First day of the month.
    month              date             NOT NULL CHECK (extract(day FROM month) = 1),
    -- Days of the month inside the fitted data (fewer in the first and last month of the data).
    days               int              NOT NULL CHECK (days BETWEEN 1 AND 31),
    observed_contacts  double precision NOT NULL,
    expected_contacts  double precision NOT NULL,
    lower_contacts     double precision NOT NULL,
    upper_contacts     double precision NOT NULL,
    PRIMARY KEY (helpline, channel, month),
    CHECK (lower_contacts <= expected_contacts AND expected_contacts <= upper_contacts)
);

SELECT rm.grant_service();

-- Not rebuilt by projection rebuilds, so the view is created once here rather than by analytics.create_views().
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

GRANT SELECT ON analytics.campaign_baselines TO helpline_analyst, helpline_service;
