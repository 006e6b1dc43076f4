import EventStore
import Logging
import Postgres

/// Rebuilds a projection from position zero into fresh tables, then switches them in.
///
/// 1. Fresh copies of the projection's tables are made in schema `rm_rebuild` (`LIKE … INCLUDING ALL`).
/// 2. A worker fills them from the start of the store under the checkpoint `name:vN:rebuild`, while the live
///    projection keeps serving and updating the old tables.
/// 3. The switch, in one transaction: take the projection's switch lock (no live batch runs meanwhile), apply
///    what arrived since, drop the old tables, move the new ones into `rm`, recreate the analytics views, and
///    hand the rebuilt checkpoint to the live projection.
public struct ProjectionRebuilder: Sendable {
    let configuration: PostgresConfiguration
    let logger: Logger
    static let schema = "rm_rebuild"

    public init(configuration: PostgresConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Rebuilds `projection`; returns how many events the rebuilt tables reflect.
    public func rebuild(_ projection: any Projection, batchSize: Int = 50_000) async throws -> Int {
        let c = try await PostgresConnection.connect(configuration: configuration, logger: logger)
        defer { Task { await c.close() } }
        let checkpoint = projection.checkpointName + ":rebuild"
        try await c.execute("CREATE SCHEMA IF NOT EXISTS \(identifier: Self.schema)")
        for table in projection.tables {
            try await c.execute("DROP TABLE IF EXISTS \(identifier: Self.schema).\(identifier: table)")
            try await c.execute("CREATE TABLE \(identifier: Self.schema).\(identifier: table) (LIKE rm.\(identifier: table) INCLUDING ALL)")
        }
        try await c.execute("DELETE FROM rm.projection_checkpoints WHERE projection = \(checkpoint)")
        try await ProjectionCheckpoint.ensure(checkpoint, on: c)

        var options = ProjectionWorker.Options()
        options.batchSize = batchSize
        options.untilCaughtUp = true
        let worker = ProjectionWorker(
            projection: projection, configuration: configuration, options: options, logger: logger, checkpoint: checkpoint,
            schema: Self.schema)
        try await worker.run()

        return try await c.withTransaction { tx in
            try await tx.execute("SELECT pg_advisory_xact_lock(hashtext(\(ProjectionBatch.switchLockKey(projection))))")
            guard var state = try await ProjectionCheckpoint.load(checkpoint, on: tx) else {
                throw PostgresError(code: .unexpectedResponse, message: "rebuild checkpoint vanished")
            }
            while let range = try await ProjectionBatch.nextRange(after: state.cursor, limit: batchSize, on: tx) {
                try await projection.apply(range, schema: Self.schema, on: tx)
                _ = try await ProjectionCheckpoint.advance(checkpoint, from: state.cursor, to: range.to, applied: range.count, on: tx)
                state.cursor = range.to
                state.eventsApplied += range.count
            }
            // The views depend on the tables: dropped before the switch, and created again from the one definition the
            // database was migrated with (repeatable/views.sql, kept by the migrator).
            guard let views = try await PostgresMigrator.storedRepeatable("views.sql", on: tx) else {
                throw PostgresError(
                    code: .unexpectedResponse, message: "the analytics views were never applied: run `helpline-stats migrate` first")
            }
            try await tx.execute("SELECT analytics.drop_views()")
            for table in projection.tables {
                try await tx.execute("DROP TABLE rm.\(identifier: table)")
                try await tx.execute("ALTER TABLE \(identifier: Self.schema).\(identifier: table) SET SCHEMA rm")
            }
            try await tx.runScript(views)
            try await tx.execute("SELECT rm.grant_service()")
            try await tx.execute(
                """
                INSERT INTO rm.projection_checkpoints (projection, transaction_id, global_position, events_applied)
                VALUES (\(projection.checkpointName), \(String(state.cursor.transactionID))::xid8, \(state.cursor.globalPosition),
                        \(state.eventsApplied))
                ON CONFLICT (projection) DO UPDATE SET transaction_id = EXCLUDED.transaction_id,
                    global_position = EXCLUDED.global_position, events_applied = EXCLUDED.events_applied, updated_at = now(),
                    status = 'running', last_error = NULL, error_event_id = NULL, error_at = NULL
                """)
            try await tx.execute("DELETE FROM rm.projection_checkpoints WHERE projection = \(checkpoint)")
            // Other versions' checkpoints describe tables that are gone: a worker of such a version (an old deploy
            // still running, a rollback) must find none and refuse to run (ProjectionNeedsRebuild), not resume.
            try await tx.execute(
                """
                DELETE FROM rm.projection_checkpoints
                 WHERE split_part(projection, ':', 1) = \(projection.name) AND projection <> \(projection.checkpointName)
                   AND projection NOT LIKE '%:rebuild'
                """)
            return state.eventsApplied
        }
    }
}
