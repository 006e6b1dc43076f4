import Logging
import Synchronization

/// A bounded pool of connections.
///
/// - At most ``Configuration/size`` connections exist; when all are leased, callers wait in FIFO order and
///   fail with `poolTimeout` after ``Configuration/acquireTimeout``.
/// - A connection that broke (server restart, network failure) or was left inside a transaction is closed
///   on return and replaced by a new one on demand; idle connections are checked before being leased, so
///   the first call after a server restart gets a fresh connection.
/// - ``close()`` fails waiters, closes idle connections, and closes leased ones when they come back.
public final class PostgresPool: Sendable {
    public struct Configuration: Sendable {
        /// The most connections open at once. Default 8.
        public var size: Int = 8
        /// How long a caller waits for a free connection before `poolTimeout`. Default 10 s.
        public var acquireTimeout: Duration = .seconds(10)
        public init(size: Int = 8, acquireTimeout: Duration = .seconds(10)) {
            self.size = size
            self.acquireTimeout = acquireTimeout
        }
    }

    public let connectionConfiguration: PostgresConfiguration
    public let configuration: Configuration
    private let logger: Logger
    private let state = Mutex(State())

    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Grant, any Error>
        /// Fails the waiter at the acquire timeout; cancelled as soon as the waiter is served otherwise.
        let timer: Task<Void, Never>

        func resume(returning grant: Grant) {
            timer.cancel()
            continuation.resume(returning: grant)
        }

        func resume(throwing error: any Error) {
            timer.cancel()
            continuation.resume(throwing: error)
        }
    }

    /// What a waiter is handed: an idle connection, or the right to open a new one.
    private enum Grant: Sendable {
        case connection(PostgresConnection)
        case open
    }

    private struct State {
        var idle: [PostgresConnection] = []
        var open = 0
        var waiters: [Waiter] = []
        var nextWaiterID = 0
        var closed = false
        var leased: Set<ObjectIdentifier> = []
    }

    public init(
        configuration connectionConfiguration: PostgresConfiguration, pool: Configuration = Configuration(),
        logger: Logger = Logger(label: "postgres.pool")
    ) {
        precondition(pool.size > 0, "pool size must be positive")
        self.connectionConfiguration = connectionConfiguration
        self.configuration = pool
        self.logger = logger
    }

    /// Leases a connection for the duration of `body`.
    /// - Throws: `poolTimeout` when none is free in time, `poolClosed`, connection errors, or what `body` throws.
    public func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let connection = try await acquire()
        do {
            let value = try await body(connection)
            await release(connection)
            return value
        } catch {
            await release(connection)
            throw error
        }
    }

    /// Runs one statement on a pooled connection.
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        try await withConnection { try await $0.query(query) }
    }

    /// Runs one statement on a pooled connection and returns the affected row count.
    @discardableResult
    public func execute(_ query: PostgresQuery) async throws -> Int {
        try await withConnection { try await $0.execute(query) }
    }

    /// Runs `body` in a transaction on a pooled connection.
    public func withTransaction<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await withConnection { try await $0.withTransaction(body) }
    }

    /// Numbers for metrics and health checks.
    public var statistics: (open: Int, idle: Int, waiting: Int) {
        state.withLock { ($0.open, $0.idle.count, $0.waiters.count) }
    }

    /// Closes the pool: waiters fail with `poolClosed`, idle connections close now, leased ones on return.
    public func close() async {
        let (idle, waiters) = state.withLock { state -> ([PostgresConnection], [Waiter]) in
            state.closed = true
            defer {
                state.open -= state.idle.count
                state.idle = []
                state.waiters = []
            }
            return (state.idle, state.waiters)
        }
        for waiter in waiters { waiter.resume(throwing: Self.closedError) }
        for connection in idle { await connection.close() }
    }

    private static var closedError: PostgresError { PostgresError(code: .poolClosed, message: "the connection pool is closed") }

    // MARK: Leasing

    private func acquire() async throws -> PostgresConnection {
        while true {
            let grant = try await nextGrant()
            switch grant {
            case .connection(let connection):
                if await connection.checkAlive() { return connection }
                logger.info("replacing a broken pooled connection")
                await connection.close()
                // Its slot is ours: open a replacement.
                return try await openConnection()
            case .open:
                return try await openConnection()
            }
        }
    }

    private func openConnection() async throws -> PostgresConnection {
        do {
            let connection = try await PostgresConnection.connect(configuration: connectionConfiguration, logger: logger)
            state.withLock { _ = $0.leased.insert(ObjectIdentifier(connection)) }
            return connection
        } catch {
            await giveBackSlot()
            throw error
        }
    }

    private func nextGrant() async throws -> Grant {
        let immediate = try state.withLock { state -> Grant? in
            if state.closed { throw Self.closedError }
            if let connection = state.idle.popLast() {
                state.leased.insert(ObjectIdentifier(connection))
                return .connection(connection)
            }
            if state.open < configuration.size {
                state.open += 1
                return .open
            }
            return nil
        }
        if let immediate { return immediate }
        let id = state.withLock { state -> Int in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let timeout = configuration.acquireTimeout
        let size = configuration.size
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Grant, any Error>) in
                let timer = Task { [weak self] in
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    self?.failWaiter(
                        id,
                        with: PostgresError(
                            code: .poolTimeout, message: "no database connection became free within \(timeout) (pool size \(size))"))
                }
                // Look again under the lock that enqueues: a release between the first look and here must not park
                // its connection as idle while this waiter sleeps; a cancellation that came before the waiter was
                // enqueued (its handler found nothing to fail) must not wait for the timeout.
                let outcome = state.withLock { state -> Result<Grant, any Error>? in
                    if state.closed { return .failure(Self.closedError) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if let connection = state.idle.popLast() {
                        state.leased.insert(ObjectIdentifier(connection))
                        return .success(.connection(connection))
                    }
                    if state.open < size {
                        state.open += 1
                        return .success(.open)
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation, timer: timer))
                    return nil
                }
                if let outcome {
                    timer.cancel()
                    continuation.resume(with: outcome)
                }
            }
        } onCancel: {
            self.failWaiter(id, with: CancellationError())
        }
    }

    private func failWaiter(_ id: Int, with error: any Error) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.resume(throwing: error)
    }

    private func release(_ connection: PostgresConnection) async {
        var healthy = !connection.isBroken && !connection.isClosed
        if healthy, !(await connection.isIdleOutsideTransaction) {
            logger.warning("a pooled connection was returned inside a transaction; closing it")
            healthy = false
        }
        if !healthy {
            await connection.close()
            state.withLock { _ = $0.leased.remove(ObjectIdentifier(connection)) }
            await giveBackSlot()
            return
        }
        let action = state.withLock { state -> (Waiter?, closeIt: Bool) in
            state.leased.remove(ObjectIdentifier(connection))
            if state.closed {
                state.open -= 1
                return (nil, true)
            }
            if !state.waiters.isEmpty {
                state.leased.insert(ObjectIdentifier(connection))
                return (state.waiters.removeFirst(), false)
            }
            state.idle.append(connection)
            return (nil, false)
        }
        if action.closeIt { await connection.close() }
        action.0?.resume(returning: .connection(connection))
    }

    /// A connection slot became free (its connection closed or failed to open): let a waiter open one.
    private func giveBackSlot() async {
        let waiter = state.withLock { state -> Waiter? in
            if !state.closed, !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.open -= 1
            return nil
        }
        waiter?.resume(returning: .open)
    }
}
