import Logging
import Postgres
import Synchronization

/// Wakes a reader when `NOTIFY es_events` arrives, over a `LISTEN` connection that is opened again (with a back-off)
/// whenever it breaks or cannot be opened: a server restart, a failover or a terminated backend costs one retry
/// interval, not the listener for the rest of the process. While it is down, the reader's own poll interval is its
/// only wake-up, and each (re)connection wakes the reader once, since a notification may have been missed meanwhile.
/// A notification is a hint, never the data.
public final class EventNotifications: Sendable {
    /// Signalled on every notification and on every (re)connection.
    public let signal = WakeSignal()
    private let state = ListenState()
    private let loop = Mutex<Task<Void, Never>?>(nil)

    /// Starts listening in the background. Call ``close()`` when done.
    public init(
        configuration: PostgresConfiguration, logger: Logger, retryInterval: Duration = .milliseconds(500),
        maximumRetryInterval: Duration = .seconds(30)
    ) {
        let task = Task { [signal, state] in
            var delay = retryInterval
            while !Task.isCancelled {
                do {
                    let listener = try await PostgresListener.listen(
                        configuration: configuration, channels: [EventStore.notificationChannel], logger: logger)
                    state.value.withLock {
                        $0.listening = true
                        $0.sessions += 1
                    }
                    delay = retryInterval
                    signal.signal()
                    await withTaskCancellationHandler {
                        do {
                            for try await _ in listener.notifications { signal.signal() }
                        } catch {
                            logger.warning("event notifications: the listening connection broke (\(error)); reconnecting")
                        }
                    } onCancel: {
                        listener.close()
                    }
                    listener.close()
                    state.value.withLock { $0.listening = false }
                } catch {
                    logger.warning("event notifications unavailable (\(error)); polling meanwhile, retrying in \(delay)")
                }
                if Task.isCancelled { break }
                signal.signal()
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, maximumRetryInterval)
            }
        }
        loop.withLock { $0 = task }
    }

    /// Whether a `LISTEN` connection is open now.
    public var isListening: Bool { state.value.withLock { $0.listening } }

    /// How many `LISTEN` connections have been opened so far (1 unless one broke and was replaced).
    public var sessions: Int { state.value.withLock { $0.sessions } }

    /// Stops listening and closes the connection.
    public func close() {
        loop.withLock { $0?.cancel() }
    }

    deinit { close() }
}

/// Shared between ``EventNotifications`` and its listening task.
private final class ListenState: Sendable {
    let value = Mutex((listening: false, sessions: 0))
}
