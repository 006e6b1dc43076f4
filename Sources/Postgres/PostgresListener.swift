import CLibPQ
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A notification delivered by `NOTIFY channel, 'payload'` (or `pg_notify`).
public struct PostgresNotification: Sendable, Equatable {
    public let channel: String
    public let payload: String
    /// The process id of the notifying backend.
    public let processID: Int32
}

/// `LISTEN` on a dedicated connection, delivered as an `AsyncSequence`.
///
/// The listener owns its own connection and its own thread, which sleeps in `poll(2)` on the connection's
/// socket (and a wake-up pipe for ``close()``), so it never spins and never occupies Swift's thread pool.
/// If the connection breaks, ``notifications`` finishes with the error; callers that must not miss events
/// should re-read their source after reconnecting (a notification is a hint, not the data).
public final class PostgresListener: Sendable {
    /// The notifications, in the order the server sent them. Iterate it once.
    public let notifications: AsyncThrowingStream<PostgresNotification, any Error>
    private let continuation: AsyncThrowingStream<PostgresNotification, any Error>.Continuation
    private let wakePipe: WakePipe
    private let closed = Mutex(false)

    /// Connects and runs `LISTEN` for each channel before returning, so no notification sent after this
    /// returns is missed.
    public static func listen(
        configuration: PostgresConfiguration, channels: [String], logger: Logger = Logger(label: "postgres.listener")
    ) async throws -> PostgresListener {
        let (stream, continuation) = AsyncThrowingStream<PostgresNotification, any Error>.makeStream()
        let wakePipe = try WakePipe()
        continuation.onTermination = { _ in wakePipe.wake() }
        let listener = PostgresListener(notifications: stream, continuation: continuation, wakePipe: wakePipe)
        try await withCheckedThrowingContinuation { (ready: CheckedContinuation<Void, any Error>) in
            // The thread holds the pipe and the continuation, not the listener, so dropping the listener closes it.
            let thread = Thread {
                Self.run(
                    configuration: configuration, channels: channels, logger: logger, wakePipe: wakePipe, continuation: continuation,
                    ready: ready)
            }
            thread.name = "postgres.listener"
            thread.start()
        }
        return listener
    }

    private init(
        notifications: AsyncThrowingStream<PostgresNotification, any Error>,
        continuation: AsyncThrowingStream<PostgresNotification, any Error>.Continuation, wakePipe: WakePipe
    ) {
        self.notifications = notifications
        self.continuation = continuation
        self.wakePipe = wakePipe
    }

    /// Stops listening, closes the connection, and finishes ``notifications``.
    public func close() {
        let wasClosed = closed.withLock { closed -> Bool in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        wakePipe.wake()
    }

    deinit { close() }

    /// The listener thread: connect, LISTEN, then poll until closed or broken.
    private static func run(
        configuration: PostgresConfiguration, channels: [String], logger: Logger, wakePipe: WakePipe,
        continuation: AsyncThrowingStream<PostgresNotification, any Error>.Continuation, ready: CheckedContinuation<Void, any Error>
    ) {
        let conn: OpaquePointer
        do {
            conn = try LibPQ.connect(configuration)
        } catch {
            ready.resume(throwing: error)
            continuation.finish()
            return
        }
        defer { PQfinish(conn) }
        let noticeID = NoticeSinks.install(on: conn, logger: logger)
        defer { NoticeSinks.remove(noticeID) }
        for channel in channels {
            do {
                _ = try PostgresConnection.check(PQexec(conn, "LISTEN " + PostgresQuery.quoteIdentifier(channel)), on: conn)
            } catch {
                ready.resume(throwing: error)
                continuation.finish(throwing: error)
                return
            }
        }
        ready.resume()
        let socket = PQsocket(conn)
        while true {
            var fds = [pollfd(fd: socket, events: Int16(POLLIN), revents: 0), pollfd(fd: wakePipe.read, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                continuation.finish(throwing: PostgresError(code: .connectionClosed, message: "poll failed: errno \(errno)"))
                return
            }
            if fds[1].revents != 0 {
                continuation.finish()
                return
            }
            if PQconsumeInput(conn) == 0 {
                let error = PostgresError(code: .connectionClosed, message: "listener connection lost: \(LibPQ.connectionMessage(conn))")
                logger.warning("\(error.message)")
                continuation.finish(throwing: error)
                return
            }
            while let notify = PQnotifies(conn) {
                let n = notify.pointee
                continuation.yield(
                    PostgresNotification(channel: String(cString: n.relname), payload: String(cString: n.extra), processID: n.be_pid))
                PQfreemem(notify)
            }
        }
    }
}

/// A pipe whose write end wakes the listener thread out of `poll(2)`.
final class WakePipe: Sendable {
    let read: Int32
    let write: Int32

    init() throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw PostgresError(code: .connectionFailed, message: "could not create a wake-up pipe: errno \(errno)")
        }
        read = fds[0]
        write = fds[1]
    }

    func wake() {
        var byte: UInt8 = 1
        _ = systemWrite(write, &byte, 1)
    }

    deinit {
        _ = systemClose(read)
        _ = systemClose(write)
    }
}

#if canImport(Glibc)
    private let systemWrite = Glibc.write
    private let systemClose = Glibc.close
#else
    private let systemWrite = Darwin.write
    private let systemClose = Darwin.close
#endif
