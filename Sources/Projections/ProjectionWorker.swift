import EventStore
import Foundation
import Logging
import Postgres
import ServiceLifecycle

/// Runs one projection: at most one active worker per projection across all processes (a session advisory
/// lock), the others stand by and take over when the holder's session ends.
///
/// The worker applies batches until it is caught up, then sleeps until `NOTIFY es_events` or the poll
/// interval. Database outages are retried with a back-off; an event the projection cannot apply stops this
/// projection, with the event id and error recorded in its checkpoint row (see `project status`).
public final class ProjectionWorker: Service, Sendable {
    public struct Options: Sendable {
        /// Events per transaction. Default 1,000.
        public var batchSize = 1_000
        /// How often to look for events without a notification. Default 2 s.
        public var pollInterval: Duration = .seconds(2)
        /// How often a standby worker tries to take over. Default 1 s.
        public var standbyInterval: Duration = .seconds(1)
        /// Return once caught up with every committed event (for batch and reporting jobs).
        public var untilCaughtUp = false
        public init() {}
    }

    public let projection: any Projection
    let configuration: PostgresConfiguration
    let options: Options
    let logger: Logger
    /// The rows in `rm.projection_checkpoints` and the schema written (differ during a rebuild).
    let checkpoint: String
    let schema: String

    public init(
        projection: any Projection, configuration: PostgresConfiguration, options: Options = Options(), logger: Logger,
        checkpoint: String? = nil, schema: String = "rm"
    ) {
        self.projection = projection
        self.configuration = configuration
        self.options = options
        self.logger = logger
        self.checkpoint = checkpoint ?? projection.checkpointName
        self.schema = schema
    }

    /// Runs until graceful shutdown, cancellation, a poison event, or (with `untilCaughtUp`) the head of the
    /// store. Returns normally in all those cases; throws only for a poison event when `untilCaughtUp`.
    public func run() async throws {
        let leadership = Leadership(
            key: Self.leaderLockKey(projection: projection, checkpoint: checkpoint, schema: schema), what: "projection \(checkpoint)",
            configuration: configuration, standbyInterval: options.standbyInterval, logger: logger)
        do {
            try await leadership.run(
                maximumBackoff: .seconds(10), isFinal: { $0 is PoisonEvent || $0 is ProjectionNeedsRebuild || $0 is ProjectionSuperseded }
            ) {
                try await runSession(leadership)
            }
        } catch let poison as PoisonEvent {
            logger.error("\(poison.description); projection stopped, see `helpline-stats project status`")
            if options.untilCaughtUp { throw poison }
        } catch let stale as ProjectionNeedsRebuild {
            logger.error("\(stale.description)")
            if options.untilCaughtUp { throw stale }
        } catch let superseded as ProjectionSuperseded {
            logger.error("\(superseded.description)")
            if options.untilCaughtUp { throw superseded }
        }
    }

    static var stopping: Bool { Leadership.stopping }

    /// The leader lock: one per projection *name* for the live tables, whatever the version — two versions of a
    /// projection must never write `rm` at once (a rolling deploy, an old `project run` still running) — and one per
    /// rebuild checkpoint for a rebuild, which writes a schema of its own.
    static func leaderLockKey(projection: any Projection, checkpoint: String, schema: String) -> String {
        schema == "rm" ? "projection:\(projection.name)" : "projection:\(checkpoint)"
    }

    /// One database session: take leadership, then process until told to stop.
    private func runSession(_ leadership: Leadership) async throws {
        // With `untilCaughtUp`, a worker that finds the projection led elsewhere (e.g. by `serve`) waits until that
        // leader has applied every event committed when it started, then returns: the cron job does not hang.
        var target: ReadCursor??
        try await leadership.lead(standingBy: { leader in
            guard options.untilCaughtUp else {
                logger.debug("projection \(checkpoint) is active elsewhere; standing by")
                return true
            }
            if target == nil { target = .some(try await Self.head(on: leader)) }
            guard let goal = target! else { return false }
            if let cursor = try await leaderCursor(on: leader), cursor >= goal {
                logger.info("projection \(checkpoint) is led by another process, which has caught up")
                return false
            }
            logger.debug("projection \(checkpoint) is led by another process; waiting for it to reach \(goal)")
            return true
        }) { session in
            try await process(session)
        }
    }

    /// Applies batches as the leader until told to stop (or, with `untilCaughtUp`, until caught up).
    private func process(_ session: LeaderSession) async throws {
        let work = session.work
        if schema == "rm", try await ProjectionCheckpoint.load(checkpoint, on: work) == nil {
            // A new version must not start from zero on tables that hold another version's results.
            let others = try await work.query(
                """
                SELECT projection FROM rm.projection_checkpoints
                 WHERE split_part(projection, ':', 1) = \(projection.name) AND projection NOT LIKE '%:rebuild' ORDER BY projection
                """)
            if let other = others.first { throw ProjectionNeedsRebuild(checkpoint: checkpoint, live: try other.decode(String.self, at: 0)) }
        }
        try await ProjectionCheckpoint.ensure(checkpoint, on: work)

        var limit = options.batchSize
        var emptyReadsAfterWake = 0
        while !Self.stopping {
            try await session.ensureLeading()
            let outcome: ProjectionBatch.Outcome
            do {
                outcome = try await ProjectionBatch.run(projection, checkpoint: checkpoint, schema: schema, limit: limit, on: work)
            } catch let superseded as ProjectionSuperseded {
                throw superseded
            } catch is ProjectionBatch.LostRace {
                logger.warning("projection \(checkpoint): checkpoint moved by another worker; re-reading")
                continue
            } catch let error as PostgresError where error.isConnectionFailure || error.isTransient {
                // A lost connection, or a condition of the database rather than of an event (deadlock, lock or
                // statement timeout, cancel, disk full): the session starts over after a backoff, and nothing is
                // marked failed. Only an error that the same event keeps causing is poison.
                throw error
            } catch let poison as PoisonEvent {
                try await ProjectionCheckpoint.markFailed(checkpoint, error: poison.underlying, eventID: UUID(uuidString: poison.eventID), on: work)
                throw poison
            } catch {
                if work.isBroken { throw error }
                // Find the event that fails: retry one event at a time from the checkpoint.
                if limit > 1 {
                    logger.warning("projection \(checkpoint): a batch failed (\(error)); applying one event at a time to find the cause")
                    limit = 1
                    continue
                }
                let poison = try await poisonEvent(error, on: work)
                try await ProjectionCheckpoint.markFailed(checkpoint, error: poison.underlying, eventID: UUID(uuidString: poison.eventID), on: work)
                throw poison
            }
            switch outcome {
            case .applied:
                emptyReadsAfterWake = 0
                if limit < options.batchSize { limit = min(limit * 2, options.batchSize) }
            case .lostRace:
                continue
            case .stoppedByFailure:
                let state = try await ProjectionCheckpoint.load(checkpoint, on: work)
                throw PoisonEvent(
                    projection: checkpoint, eventID: state?.errorEventID?.uuidString.lowercased() ?? "?", position: 0,
                    underlying: state?.lastError ?? "marked failed")
            case .idle:
                if options.untilCaughtUp, try await isCaughtUp(on: work) { return }
                if emptyReadsAfterWake > 0 && Duration.milliseconds(25 * emptyReadsAfterWake) < options.pollInterval {
                    // Notified, but the event is not below the horizon yet (an older transaction elsewhere in the
                    // cluster is still open): look again every 25 ms, up to the poll interval.
                    emptyReadsAfterWake += 1
                    await session.wait(timeout: .milliseconds(25))
                    continue
                }
                let woken = await session.wait(timeout: options.untilCaughtUp ? .milliseconds(50) : options.pollInterval)
                emptyReadsAfterWake = woken ? 1 : 0
            }
        }
    }

    /// The furthest cursor among the live checkpoints of this projection's name (the leader may run another version),
    /// or this worker's own checkpoint during a rebuild.
    private func leaderCursor(on c: PostgresConnection) async throws -> ReadCursor? {
        guard schema == "rm" else { return try await ProjectionCheckpoint.load(checkpoint, on: c)?.cursor }
        let rows = try await c.query(
            """
            SELECT transaction_id, global_position FROM rm.projection_checkpoints
             WHERE split_part(projection, ':', 1) = \(projection.name) AND projection NOT LIKE '%:rebuild'
             ORDER BY transaction_id DESC, global_position DESC LIMIT 1
            """)
        return try rows.first.map { try ReadCursor($0) }
    }

    /// The catch-up position of the last committed event, nil when the store is empty.
    static func head(on c: PostgresConnection) async throws -> ReadCursor? {
        let rows = try await c.query(
            "SELECT transaction_id, global_position FROM es.events ORDER BY transaction_id DESC, global_position DESC LIMIT 1")
        return try rows.first.map { try ReadCursor($0) }
    }

    /// Whether no committed event lies after the checkpoint (events of still-open transactions don't count).
    private func isCaughtUp(on c: PostgresConnection) async throws -> Bool {
        guard let state = try await ProjectionCheckpoint.load(checkpoint, on: c) else { return false }
        let rows = try await c.query(
            """
            SELECT NOT EXISTS (SELECT 1 FROM es.events
                WHERE (transaction_id, global_position) > (\(String(state.cursor.transactionID))::xid8, \(state.cursor.globalPosition)))
            """)
        return try rows[0].decode(Bool.self, at: 0)
    }

    /// The single event after the checkpoint, which failed with `error`.
    private func poisonEvent(_ error: any Error, on c: PostgresConnection) async throws -> PoisonEvent {
        let state = try await ProjectionCheckpoint.load(checkpoint, on: c)
        let cursor = state?.cursor ?? .start
        let rows = try await c.query(
            """
            SELECT event_id, global_position FROM es.events
             WHERE (transaction_id, global_position) > (\(String(cursor.transactionID))::xid8, \(cursor.globalPosition))
             ORDER BY transaction_id, global_position LIMIT 1
            """)
        let id = try rows.first?.decode(UUID.self, at: 0)
        let position = try rows.first?.decode(Int64.self, at: 1) ?? 0
        return PoisonEvent(projection: checkpoint, eventID: id?.uuidString.lowercased() ?? "?", position: position, underlying: "\(error)")
    }
}

/// A projection version with no checkpoint of its own, while the live tables hold another version's results: it
/// must be built by `project rebuild` and switched in, not started from zero on top of them.
public struct ProjectionNeedsRebuild: Error, Sendable, CustomStringConvertible {
    public var checkpoint: String
    public var live: String

    public var description: String {
        let name = checkpoint.split(separator: ":").first.map(String.init) ?? checkpoint
        return "projection \(checkpoint) has no checkpoint while the live tables hold \(live)'s results: "
            + "run `helpline-stats project rebuild \(name)` to build \(checkpoint) beside them and switch to it"
    }
}

/// This worker's version was replaced while it ran: a rebuild of another version switched its tables in and removed
/// this version's checkpoint. The worker stops without marking anything failed; the process runs an older release.
public struct ProjectionSuperseded: Error, Sendable, CustomStringConvertible {
    public var checkpoint: String
    public var by: String

    public var description: String {
        "projection \(checkpoint) was replaced by \(by) (a rebuild switched it in); this process runs the older version and "
            + "stops it: upgrade or restart this process"
    }
}
