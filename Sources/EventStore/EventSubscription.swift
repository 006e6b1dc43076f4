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
    private var notifications: EventNotifications?
    private var emptyReadsAfterWake = 0

    init(store: EventStore, cursor: ReadCursor, batchSize: Int, pollInterval: Duration) {
        self.store = store
        self.cursor = cursor
        self.batchSize = batchSize
        self.pollInterval = pollInterval
    }

    func next() async throws -> RecordedEvent? {
        // Listen before reading: a notification sent after the read is not missed (and the connection, once open,
        // wakes the loop once in case one came before).
        let notifications =
            self.notifications ?? EventNotifications(configuration: store.pool.connectionConfiguration, logger: store.logger)
        self.notifications = notifications
        while !Task.isCancelled {
            if index < buffer.count {
                let event = buffer[index]
                index += 1
                cursor = event.cursor
                return event
            }
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
                await notifications.signal.wait(timeout: .milliseconds(25))
                continue
            }
            emptyReadsAfterWake = await notifications.signal.wait(timeout: pollInterval) ? 1 : 0
        }
        notifications.close()
        self.notifications = nil
        return nil
    }

    deinit {
        notifications?.close()
    }
}
