-- Bearer tokens of the HTTP API. Only the SHA-256 of a token is stored; the token itself is shown once, when
-- it is created (see docs/SECURITY.md).
CREATE SCHEMA auth;

CREATE TABLE auth.api_tokens (
    token_id    uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    scopes      text[]      NOT NULL CHECK (scopes <@ ARRAY['ingest', 'read', 'admin'] AND cardinality(scopes) > 0),
    token_hash  bytea       NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

REVOKE ALL ON SCHEMA auth FROM PUBLIC;
GRANT USAGE ON SCHEMA auth TO helpline_service;
GRANT SELECT ON auth.api_tokens TO helpline_service;
