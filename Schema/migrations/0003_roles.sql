-- Roles. helpline_service is what the running service needs: append and read events, nothing more on
-- es.events. Grant it to the login role the service uses (see docs/SECURITY.md).
-- Roles are cluster-wide, so creating one that exists is not an error.
DO $$
BEGIN
    CREATE ROLE helpline_service NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

REVOKE ALL ON SCHEMA es FROM PUBLIC;
REVOKE ALL ON es.events FROM PUBLIC;
GRANT USAGE ON SCHEMA es TO helpline_service;
GRANT SELECT, INSERT ON es.events TO helpline_service;
