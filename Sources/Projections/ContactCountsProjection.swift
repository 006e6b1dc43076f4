import Postgres

/// `contact_facts` (one row per contact, its latest state) and `daily_contact_counts` (received, answered,
/// abandoned per helpline, channel, local day and contact type), applied set-wise in SQL.
///
/// For the contacts touched by a batch: subtract their old contribution from the daily counts, merge the
/// batch's events into their facts (classification: the latest by stream position wins; a void removes the
/// contact from the counts), add their new contribution. Days are the helpline's local days.
public struct ContactCountsProjection: Projection {
    public let name = "contact_counts"
    public let version = 1
    public let tables = ["contact_facts", "daily_contact_counts"]

    public init() {}

    public func apply(_ range: EventRange, schema: String, on c: PostgresConnection) async throws {
        let s = PostgresQuery.quoteIdentifier(schema)
        let inRange = range.predicate(alias: "e")
        try await c.execute(
            """
            CREATE TEMPORARY TABLE IF NOT EXISTS batch_contacts (helpline text, contact_id text, PRIMARY KEY (helpline, contact_id))
                ON COMMIT DELETE ROWS
            """)
        let touched = try await c.execute(
            PostgresQuery(
                unsafeSQL: """
                    INSERT INTO batch_contacts
                    SELECT DISTINCT e.metadata->>'helpline', e.metadata->>'contactId'
                      FROM es.events e
                     WHERE \(inRange) AND e.event_type LIKE 'Contact%'
                    ON CONFLICT DO NOTHING
                    """))
        guard touched > 0 else { return }
        // Fresh statistics on the temp table: without them the planner guesses its size and scans contact_facts
        // whole at each join, which made rebuilds quadratic in the number of contacts (docs/PERFORMANCE.md).
        try await c.execute("ANALYZE batch_contacts")
        try await c.execute(PostgresQuery(unsafeSQL: Self.contribution(schema: s, sign: "-")))
        try await c.execute(PostgresQuery(unsafeSQL: Self.mergeFacts(schema: s, inRange: inRange)))
        try await c.execute(PostgresQuery(unsafeSQL: Self.contribution(schema: s, sign: "+")))
        try await c.execute(
            PostgresQuery(
                unsafeSQL: """
                    DELETE FROM \(s).daily_contact_counts d
                     WHERE d.received = 0 AND d.answered = 0 AND d.abandoned = 0
                       AND d.helpline IN (SELECT DISTINCT helpline FROM batch_contacts)
                    """))
    }

    /// Adds (`+`) or subtracts (`-`) the touched contacts' current facts to the daily counts.
    static func contribution(schema s: String, sign: String) -> String {
        """
        INSERT INTO \(s).daily_contact_counts AS d (helpline, channel, local_date, contact_type, received, answered, abandoned)
        SELECT f.helpline, f.channel, f.local_date, coalesce(f.contact_type, 'unclassified'),
               \(sign)count(*), \(sign)count(*) FILTER (WHERE f.answered), \(sign)count(*) FILTER (WHERE f.abandoned)
          FROM \(s).contact_facts f
          JOIN batch_contacts b ON b.helpline = f.helpline AND b.contact_id = f.contact_id
         WHERE f.received_at IS NOT NULL AND f.channel IS NOT NULL AND NOT f.voided
         GROUP BY 1, 2, 3, 4
        ON CONFLICT (helpline, channel, local_date, contact_type) DO UPDATE
           SET received = d.received + EXCLUDED.received,
               answered = d.answered + EXCLUDED.answered,
               abandoned = d.abandoned + EXCLUDED.abandoned
        """
    }

    /// Folds the batch's events into the touched contacts' facts.
    static func mergeFacts(schema s: String, inRange: String) -> String {
        """
        WITH ev AS (
            SELECT e.metadata->>'helpline' AS helpline, e.metadata->>'contactId' AS contact_id,
                   e.event_type, e.data, e.stream_position, e.global_position
              FROM es.events e
             WHERE \(inRange) AND e.event_type LIKE 'Contact%'),
        agg AS (
            SELECT helpline, contact_id,
                   (array_agg(data ORDER BY stream_position DESC) FILTER (WHERE event_type = 'ContactReceived'))[1] AS received,
                   (array_agg(data ORDER BY stream_position DESC) FILTER (WHERE event_type = 'ContactAnswered'))[1] AS answered,
                   (array_agg(data ORDER BY stream_position DESC) FILTER (WHERE event_type = 'ContactAbandoned'))[1] AS abandoned,
                   (array_agg(data ORDER BY stream_position DESC) FILTER (WHERE event_type = 'ContactEnded'))[1] AS ended,
                   (array_agg(data ORDER BY stream_position DESC)
                        FILTER (WHERE event_type IN ('ContactClassified', 'ContactReclassified')))[1] AS class,
                   (array_agg(data ORDER BY stream_position DESC) FILTER (WHERE event_type = 'ContactVoided'))[1] AS voided,
                   max(global_position) AS last_position
              FROM ev GROUP BY helpline, contact_id),
        merged AS (
            SELECT a.helpline, a.contact_id,
                   coalesce(a.received->>'channel', f.channel) AS channel,
                   coalesce((a.received->>'receivedAt')::timestamptz, f.received_at) AS received_at,
                   coalesce(f.answered, false) OR a.answered IS NOT NULL AS answered,
                   coalesce(f.abandoned, false) OR a.abandoned IS NOT NULL AS abandoned,
                   coalesce(a.abandoned->>'stage', f.abandon_stage) AS abandon_stage,
                   coalesce((a.answered->>'waitSeconds')::int, (a.abandoned->>'waitSeconds')::int, f.wait_seconds) AS wait_seconds,
                   coalesce((a.ended->>'durationSeconds')::int, f.duration_seconds) AS duration_seconds,
                   CASE WHEN a.class IS NOT NULL THEN a.class->>'contactType' ELSE f.contact_type END AS contact_type,
                   CASE WHEN a.class IS NOT NULL THEN a.class->>'contactorRole' ELSE f.contactor_role END AS contactor_role,
                   CASE WHEN a.class IS NOT NULL THEN a.class->>'ageBand' ELSE f.age_band END AS age_band,
                   CASE WHEN a.class IS NOT NULL THEN a.class->>'heardVia' ELSE f.heard_via END AS heard_via,
                   CASE WHEN a.class IS NOT NULL
                        THEN ARRAY(SELECT jsonb_array_elements_text(coalesce(a.class->'reasonCategories', '[]')))
                        ELSE coalesce(f.reason_categories, '{}') END AS reason_categories,
                   coalesce(f.voided, false) OR a.voided IS NOT NULL AS voided,
                   coalesce(a.voided->>'reason', f.void_reason) AS void_reason,
                   greatest(a.last_position, f.last_position) AS last_position
              FROM agg a
              LEFT JOIN \(s).contact_facts f ON f.helpline = a.helpline AND f.contact_id = a.contact_id)
        INSERT INTO \(s).contact_facts AS t
               (helpline, contact_id, channel, received_at, local_date, answered, abandoned, abandon_stage, wait_seconds,
                duration_seconds, contact_type, contactor_role, age_band, heard_via, reason_categories, voided, void_reason, last_position)
        SELECT m.helpline, m.contact_id, m.channel, m.received_at,
               (m.received_at AT TIME ZONE rm.helpline_time_zone(m.helpline))::date,
               m.answered, m.abandoned, m.abandon_stage, m.wait_seconds, m.duration_seconds, m.contact_type, m.contactor_role,
               m.age_band, m.heard_via, m.reason_categories, m.voided, m.void_reason, m.last_position
          FROM merged m
        ON CONFLICT (helpline, contact_id) DO UPDATE SET
               channel = EXCLUDED.channel, received_at = EXCLUDED.received_at, local_date = EXCLUDED.local_date,
               answered = EXCLUDED.answered, abandoned = EXCLUDED.abandoned, abandon_stage = EXCLUDED.abandon_stage,
               wait_seconds = EXCLUDED.wait_seconds, duration_seconds = EXCLUDED.duration_seconds,
               contact_type = EXCLUDED.contact_type, contactor_role = EXCLUDED.contactor_role, age_band = EXCLUDED.age_band,
               heard_via = EXCLUDED.heard_via, reason_categories = EXCLUDED.reason_categories, voided = EXCLUDED.voided,
               void_reason = EXCLUDED.void_reason, last_position = EXCLUDED.last_position
        """
    }
}
