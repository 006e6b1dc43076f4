-- Disclosure control (docs/DISCLOSURE.md). What the public sees is decided once per month (and per campaign effect)
-- by the Swift module Disclosure and stored here; every public output reads these rows, never the read models.
-- Releases are append-only: a decision is never reversed by later data. Thresholds and the embargo are settings, shared
-- by every process that releases (serve, the CLI); a change applies to what is not yet released.
CREATE SCHEMA disclosure;
REVOKE ALL ON SCHEMA disclosure FROM PUBLIC;

CREATE TABLE disclosure.thresholds (
    helpline   text PRIMARY KEY,
    threshold  integer NOT NULL CHECK (threshold BETWEEN 3 AND 1000),
    set_at     timestamptz NOT NULL DEFAULT now()
);

-- One row: days after a month's (or a campaign's carry-over's) end before it is released.
CREATE TABLE disclosure.embargo (
    one      boolean PRIMARY KEY DEFAULT true CHECK (one),
    days     integer NOT NULL CHECK (days BETWEEN 0 AND 366),
    set_at   timestamptz NOT NULL DEFAULT now()
);
INSERT INTO disclosure.embargo (days) VALUES (7);

CREATE TABLE disclosure.monthly_releases (
    helpline     text NOT NULL,
    month        text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    threshold    integer NOT NULL,
    released_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (helpline, month)
);

-- One row per channel and one for the total ('all'): the count, or why it is withheld.
CREATE TABLE disclosure.monthly_cells (
    helpline  text NOT NULL,
    month     text NOT NULL,
    channel   text NOT NULL,
    contacts  integer,
    withheld  text CHECK (withheld IN ('primary', 'secondary')),
    PRIMARY KEY (helpline, month, channel),
    FOREIGN KEY (helpline, month) REFERENCES disclosure.monthly_releases,
    CHECK ((contacts IS NULL) <> (withheld IS NULL))
);

-- A campaign's effect per helpline and channel (and 'all'), rounded, or why it is withheld.
CREATE TABLE disclosure.effect_releases (
    campaign_id           text NOT NULL,
    helpline              text NOT NULL,
    channel               text NOT NULL,
    threshold             integer NOT NULL,
    withheld              text CHECK (withheld IN ('primary', 'secondary')),
    extra_contacts        integer,
    extra_low             integer,
    extra_high            integer,
    uplift_percent        integer,
    uplift_percent_low    integer,
    uplift_percent_high   integer,
    significant           boolean,
    baseline_extrapolated boolean,
    sensitivity_disagrees boolean,
    released_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, helpline, channel),
    CHECK ((withheld IS NULL) = (extra_contacts IS NOT NULL AND extra_low IS NOT NULL AND extra_high IS NOT NULL))
);

CREATE FUNCTION disclosure.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'disclosure releases are final: % on % is not allowed', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'HS002', HINT = 'A published figure stays as it was released (docs/DISCLOSURE.md).';
END
$$;

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['monthly_releases', 'monthly_cells', 'effect_releases'] LOOP
        -- Per statement, so that even a statement that matches no row is refused.
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE OR TRUNCATE ON disclosure.%I FOR EACH STATEMENT '
                       'EXECUTE FUNCTION disclosure.refuse_change()', t || '_final', t);
    END LOOP;
END
$$;

GRANT USAGE ON SCHEMA disclosure TO helpline_service;
GRANT SELECT, INSERT ON disclosure.monthly_releases, disclosure.monthly_cells, disclosure.effect_releases TO helpline_service;
GRANT SELECT, INSERT, UPDATE, DELETE ON disclosure.thresholds TO helpline_service;
GRANT SELECT, UPDATE ON disclosure.embargo TO helpline_service;

-- The public views (repeatable/views.sql) and the one role that reads them and nothing else.
DO $$
BEGIN
    CREATE ROLE helpline_public NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
CREATE SCHEMA analytics_public;
REVOKE ALL ON SCHEMA analytics_public FROM PUBLIC;
GRANT USAGE ON SCHEMA analytics_public TO helpline_public, helpline_analyst, helpline_service;

-- A token scope for public use: the reports and the dashboard with disclosure control, nothing else.
ALTER TABLE auth.api_tokens DROP CONSTRAINT api_tokens_scopes_check;
ALTER TABLE auth.api_tokens ADD CONSTRAINT api_tokens_scopes_check
    CHECK (scopes <@ ARRAY['ingest', 'read', 'admin', 'public'] AND cardinality(scopes) > 0);
