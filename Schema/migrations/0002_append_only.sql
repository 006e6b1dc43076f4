-- es.events is append-only by construction: the database itself refuses UPDATE, DELETE and TRUNCATE,
-- for every role including the table's owner. Corrections are new events.
CREATE FUNCTION es.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'es.events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'HS001',
              HINT = 'Record a correcting event (ContactVoided, ContactReclassified, CampaignCorrected) instead.';
END
$$;

CREATE TRIGGER events_refuse_update_delete
    BEFORE UPDATE OR DELETE ON es.events
    FOR EACH ROW EXECUTE FUNCTION es.refuse_change();

CREATE TRIGGER events_refuse_truncate
    BEFORE TRUNCATE ON es.events
    FOR EACH STATEMENT EXECUTE FUNCTION es.refuse_change();
