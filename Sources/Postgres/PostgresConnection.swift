import CLibPQ
import Dispatch
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One PostgreSQL session over libpq.
///
/// Every libpq call for this connection runs on the connection's own serial dispatch queue, never on Swift's
/// cooperative thread pool and never on two threads at once. Statements from concurrent tasks are serialised;
/// ``withTransaction(_:)`` holds the connection for the whole transaction, so other tasks cannot slip
/// statements into it.
public final class PostgresConnection: @unchecked Sendable {
    public let configuration: PostgresConfiguration
    let logger: Logger
    /// Confines `handle` and every libpq call on it.
    private let queue: DispatchQueue
    /// The `PGconn`; read and written on `queue` only.
    private var handle: OpaquePointer?
    /// The connection's entry in ``NoticeSinks``.
    private var noticeID: Int?
    /// What reaches a running statement from other threads: the cancel key and the socket.
    private let interrupt = Mutex(Interrupt())
    /// Sends cancel requests: `PQcancel` blocks (it connects to the server), so it runs here, never on the
    /// cooperative pool and never under a lock that ``close()`` takes.
    private let cancelQueue: DispatchQueue
    /// Entered while a cancel request is under way; the next statement waits for it (see ``awaitCancelRequest()``).
    private let cancelInFlight = DispatchGroup()
    private let flags = Mutex(Flags())
    /// Held for each statement, transaction or COPY, so they never interleave.
    private let exclusive = AsyncLock()

    private init(configuration: PostgresConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.queue = DispatchQueue(label: "postgres.connection")
        self.cancelQueue = DispatchQueue(label: "postgres.cancel")
    }

    private struct Flags {
        var broken = false
        var closed = false
        /// The client gave up waiting for the server (``PostgresConfiguration/queryTimeout``).
        var abandoned = false
    }

    private struct Interrupt {
        /// `PGcancel` is safe to use from any thread once made.
        var cancel: CancelBox?
        /// The connection's socket while it is open, to shut down when the server stops answering.
        var socket: Int32 = -1
        var cancelRequested = false
    }

    /// How long a statement waits for an earlier cancel request to complete before the connection is given up.
    static let cancelRequestTimeout: DispatchTimeInterval = .seconds(5)

    /// Opens a connection.
    /// - Throws: ``PostgresError`` with code `connectionRefused`, `authenticationFailed` or `connectionFailed`.
    public static func connect(
        configuration: PostgresConfiguration, logger: Logger = Logger(label: "postgres")
    ) async throws -> PostgresConnection {
        let connection = PostgresConnection(configuration: configuration, logger: logger)
        try await connection.onQueue({ _ in () }, connecting: true)
        return connection
    }

    /// Opens a connection from a URL (`postgres://…`) or a Unix-socket directory path.
    public static func connect(url: String, logger: Logger = Logger(label: "postgres")) async throws -> PostgresConnection {
        try await connect(configuration: PostgresConfiguration(url: url), logger: logger)
    }

    /// Whether a failure has shown that the connection is unusable.
    public var isBroken: Bool { flags.withLock { $0.broken } }
    public var isClosed: Bool { flags.withLock { $0.closed } }

    // MARK: Statements

    /// Runs one statement and returns its rows.
    /// - Throws: ``PostgresError`` (server errors carry the SQLSTATE and fields).
    @discardableResult
    public func query(_ query: PostgresQuery) async throws -> PostgresRows {
        try await withExclusiveAccess {
            try await self.cancellable {
                try await self.withDeadline {
                    try await self.onQueue { conn in try Self.execute(query, on: conn) }
                }
            }
        }
    }

    /// Runs one statement and returns the number of rows it affected.
    @discardableResult
    public func execute(_ query: PostgresQuery) async throws -> Int {
        try await self.query(query).affectedRows
    }

    /// Runs a script of several statements with no parameters (e.g. a migration file), in one round trip.
    /// Statements run in an implicit transaction unless the script manages its own.
    public func runScript(_ sql: String) async throws {
        try await withExclusiveAccess {
            try await self.cancellable {
                try await self.withDeadline {
                    try await self.onQueue { conn in
                        _ = try Self.check(PQexec(conn, sql), on: conn)
                    }
                }
            }
        }
    }

    /// Runs `body` inside `BEGIN … COMMIT`; rolls back if it throws. Other tasks using this connection wait.
    /// Statements made by `body` (on this same connection) join the transaction.
    public func withTransaction<T>(
        isolation: IsolationLevel? = nil, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withExclusiveAccess {
            try await self.execute(PostgresQuery(unsafeSQL: isolation.map { "BEGIN ISOLATION LEVEL \($0.rawValue)" } ?? "BEGIN"))
            let value: T
            do {
                value = try await body(self)
            } catch {
                if !self.isBroken {
                    do { try await self.execute("ROLLBACK") } catch { self.logger.warning("ROLLBACK failed: \(error)") }
                }
                throw error
            }
            try await self.execute("COMMIT")
            return value
        }
    }

    /// Holds the connection for several statements that must not interleave with other tasks' statements
    /// (a session-level advisory lock, `SET` and a query, …). Statements on this connection inside `body` run
    /// without waiting.
    public func withExclusiveAccess<T>(_ body: () async throws -> T) async throws -> T {
        let id = ObjectIdentifier(self)
        if ConnectionOwnership.held.contains(id) { return try await body() }
        guard !isClosed else { throw PostgresError(code: .connectionClosed, message: "the connection is closed") }
        await exclusive.lock()
        do {
            let value = try await ConnectionOwnership.$held.withValue(ConnectionOwnership.held.union([id])) { try await body() }
            exclusive.unlock()
            return value
        } catch {
            exclusive.unlock()
            throw error
        }
    }

    /// Checks, without a round trip, whether the server has closed this connection (e.g. after a restart or
    /// `pg_terminate_backend`). Returns false if it is unusable.
    public func checkAlive() async -> Bool {
        guard !isBroken, !isClosed else { return false }
        do {
            return try await onQueue { conn in
                // An idle connection's socket is readable only if the server said something on its own: a
                // notice, a notification, or its last words before closing. Read until it is quiet again.
                let socket = PQsocket(conn)
                for _ in 0..<8 {
                    var fd = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
                    guard poll(&fd, 1, 0) > 0 else { break }
                    if PQconsumeInput(conn) == 0 { break }
                    while let notify = PQnotifies(conn) { PQfreemem(notify) }
                }
                let alive = PQstatus(conn) == CONNECTION_OK
                if !alive { self.flags.withLock { $0.broken = true } }
                return alive
            }
        } catch {
            return false
        }
    }

    /// Whether the session sits outside any transaction (false after a statement failed mid-transaction too).
    var isIdleOutsideTransaction: Bool {
        get async {
            (try? await onQueue { conn in PQtransactionStatus(conn) == PQTRANS_IDLE }) ?? false
        }
    }

    /// Closes the connection. Later calls fail with `connectionClosed`.
    public func close() async {
        let alreadyClosed = flags.withLock { flags -> Bool in
            defer { flags.closed = true }
            return flags.closed
        }
        guard !alreadyClosed else { return }
        interrupt.withLock {
            $0.cancel = nil
            $0.socket = -1
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                if let handle = self.handle { PQfinish(handle) }
                self.handle = nil
                if let id = self.noticeID { NoticeSinks.remove(id) }
                self.noticeID = nil
                continuation.resume()
            }
        }
    }

    deinit {
        if let handle { PQfinish(handle) }
        if let noticeID { NoticeSinks.remove(noticeID) }
    }

    // MARK: Running on the connection's queue

    /// Runs `work` with the `PGconn` on this connection's queue.
    func onQueue<T: Sendable>(_ work: @escaping @Sendable (OpaquePointer) throws -> T, connecting: Bool = false) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.runLocked(work, connecting: connecting) })
            }
        }
    }

    private func runLocked<T>(_ work: (OpaquePointer) throws -> T, connecting: Bool) throws -> T {
        if connecting { try openOnQueue() }
        guard let handle, !isClosed else {
            throw PostgresError(code: .connectionClosed, message: "the connection is closed")
        }
        try awaitCancelRequest()
        do {
            return try work(handle)
        } catch let error as PostgresError {
            if PQstatus(handle) != CONNECTION_OK {
                flags.withLock { $0.broken = true }
                logger.debug("connection to \(configuration.endpointDescription) broke: \(error.message)")
            }
            throw error
        }
    }

    private func openOnQueue() throws {
        let conn = try LibPQ.connect(configuration)
        handle = conn
        noticeID = NoticeSinks.install(on: conn, logger: logger)
        let cancel = PQgetCancel(conn).map(CancelBox.init)
        let socket = PQsocket(conn)
        interrupt.withLock {
            $0.cancel = cancel
            $0.socket = socket
        }
    }

    /// Sends a cancel request to the server when the calling task is cancelled during `operation`.
    func cancellable<T>(_ operation: () async throws -> T) async throws -> T {
        try await withTaskCancellationHandler {
            try await operation()
        } onCancel: {
            self.requestCancel()
        }
    }

    /// Asks the server to cancel what this connection runs, from the cancel queue. At most one request is under way.
    private func requestCancel() {
        let box = interrupt.withLock { state -> CancelBox? in
            guard let cancel = state.cancel, !state.cancelRequested else { return nil }
            state.cancelRequested = true
            return cancel
        }
        guard let box else { return }
        cancelInFlight.enter()
        cancelQueue.async {
            box.cancel()
            self.interrupt.withLock { $0.cancelRequested = false }
            self.cancelInFlight.leave()
        }
    }

    /// Called on the connection's queue before each statement: a cancel request still on its way to the server could
    /// cancel this next statement instead of the one it was meant for. The server ignores a cancel that arrives while
    /// the session is idle, so waiting until the request has been delivered makes it harmless; if it cannot be
    /// delivered in time, the connection is given up instead.
    private func awaitCancelRequest() throws {
        guard cancelInFlight.wait(timeout: .now() + Self.cancelRequestTimeout) == .success else {
            flags.withLock { $0.broken = true }
            throw PostgresError(
                code: .connectionClosed,
                message:
                    "a cancel request to \(configuration.endpointDescription) did not complete; the connection was given up so that it cannot cancel a later statement"
            )
        }
    }

    /// Runs `operation` (one statement) under ``PostgresConfiguration/queryTimeout``: the server cancels it at the
    /// timeout (`statement_timeout`); if the server has not answered a little later (it is gone, or the network drops
    /// packets without a reset), the socket is shut down, the connection marked broken and the statement fails with
    /// `queryTimeout`. Nothing waits for the operating system's TCP timeout.
    func withDeadline<T>(_ operation: () async throws -> T) async throws -> T {
        guard let timeout = configuration.queryTimeout else { return try await operation() }
        let limit = timeout + PostgresConfiguration.queryTimeoutGrace
        let watchdog = Task { [weak self] in
            guard (try? await Task.sleep(for: limit)) != nil else { return }
            self?.abandon()
        }
        defer { watchdog.cancel() }
        do {
            return try await operation()
        } catch {
            guard flags.withLock({ $0.abandoned }) else { throw error }
            throw PostgresError(
                code: .queryTimeout,
                message: "no answer from \(configuration.endpointDescription) within \(limit); the connection was abandoned")
        }
    }

    /// Gives up on the server: wakes the statement blocked on the socket, and marks the connection broken.
    private func abandon() {
        flags.withLock {
            $0.abandoned = true
            $0.broken = true
        }
        interrupt.withLock { state in
            if state.socket >= 0 { _ = shutdown(state.socket, Int32(SHUT_RDWR)) }
        }
        logger.warning("no answer from \(configuration.endpointDescription) within the query timeout; abandoning the connection")
    }

    // MARK: libpq calls (on the queue)

    static func execute(_ query: PostgresQuery, on conn: OpaquePointer) throws -> PostgresRows {
        if let error = query.binds.encodingError { throw error }
        let values = query.binds.values
        if values.isEmpty {
            return PostgresRows(handle: try check(PQexecParams(conn, query.sql, 0, nil, nil, nil, nil, 0), on: conn))
        }
        // One contiguous buffer of NUL-terminated values, so every pointer stays valid for the call.
        var storage: [UInt8] = []
        var offsets: [Int?] = []
        for value in values {
            guard let bytes = value.bytes else {
                offsets.append(nil)
                continue
            }
            offsets.append(storage.count)
            storage.append(contentsOf: bytes)
            storage.append(0)
        }
        let types = values.map { Oid($0.type.oid) }
        let lengths = values.map { Int32($0.bytes?.count ?? 0) }
        let formats = values.map { Int32($0.binary ? 1 : 0) }
        let result = storage.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            let base = UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            let pointers: [UnsafePointer<CChar>?] = offsets.map { offset in
                offset.map { (base + $0).assumingMemoryBound(to: CChar.self) }
            }
            return PQexecParams(conn, query.sql, Int32(values.count), types, pointers, lengths, formats, 0)
        }
        return PostgresRows(handle: try check(result, on: conn))
    }

    /// Turns a result into a handle or a ``PostgresError``.
    static func check(_ result: OpaquePointer?, on conn: OpaquePointer, allowCopyIn: Bool = false) throws -> ResultHandle {
        guard let result else {
            throw PostgresError(
                code: PQstatus(conn) == CONNECTION_OK ? .unexpectedResponse : .connectionClosed,
                message: LibPQ.connectionMessage(conn))
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return ResultHandle(result)
        case PGRES_COPY_IN where allowCopyIn:
            return ResultHandle(result)
        case PGRES_COPY_IN, PGRES_COPY_BOTH:
            PQclear(result)
            _ = PQputCopyEnd(conn, "COPY must use copyFrom")
            while let extra = PQgetResult(conn) { PQclear(extra) }
            throw PostgresError(code: .unexpectedResponse, message: "COPY statements must be run with copyFrom(_:rows:)")
        case PGRES_COPY_OUT:
            // COPY … TO STDOUT is not supported: read the data to its end and drop it, so that the connection is
            // usable again (PQgetResult alone would return the COPY_OUT result forever).
            PQclear(result)
            var buffer: UnsafeMutablePointer<CChar>?
            while PQgetCopyData(conn, &buffer, 0) >= 0 {
                if let b = buffer { PQfreemem(b) }
                buffer = nil
            }
            while let extra = PQgetResult(conn) { PQclear(extra) }
            throw PostgresError(code: .unexpectedResponse, message: "COPY … TO STDOUT is not supported; select the rows with query() instead")
        default:
            let error = LibPQ.serverError(from: result, connection: conn)
            PQclear(result)
            throw error
        }
    }
}

/// Which connections the current task holds exclusively (so nested statements don't wait on themselves).
enum ConnectionOwnership {
    @TaskLocal static var held: Set<ObjectIdentifier> = []
}

/// Owns a `PGcancel`.
final class CancelBox: @unchecked Sendable {
    let pointer: OpaquePointer
    init(_ pointer: OpaquePointer) { self.pointer = pointer }
    func cancel() {
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(pointer, &buffer, 256)
    }
    deinit { PQfreeCancel(pointer) }
}

/// A transaction isolation level (`BEGIN ISOLATION LEVEL …`).
public enum IsolationLevel: String, Sendable, CaseIterable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}
