import Postgres

/// `contact_facts` (one row per contact, its latest state), `daily_contact_counts` (received, answered,
/// abandoned per helpline, channel, local day and contact type) and `monthly_contact_counts` (the same per
/// helpline, channel and month), applied set-wise in SQL.
///
/// For the contacts touched by a batch: subtract their old contribution from the counts, merge the batch's
/// events into their facts (classification: the latest by stream position wins, within a batch and across batches, so
/// the result does not depend on how the events are cut into batches; a void removes the contact
/// from the counts), add their new contribution. Days and months are the helpline's local ones.
public struct ContactCountsProjection: Projection {
    public let name = "contact_counts"
    public let version = 1
    public let tables = ["contact_facts", "daily_contact_counts", "monthly_contact_counts"]

    public init() {}

    public func apply(_ range: EventRange, schema: String, on c: PostgresConnection) async throws {
        let s = PostgresQuery.quoteIdentifier(schema)
        let inRange = range.predicate(alias: "e")
        try await c.execute(
            """
            CREATE TEMPORARY TABLE IF NOT EXISTS batch_facts (
                helpline text, contact_id text, received jsonb, answered jsonb, abandoned jsonb, ended jsonb, class jsonb,
                voided jsonb, class_position int, last_position bigint, PRIMARY KEY (helpline, contact_id)
            ) ON COMMIT DELETE ROWS
            """)
        // Emptied here too: the rebuild's switch applies several ranges in one transaction.
        try await c.execute("TRUNCATE batch_facts")
        // One pass over the batch's events: the touched contacts and, per contact, the latest event of each kind.
        let touched = try await c.execute(PostgresQuery(unsafeSQL: Self.collectBatch(inRange: inRange)))
        guard touched > 0 else { return }
        // Fresh statistics on the key: without them the planner guesses the temp table's size and scans contact_facts
        // whole at each join, which made rebuilds quadratic in the number of contacts (docs/PERFORMANCE.md). The
        // jsonb columns are left out: sampling them cost more than the joins it speeds up.
        try await c.execute("ANALYZE batch_facts (helpline, contact_id)")
        for grain in CountGrain.allCases {
            try await c.execute(PostgresQuery(unsafeSQL: Self.contribution(schema: s, grain: grain, sign: "-")))
        }
        try await c.execute(PostgresQuery(unsafeSQL: Self.mergeFacts(schema: s)))
        for grain in CountGrain.allCases {
            try await c.execute(PostgresQuery(unsafeSQL: Self.contribution(schema: s, grain: grain, sign: "+")))
            try await c.execute(
                PostgresQuery(
                    unsafeSQL: """
                        DELETE FROM \(s).\(grain.table) d
                         WHERE d.received = 0 AND d.answered = 0 AND d.abandoned = 0
                           AND d.helpline IN (SELECT DISTINCT helpline FROM batch_facts)
                        """))
        }
    }

    /// The two count tables: what they group by.
    enum CountGrain: CaseIterable {
        case day, month

        var table: String { self == .day ? "daily_contact_counts" : "monthly_contact_counts" }
        /// Key columns of the table, and the expressions over `contact_facts f` that fill them.
        var key: (columns: String, values: String) {
            switch self {
            case .day:
                ("helpline, channel, local_date, contact_type", "f.helpline, f.channel, f.local_date, coalesce(f.contact_type, 'unclassified')")
            case .month: ("helpline, channel, month", "f.helpline, f.channel, date_trunc('month', f.local_date)::date")
            }
        }
    }

    /// Adds (`+`) or subtracts (`-`) the touched contacts' current facts to the daily or monthly counts.
    static func contribution(schema s: String, grain: CountGrain, sign: String) -> String {
        let key = grain.key
        return """
            INSERT INTO \(s).\(grain.table) AS d (\(key.columns), received, answered, abandoned)
            SELECT \(key.values),
                   \(sign)count(*), \(sign)count(*) FILTER (WHERE f.answered), \(sign)count(*) FILTER (WHERE f.abandoned)
              FROM \(s).contact_facts f
              JOIN batch_facts b ON b.helpline = f.helpline AND b.contact_id = f.contact_id
             WHERE f.received_at IS NOT NULL AND f.channel IS NOT NULL AND NOT f.voided
             GROUP BY \(key.values)
            ON CONFLICT (\(key.columns)) DO UPDATE
               SET received = d.received + EXCLUDED.received,
                   answered = d.answered + EXCLUDED.answered,
                   abandoned = d.abandoned + EXCLUDED.abandoned
            """
    }

    /// Fills `batch_facts`: per contact touched by the batch, the latest event of each kind (one sort; a
    /// reclassification is a classification). Within a stream, positions and global positions grow together, so
    /// the kept rows hold the contact's highest global position too.
    static func collectBatch(inRange: String) -> String {
        """
        INSERT INTO batch_facts (helpline, contact_id, received, answered, abandoned, ended, class, voided, class_position, last_position)
        SELECT helpline, contact_id,
               (array_agg(data) FILTER (WHERE kind = 'ContactReceived'))[1],
               (array_agg(data) FILTER (WHERE kind = 'ContactAnswered'))[1],
               (array_agg(data) FILTER (WHERE kind = 'ContactAbandoned'))[1],
               (array_agg(data) FILTER (WHERE kind = 'ContactEnded'))[1],
               (array_agg(data) FILTER (WHERE kind = 'ContactClassified'))[1],
               (array_agg(data) FILTER (WHERE kind = 'ContactVoided'))[1],
               (array_agg(stream_position) FILTER (WHERE kind = 'ContactClassified'))[1],
               max(global_position)
          FROM (SELECT DISTINCT ON (helpline, contact_id, kind)
                       e.metadata->>'helpline' AS helpline, e.metadata->>'contactId' AS contact_id,
                       CASE WHEN e.event_type = 'ContactReclassified' THEN 'ContactClassified' ELSE e.event_type END AS kind,
                       e.data, e.stream_position, e.global_position
                  FROM es.events e
                 WHERE \(inRange) AND e.event_type LIKE 'Contact%'
                 ORDER BY helpline, contact_id, kind, e.stream_position DESC) latest
         GROUP BY helpline, contact_id
        """
    }

    /// Folds `batch_facts` into the touched contacts' facts.
    static func mergeFacts(schema s: String) -> String {
        """
        WITH zones AS (
            -- Each helpline's time zone once per batch, not once per contact.
            SELECT h.helpline, rm.helpline_time_zone(h.helpline) AS time_zone FROM (SELECT DISTINCT helpline FROM batch_facts) h),
        batch AS (
            -- The batch's classification replaces the stored one only if it is later in the contact's stream: batches
            -- come in transaction order, which can differ from stream order.
            SELECT a.*, a.class IS NOT NULL AND (f.class_position IS NULL OR a.class_position > f.class_position) AS newer_class
              FROM batch_facts a
              LEFT JOIN \(s).contact_facts f ON f.helpline = a.helpline AND f.contact_id = a.contact_id),
        merged AS (
            SELECT a.helpline, a.contact_id,
                   coalesce(a.received->>'channel', f.channel) AS channel,
                   coalesce((a.received->>'receivedAt')::timestamptz, f.received_at) AS received_at,
                   coalesce(f.answered, false) OR a.answered IS NOT NULL AS answered,
                   coalesce(f.abandoned, false) OR a.abandoned IS NOT NULL AS abandoned,
                   coalesce(a.abandoned->>'stage', f.abandon_stage) AS abandon_stage,
                   coalesce((a.answered->>'waitSeconds')::int, (a.abandoned->>'waitSeconds')::int, f.wait_seconds) AS wait_seconds,
                   coalesce((a.ended->>'durationSeconds')::int, f.duration_seconds) AS duration_seconds,
                   CASE WHEN a.newer_class THEN a.class->>'contactType' ELSE f.contact_type END AS contact_type,
                   CASE WHEN a.newer_class THEN a.class->>'contactorRole' ELSE f.contactor_role END AS contactor_role,
                   CASE WHEN a.newer_class THEN a.class->>'ageBand' ELSE f.age_band END AS age_band,
                   CASE WHEN a.newer_class THEN a.class->>'heardVia' ELSE f.heard_via END AS heard_via,
                   CASE WHEN a.newer_class
                        THEN ARRAY(SELECT jsonb_array_elements_text(coalesce(a.class->'reasonCategories', '[]')))
                        ELSE coalesce(f.reason_categories, '{}') END AS reason_categories,
                   coalesce(f.voided, false) OR a.voided IS NOT NULL AS voided,
                   coalesce(a.voided->>'reason', f.void_reason) AS void_reason,
                   CASE WHEN a.newer_class THEN a.class_position ELSE f.class_position END AS class_position,
                   greatest(a.last_position, f.last_position) AS last_position
              FROM batch a
              LEFT JOIN \(s).contact_facts f ON f.helpline = a.helpline AND f.contact_id = a.contact_id)
        INSERT INTO \(s).contact_facts AS t
               (helpline, contact_id, channel, received_at, local_date, answered, abandoned, abandon_stage, wait_seconds,
                duration_seconds, contact_type, contactor_role, age_band, heard_via, reason_categories, voided, void_reason, class_position,
                last_position)
        SELECT m.helpline, m.contact_id, m.channel, m.received_at,
               (m.received_at AT TIME ZONE z.time_zone)::date,
               m.answered, m.abandoned, m.abandon_stage, m.wait_seconds, m.duration_seconds, m.contact_type, m.contactor_role,
               m.age_band, m.heard_via, m.reason_categories, m.voided, m.void_reason, m.class_position, m.last_position
          FROM merged m JOIN zones z ON z.helpline = m.helpline
        ON CONFLICT (helpline, contact_id) DO UPDATE SET
               channel = EXCLUDED.channel, received_at = EXCLUDED.received_at, local_date = EXCLUDED.local_date,
               answered = EXCLUDED.answered, abandoned = EXCLUDED.abandoned, abandon_stage = EXCLUDED.abandon_stage,
               wait_seconds = EXCLUDED.wait_seconds, duration_seconds = EXCLUDED.duration_seconds,
               contact_type = EXCLUDED.contact_type, contactor_role = EXCLUDED.contactor_role, age_band = EXCLUDED.age_band,
               heard_via = EXCLUDED.heard_via, reason_categories = EXCLUDED.reason_categories, voided = EXCLUDED.voided,
               void_reason = EXCLUDED.void_reason, class_position = EXCLUDED.class_position, last_position = EXCLUDED.last_position
        """
    }
}
