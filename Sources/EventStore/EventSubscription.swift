import Logging
import Postgres

extension EventStore {
    /// Every event after `cursor`, then new ones as they are appended, in catch-up order. Woken by
    /// `NOTIFY es_events`; polls every `pollInterval` as well, so a lost notification or a broken listener
    /// only delays delivery. Pull-based: nothing is read ahead of the consumer beyond one batch.
    public func subscribe(after cursor: ReadCursor, batchSize: Int = 500, pollInterval: Duration = .seconds(2)) -> EventSubscription {
        EventSubscription(store: self, start: cursor, batchSize: batchSize, pollInterval: pollInterval)
    }
}

/// An endless, gap-safe sequence of events; ends when the consuming task is cancelled.
public struct EventSubscription: AsyncSequence, Sendable {
    public typealias Element = RecordedEvent
    let store: EventStore
    let start: ReadCursor
    let batchSize: Int
    let pollInterval: Duration

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(state: SubscriptionState(store: store, cursor: start, batchSize: batchSize, pollInterval: pollInterval))
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let state: SubscriptionState
        public mutating func next() async throws -> RecordedEvent? { try await state.next() }
    }
}

/// The reading loop behind ``EventSubscription``.
actor SubscriptionState {
    let store: EventStore
    let batchSize: Int
    let pollInterval: Duration
    private var cursor: ReadCursor
    private var buffer: [RecordedEvent] = []
    private var index = 0
    private let signal = WakeSignal()
    private var listener: PostgresListener?
    private var listenerTask: Task<Void, Never>?
    private var nextListenerAttempt = ContinuousClock.now
    private var emptyReadsAfterWake = 0

    init(store: EventStore, cursor: ReadCursor, batchSize: Int, pollInterval: Duration) {
        self.store = store
        self.cursor = cursor
        self.batchSize = batchSize
        self.pollInterval = pollInterval
    }

    func next() async throws -> RecordedEvent? {
        while !Task.isCancelled {
            if index < buffer.count {
                let event = buffer[index]
                index += 1
                cursor = event.cursor
                return event
            }
            // Listen before reading, so a notification sent after the read is not missed.
            await ensureListener()
            let batch = try await store.readAll(after: cursor, limit: batchSize)
            if !batch.isEmpty {
                buffer = batch
                index = 0
                emptyReadsAfterWake = 0
                continue
            }
            if emptyReadsAfterWake > 0 && Duration.milliseconds(25 * emptyReadsAfterWake) < pollInterval {
                // Notified but not yet visible: an older transaction still holds the horizon. Look again every
                // 25 ms, up to the poll interval.
                emptyReadsAfterWake += 1
                await signal.wait(timeout: .milliseconds(25))
                continue
            }
            emptyReadsAfterWake = await signal.wait(timeout: pollInterval) ? 1 : 0
        }
        close()
        return nil
    }

    private func ensureListener() async {
        guard listener == nil, ContinuousClock.now >= nextListenerAttempt else { return }
        do {
            let listener = try await PostgresListener.listen(
                configuration: store.pool.connectionConfiguration, channels: [EventStore.notificationChannel], logger: store.logger)
            self.listener = listener
            let signal = self.signal
            listenerTask = Task { [weak self] in
                do {
                    for try await _ in listener.notifications { signal.signal() }
                } catch {
                    await self?.listenerFailed(error)
                }
            }
        } catch {
            listenerFailed(error)
        }
    }

    private func listenerFailed(_ error: any Error) {
        store.logger.warning("event notifications unavailable, polling every \(pollInterval): \(error)")
        listener?.close()
        listener = nil
        nextListenerAttempt = ContinuousClock.now + pollInterval
        signal.signal()
    }

    private func close() {
        listener?.close()
        listener = nil
        listenerTask?.cancel()
    }

    deinit {
        listener?.close()
        listenerTask?.cancel()
    }
}
