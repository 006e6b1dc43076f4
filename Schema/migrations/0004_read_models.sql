-- Read models, written only by the projection workers (see docs/READ_MODELS.md).
CREATE SCHEMA rm;

-- Where each projection has got to in the event store, updated in the same transaction as its tables.
CREATE TABLE rm.projection_checkpoints (
    projection      text        PRIMARY KEY,
    transaction_id  xid8        NOT NULL DEFAULT '0',
    global_position bigint      NOT NULL DEFAULT 0,
    events_applied  bigint      NOT NULL DEFAULT 0,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    status          text        NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'failed')),
    last_error      text,
    error_event_id  uuid,
    error_at        timestamptz
);

-- Per-helpline settings. Days and months are counted in the helpline's time zone.
CREATE TABLE rm.helpline_settings (
    helpline  text PRIMARY KEY,
    -- An unknown zone name fails the check with "time zone … not recognized".
    time_zone text NOT NULL DEFAULT 'Europe/Brussels'
        CHECK (('2000-01-01 00:00:00+00'::timestamptz AT TIME ZONE time_zone) IS NOT NULL)
);

-- SECURITY DEFINER: the analytics views call it on behalf of roles that cannot read rm.
CREATE FUNCTION rm.helpline_time_zone(p_helpline text) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce((SELECT time_zone FROM rm.helpline_settings WHERE helpline = p_helpline), 'Europe/Brussels')
$$;

-- One row per contact: its latest state.
CREATE TABLE rm.contact_facts (
    helpline          text    NOT NULL,
    contact_id        text    NOT NULL,
    channel           text,
    received_at       timestamptz,
    local_date        date,
    answered          boolean NOT NULL DEFAULT false,
    abandoned         boolean NOT NULL DEFAULT false,
    abandon_stage     text,
    wait_seconds      int,
    duration_seconds  int,
    contact_type      text,
    contactor_role    text,
    age_band          text,
    heard_via         text,
    reason_categories text[]  NOT NULL DEFAULT '{}',
    voided            boolean NOT NULL DEFAULT false,
    void_reason       text,
    last_position     bigint  NOT NULL,
    PRIMARY KEY (helpline, contact_id)
);

-- Offered (received), answered and abandoned contacts per helpline, channel, local day and contact type.
-- A contact counts once it has been received and as long as it is not voided.
CREATE TABLE rm.daily_contact_counts (
    helpline     text NOT NULL,
    channel      text NOT NULL,
    local_date   date NOT NULL,
    contact_type text NOT NULL,
    received     int  NOT NULL DEFAULT 0,
    answered     int  NOT NULL DEFAULT 0,
    abandoned    int  NOT NULL DEFAULT 0,
    PRIMARY KEY (helpline, channel, local_date, contact_type)
);

CREATE TABLE rm.campaigns (
    campaign_id   text PRIMARY KEY,
    name          text NOT NULL,
    owner         text,
    helplines     text[] NOT NULL DEFAULT '{}',
    target_groups text[] NOT NULL DEFAULT '{}',
    planned_start date,
    planned_end   date,
    started_at    timestamptz,
    stopped_at    timestamptz,
    cancelled     boolean NOT NULL DEFAULT false,
    cancel_reason text,
    -- The days the campaign ran (or is planned to run) in its first helpline's time zone; end NULL = running.
    window_start  date,
    window_end    date
);

CREATE TABLE rm.campaign_channels (
    event_id    uuid PRIMARY KEY,
    campaign_id text NOT NULL,
    channel     text NOT NULL,
    region      text
);

CREATE TABLE rm.campaign_costs (
    event_id     uuid PRIMARY KEY,
    campaign_id  text   NOT NULL,
    item         text   NOT NULL,
    amount_cents bigint NOT NULL,
    currency     text   NOT NULL
);

CREATE TABLE rm.campaign_reach (
    event_id    uuid PRIMARY KEY,
    campaign_id text   NOT NULL,
    metric      text   NOT NULL,
    value       double precision NOT NULL,
    source      text   NOT NULL
);

CREATE TABLE rm.campaign_notes (
    event_id    uuid PRIMARY KEY,
    campaign_id text NOT NULL,
    kind        text NOT NULL,
    text        text NOT NULL,
    recorded_at timestamptz NOT NULL
);

CREATE INDEX campaign_channels_campaign_idx ON rm.campaign_channels (campaign_id);
CREATE INDEX campaign_costs_campaign_idx ON rm.campaign_costs (campaign_id);
CREATE INDEX campaign_reach_campaign_idx ON rm.campaign_reach (campaign_id);
CREATE INDEX campaign_notes_campaign_idx ON rm.campaign_notes (campaign_id);

-- The service runs the projections: it owns the read models' rows (not their definitions).
CREATE FUNCTION rm.grant_service() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    GRANT USAGE ON SCHEMA rm TO helpline_service;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA rm TO helpline_service;
END
$$;
SELECT rm.grant_service();
