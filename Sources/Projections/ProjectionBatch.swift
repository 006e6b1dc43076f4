import EventStore
import Postgres

/// One step of a projection: in one transaction, read the checkpoint, find the next range of events (one
/// statement, before writing anything), apply it, and move the checkpoint by compare-and-set.
enum ProjectionBatch {
    enum Outcome: Equatable {
        /// Applied a range of this many events.
        case applied(Int)
        /// No events below the horizon after the checkpoint.
        case idle
        /// The checkpoint moved under us (another worker); nothing was written.
        case lostRace
        /// The projection is marked failed and must be fixed first.
        case stoppedByFailure
    }

    /// The shared advisory lock a rebuild's switch takes exclusively, so no batch of the live projection runs
    /// while its tables are swapped.
    static func switchLockKey(_ projection: some Projection) -> String { "projection-switch:\(projection.name)" }

    static func run(
        _ projection: some Projection, checkpoint: String, schema: String, limit: Int, on c: PostgresConnection
    ) async throws -> Outcome {
        try await c.withTransaction { tx in
            try await tx.execute("SELECT pg_advisory_xact_lock_shared(hashtext(\(switchLockKey(projection))))")
            guard let current = try await ProjectionCheckpoint.load(checkpoint, on: tx) else {
                // A rebuild of another version switched its tables in and retired this version's checkpoint while this
                // worker ran (an old deploy still running): not an event this projection cannot apply.
                let others = try await tx.query(
                    """
                    SELECT projection FROM rm.projection_checkpoints
                     WHERE split_part(projection, ':', 1) = \(projection.name) AND projection NOT LIKE '%:rebuild' ORDER BY projection
                    """)
                if let other = others.first { throw ProjectionSuperseded(checkpoint: checkpoint, by: try other.decode(String.self, at: 0)) }
                throw PostgresError(code: .unexpectedResponse, message: "checkpoint \(checkpoint) is missing")
            }
            if current.failed { return .stoppedByFailure }
            guard let range = try await nextRange(after: current.cursor, limit: limit, on: tx) else { return .idle }
            try await projection.apply(range, schema: schema, on: tx)
            guard try await ProjectionCheckpoint.advance(checkpoint, from: current.cursor, to: range.to, applied: range.count, on: tx) else {
                throw LostRace()
            }
            return .applied(range.count)
        }
    }

    struct LostRace: Error {}

    /// The next up-to-`limit` events after `cursor` that are safe to read (gap-safe horizon).
    static func nextRange(after cursor: ReadCursor, limit: Int, on c: PostgresConnection) async throws -> EventRange? {
        let rows = try await c.query(
            """
            SELECT transaction_id, global_position, count(*) OVER () FROM (
                SELECT transaction_id, global_position FROM es.events
                 WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
                   AND (transaction_id, global_position) > (\(String(cursor.transactionID))::xid8, \(cursor.globalPosition))
                 ORDER BY transaction_id, global_position
                 LIMIT \(limit)) batch
            ORDER BY transaction_id DESC, global_position DESC LIMIT 1
            """)
        guard let row = rows.first else { return nil }
        let end = try ReadCursor(row)
        return EventRange(from: cursor, to: end, count: try row.decode(Int.self, at: 2))
    }
}
