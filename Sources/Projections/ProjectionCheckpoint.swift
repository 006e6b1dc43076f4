import EventStore
import Foundation
import Postgres

/// A projection's row in `rm.projection_checkpoints`.
public struct ProjectionCheckpoint: Sendable, Equatable {
    public var name: String
    public var cursor: ReadCursor
    public var eventsApplied: Int
    public var updatedAt: Date
    public var failed: Bool
    public var lastError: String?
    public var errorEventID: UUID?

    static func ensure(_ name: String, on c: PostgresConnection) async throws {
        try await c.execute("INSERT INTO rm.projection_checkpoints (projection) VALUES (\(name)) ON CONFLICT DO NOTHING")
    }

    static func load(_ name: String, on c: PostgresConnection) async throws -> ProjectionCheckpoint? {
        let rows = try await c.query(
            """
            SELECT transaction_id, global_position, events_applied, updated_at, status, last_error, error_event_id
              FROM rm.projection_checkpoints WHERE projection = \(name)
            """)
        guard let row = rows.first else { return nil }
        return ProjectionCheckpoint(
            name: name,
            cursor: try ReadCursor(row),
            eventsApplied: try row.decode(Int.self, at: 2), updatedAt: try row.decode(Date.self, at: 3),
            failed: try row.decode(String.self, at: 4) == "failed", lastError: try row.decode(String?.self, at: 5),
            errorEventID: try row.decode(UUID?.self, at: 6))
    }

    /// Moves the checkpoint from `from` to `to` if nobody else moved it: true on success.
    static func advance(_ name: String, from: ReadCursor, to: ReadCursor, applied: Int, on c: PostgresConnection) async throws -> Bool {
        try await c.execute(
            """
            UPDATE rm.projection_checkpoints
               SET transaction_id = \(String(to.transactionID))::xid8, global_position = \(to.globalPosition),
                   events_applied = events_applied + \(applied), updated_at = now(), status = 'running', last_error = NULL,
                   error_event_id = NULL, error_at = NULL
             WHERE projection = \(name)
               AND (transaction_id, global_position) = (\(String(from.transactionID))::xid8, \(from.globalPosition))
            """) == 1
    }

    static func markFailed(_ name: String, error: String, eventID: UUID?, on c: PostgresConnection) async throws {
        try await c.execute(
            """
            UPDATE rm.projection_checkpoints
               SET status = 'failed', last_error = \(error), error_event_id = \(eventID), error_at = now()
             WHERE projection = \(name)
            """)
    }

    /// Sets a failed projection running again (after a fix), from where it stopped.
    public static func resume(_ name: String, on c: PostgresConnection) async throws {
        try await c.execute("UPDATE rm.projection_checkpoints SET status = 'running' WHERE projection = \(name)")
    }
}
