-- The append-only event store. See docs/EVENT_STORE.md.
CREATE SCHEMA es;

CREATE TABLE es.events (
    global_position bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Set by the database, never by a client: the catch-up read orders by (transaction_id, global_position).
    transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
    stream_id       text        NOT NULL CHECK (length(stream_id) BETWEEN 1 AND 200),
    stream_position int         NOT NULL CHECK (stream_position >= 1),
    event_id        uuid        NOT NULL,
    event_type      text        NOT NULL CHECK (length(event_type) BETWEEN 1 AND 100),
    schema_version  smallint    NOT NULL DEFAULT 1,
    occurred_at     timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    data            jsonb       NOT NULL,
    metadata        jsonb       NOT NULL DEFAULT '{}',
    CONSTRAINT events_event_id_key UNIQUE (event_id),
    CONSTRAINT events_stream_position_key UNIQUE (stream_id, stream_position)
);

CREATE INDEX events_catchup_idx ON es.events (transaction_id, global_position);
CREATE INDEX events_type_idx ON es.events (event_type, global_position);
