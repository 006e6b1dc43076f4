import Postgres

/// The daily contact counts recomputed from `es.events` in one plain SQL statement: the ground truth the
/// projection tests compare `rm.daily_contact_counts` with.
public enum ReadModelRecount {
    static let sql = """
        WITH c AS (
            SELECT metadata->>'helpline' AS helpline, metadata->>'contactId' AS contact_id,
                   max(data->>'channel') FILTER (WHERE event_type = 'ContactReceived') AS channel,
                   max(data->>'receivedAt') FILTER (WHERE event_type = 'ContactReceived') AS received_at,
                   bool_or(event_type = 'ContactAnswered') AS answered,
                   bool_or(event_type = 'ContactAbandoned') AS abandoned,
                   bool_or(event_type = 'ContactVoided') AS voided,
                   (array_agg(data->>'contactType' ORDER BY stream_position DESC)
                        FILTER (WHERE event_type IN ('ContactClassified', 'ContactReclassified')))[1] AS contact_type
              FROM es.events WHERE stream_id LIKE 'contact-%'
             GROUP BY 1, 2)
        SELECT helpline, channel, (received_at::timestamptz AT TIME ZONE 'Europe/Brussels')::date AS local_date,
               coalesce(contact_type, 'unclassified') AS contact_type,
               count(*)::int AS received, (count(*) FILTER (WHERE answered))::int AS answered,
               (count(*) FILTER (WHERE abandoned))::int AS abandoned
          FROM c WHERE received_at IS NOT NULL AND NOT voided
         GROUP BY 1, 2, 3, 4
        """

    /// Rows in which the read models (daily and monthly counts) and the recount differ (0 when they agree).
    public static func differences(_ pool: PostgresPool) async throws -> Int {
        let rows = try await pool.query(
            """
            WITH recount AS (\(unescaped: sql)),
                 model AS (SELECT helpline, channel, local_date, contact_type, received, answered, abandoned FROM rm.daily_contact_counts),
                 monthly_recount AS (
                     SELECT helpline, channel, date_trunc('month', local_date)::date AS month,
                            sum(received)::int AS received, sum(answered)::int AS answered, sum(abandoned)::int AS abandoned
                       FROM recount GROUP BY 1, 2, 3),
                 monthly_model AS (SELECT helpline, channel, month, received, answered, abandoned FROM rm.monthly_contact_counts)
            SELECT (SELECT count(*) FROM (SELECT * FROM recount EXCEPT SELECT * FROM model) a)
                 + (SELECT count(*) FROM (SELECT * FROM model EXCEPT SELECT * FROM recount) b)
                 + (SELECT count(*) FROM (SELECT * FROM monthly_recount EXCEPT SELECT * FROM monthly_model) c)
                 + (SELECT count(*) FROM (SELECT * FROM monthly_model EXCEPT SELECT * FROM monthly_recount) d)
            """)
        return try rows[0].decode(Int.self, at: 0)
    }
}
