-- Known non-campaign events (BaselineEventRecorded / BaselineEventWithdrawn, docs/EVENTS.md): a lockdown, a media
-- story, a strike, an outage. Kept by the baseline_events projection; the campaign-effects refitter gives the
-- ones that are not withdrawn to the model as regressors (docs/STATISTICS.md §2), so its source now includes them.
CREATE TABLE rm.baseline_events (
    baseline_event_id text PRIMARY KEY,
    kind              text NOT NULL CHECK (kind IN ('level_shift', 'pulse', 'closure')),
    start_date        date NOT NULL,
    -- NULL: a level shift that still lasts, or a one-day pulse or closure.
    end_date          date CHECK (end_date >= start_date),
    helplines         text[] NOT NULL,
    -- Empty: every channel.
    channels          text[] NOT NULL DEFAULT '{}',
    label             text NOT NULL,
    withdrawn         boolean NOT NULL DEFAULT false,
    -- The event that set the current row, and when it was recorded.
    event_id          uuid NOT NULL,
    recorded_at       timestamptz NOT NULL
);

SELECT rm.grant_service();

CREATE OR REPLACE FUNCTION rm.campaign_effects_source() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(string_agg(projection || '@' || transaction_id::text || '/' || global_position::text, ' ' ORDER BY projection), '')
      FROM rm.projection_checkpoints
     WHERE split_part(projection, ':', 1) IN ('contact_counts', 'campaigns', 'baseline_events') AND projection NOT LIKE '%:rebuild'
$$;

-- The baseline events each fit took, for the campaign report's model summary.
ALTER TABLE rm.campaign_effect_fits ADD COLUMN baseline_events text[] NOT NULL DEFAULT '{}';
