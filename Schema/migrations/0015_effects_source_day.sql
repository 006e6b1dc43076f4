-- The campaign effects' source also names, per helpline with a campaign, the last complete day in the helpline's time
-- zone. The fits read counts up to yesterday, so at local midnight their input changes although no event arrived and no
-- projection moved; with the day in the source the refitter notices. p_at exists for tests (the day after tomorrow).
DROP FUNCTION rm.campaign_effects_source();

CREATE FUNCTION rm.campaign_effects_source(p_at timestamptz DEFAULT now()) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce((
               SELECT string_agg(projection || '@' || transaction_id::text || '/' || global_position::text, ' ' ORDER BY projection)
                 FROM rm.projection_checkpoints
                WHERE split_part(projection, ':', 1) IN ('contact_counts', 'campaigns', 'baseline_events')
                  AND projection NOT LIKE '%:rebuild'), '')
        || ' through ' || coalesce((
               SELECT string_agg(h || '@' || ((p_at AT TIME ZONE rm.helpline_time_zone(h))::date - 1)::text, ' ' ORDER BY h)
                 FROM (SELECT DISTINCT unnest(helplines) AS h FROM rm.campaigns) helplines), '')
$$;

GRANT EXECUTE ON FUNCTION rm.campaign_effects_source(timestamptz) TO helpline_service;
