-- The columns the database owns are not the service's to set (docs/EVENT_STORE.md, "Roles"): transaction_id orders
-- the catch-up read (a client-chosen value would sort the row below every reader's cursor, and no projection would
-- ever see it), global_position is the identity (OVERRIDING SYSTEM VALUE needs INSERT on it), recorded_at is when the
-- store received the event. helpline_service may insert the other columns only.
REVOKE INSERT ON es.events FROM helpline_service;
GRANT INSERT (stream_id, stream_position, event_id, event_type, schema_version, occurred_at, data, metadata) ON es.events
    TO helpline_service;
