import Foundation
import Postgres

extension EventStore {
    static let selectColumns = """
        global_position, transaction_id, stream_id, stream_position, event_id, event_type, schema_version,
        occurred_at, recorded_at, data::text, metadata::text
        """

    /// Up to `limit` events after `cursor`, in (transaction id, global position) order, from committed
    /// transactions older than every transaction still running. Never skips an event that commits later.
    public func readAll(after cursor: ReadCursor, limit: Int = 500) async throws -> [RecordedEvent] {
        try await pool.withConnection { try await Self.readAll(after: cursor, limit: limit, on: $0) }
    }

    /// ``readAll(after:limit:)`` on a given connection — e.g. a projection's, inside its transaction, before
    /// it writes anything (a transaction that holds an xid would hold back its own horizon).
    public static func readAll(after cursor: ReadCursor, limit: Int, on connection: PostgresConnection) async throws -> [RecordedEvent] {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: selectColumns)
              FROM es.events
             WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
               AND (transaction_id, global_position) > (\(String(cursor.transactionID))::xid8, \(cursor.globalPosition))
             ORDER BY transaction_id, global_position
             LIMIT \(limit)
            """)
        return try rows.map(decodeEvent)
    }

    /// A stream's events from `fromPosition` (1-based), in order.
    public func readStream(_ streamID: String, from fromPosition: Int = 1, limit: Int = 10_000) async throws -> [RecordedEvent] {
        let rows = try await pool.query(
            """
            SELECT \(unescaped: Self.selectColumns)
              FROM es.events WHERE stream_id = \(streamID) AND stream_position >= \(fromPosition)
             ORDER BY stream_position LIMIT \(limit)
            """)
        return try rows.map(Self.decodeEvent)
    }

    /// The stream's version: its number of events (0 if it does not exist).
    public func streamVersion(_ streamID: String) async throws -> Int {
        let rows = try await pool.query("SELECT coalesce(max(stream_position), 0) FROM es.events WHERE stream_id = \(streamID)")
        return try rows[0].decode(Int.self, at: 0)
    }

    /// How many events lie after `cursor` (committed or not yet past the horizon), and the oldest one's
    /// recorded time: what a reader at `cursor` still has to do.
    public func backlog(after cursor: ReadCursor) async throws -> (events: Int, oldestRecordedAt: Date?) {
        let rows = try await pool.query(
            """
            SELECT count(*), min(recorded_at) FROM es.events
             WHERE (transaction_id, global_position) > (\(String(cursor.transactionID))::xid8, \(cursor.globalPosition))
            """)
        return (try rows[0].decode(Int.self, at: 0), try rows[0].decode(Date?.self, at: 1))
    }

    /// The total number of stored events.
    public func count() async throws -> Int {
        try await pool.query("SELECT count(*) FROM es.events")[0].decode(Int.self, at: 0)
    }

    static func decodeEvent(_ row: PostgresRow) throws -> RecordedEvent {
        RecordedEvent(
            globalPosition: try row.decode(Int64.self, at: 0),
            transactionID: try row.decode(UInt64.self, at: 1),
            streamID: try row.decode(String.self, at: 2),
            streamPosition: try row.decode(Int.self, at: 3),
            id: try row.decode(UUID.self, at: 4),
            type: try row.decode(String.self, at: 5),
            schemaVersion: try row.decode(Int16.self, at: 6),
            occurredAt: try row.decode(Date.self, at: 7),
            recordedAt: try row.decode(Date.self, at: 8),
            data: try row.decode(String.self, at: 9),
            metadata: try row.decode(String.self, at: 10))
    }
}
