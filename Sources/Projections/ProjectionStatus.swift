import EventStore
import Foundation
import Postgres

/// Where a projection stands: what `project status` and `/health` show.
public struct ProjectionStatus: Sendable, Equatable {
    public var name: String
    public var cursor: ReadCursor
    public var eventsApplied: Int
    /// Committed events after the checkpoint.
    public var eventsBehind: Int
    /// Age of the oldest event not yet applied (0 when caught up).
    public var secondsBehind: Double
    public var updatedAt: Date?
    public var failed: Bool
    public var lastError: String?
    public var errorEventID: UUID?

    public static func load(_ projections: [any Projection], pool: PostgresPool) async throws -> [ProjectionStatus] {
        try await pool.withConnection { c in
            var statuses: [ProjectionStatus] = []
            for projection in projections {
                let state = try await ProjectionCheckpoint.load(projection.checkpointName, on: c)
                let cursor = state?.cursor ?? .start
                let backlog = try await c.query(
                    """
                    SELECT count(*), extract(epoch FROM now() - min(recorded_at))::float8 FROM es.events
                     WHERE (transaction_id, global_position) > (\(String(cursor.transactionID))::xid8, \(cursor.globalPosition))
                    """)
                statuses.append(
                    ProjectionStatus(
                        name: projection.checkpointName, cursor: cursor, eventsApplied: state?.eventsApplied ?? 0,
                        eventsBehind: try backlog[0].decode(Int.self, at: 0),
                        secondsBehind: max(0, try backlog[0].decode(Double?.self, at: 1) ?? 0), updatedAt: state?.updatedAt,
                        failed: state?.failed ?? false, lastError: state?.lastError, errorEventID: state?.errorEventID))
            }
            return statuses
        }
    }
}
