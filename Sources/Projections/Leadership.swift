import EventStore
import Logging
import Postgres
import ServiceLifecycle

/// The one leadership loop of the background services (the projection workers and the campaign-effects refitter):
/// at most one process leads each `key` at a time, by a session advisory lock held on a connection of its own; the
/// others stand by and take over when the leader's session ends (a crash, a lost connection, a shutdown).
///
/// A session is: the leader connection holding the lock, a work connection, and ``EventNotifications`` (a `LISTEN`
/// that reconnects by itself). When the session fails — the database goes away, a transient error — it is started
/// over after a back-off; it ends on graceful shutdown or cancellation.
struct Leadership {
    /// The advisory-lock key (hashed with `hashtext`).
    let key: String
    /// For messages: "projection contact_counts:v1".
    let what: String
    let configuration: PostgresConfiguration
    let standbyInterval: Duration
    let logger: Logger

    /// True once graceful shutdown began or the task was cancelled.
    static var stopping: Bool { Task.isCancelled || Task.isShuttingDownGracefully }

    /// Runs sessions until one returns, shutdown, or an error `isFinal` says is not worth a retry (it is rethrown).
    /// Any other error is logged and retried after a back-off that doubles from 200 ms up to `maximumBackoff`.
    func run(maximumBackoff: Duration, isFinal: (any Error) -> Bool = { _ in false }, session: () async throws -> Void) async throws {
        var backoff: Duration = .milliseconds(200)
        while !Self.stopping {
            do {
                try await session()
                return
            } catch is CancellationError {
                return
            } catch {
                if isFinal(error) { throw error }
                if Self.stopping { return }
                logger.warning("\(what): \(error); retrying in \(backoff)")
                let delay = backoff
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: delay) }
                backoff = min(backoff * 2, maximumBackoff)
            }
        }
    }

    /// One session: connect, wait for the lock, then run `body` as the leader.
    ///
    /// - Parameter standingBy: called each time the lock is found held elsewhere, with the leader connection; return
    ///   false to stop waiting (then `body` is not run).
    /// - Returns: whether `body` ran.
    @discardableResult
    func lead(
        standingBy: (PostgresConnection) async throws -> Bool = { _ in true }, _ body: (LeaderSession) async throws -> Void
    ) async throws -> Bool {
        let leader = try await PostgresConnection.connect(configuration: configuration, logger: logger)
        defer { Task { await leader.close() } }
        while try await !Self.tryLock(key, on: leader) {
            guard try await standingBy(leader) else { return false }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: standbyInterval) }
            if Self.stopping { return false }
        }
        logger.info("\(what) active")
        let work = try await PostgresConnection.connect(configuration: configuration, logger: logger)
        defer { Task { await work.close() } }
        let notifications = EventNotifications(configuration: configuration, logger: logger)
        defer { notifications.close() }
        try await body(LeaderSession(what: what, leader: leader, work: work, notifications: notifications))
        return true
    }

    /// Takes the session advisory lock `key` on `connection` if it is free.
    static func tryLock(_ key: String, on connection: PostgresConnection) async throws -> Bool {
        try await connection.query("SELECT pg_try_advisory_lock(hashtext(\(key)))")[0].decode(Bool.self, at: 0)
    }
}

/// What a leader works with while it leads.
struct LeaderSession: Sendable {
    let what: String
    /// Holds the advisory lock; used for nothing else.
    let leader: PostgresConnection
    let work: PostgresConnection
    let notifications: EventNotifications

    /// Throws when the connection holding the lock is gone: another process may lead by now, so nothing more may be
    /// written as the leader.
    func ensureLeading() async throws {
        guard await leader.checkAlive() else {
            throw PostgresError(code: .connectionClosed, message: "lost the leadership session of \(what)")
        }
    }

    /// Waits for a notification, at most `timeout`; true if woken.
    @discardableResult
    func wait(timeout: Duration) async -> Bool { await notifications.signal.wait(timeout: timeout) }
}
