import EventStore
import HelplineDomain

extension HelplineEvent {
    /// The event as the store appends it.
    public var newEvent: NewEvent {
        let record = storageRecord
        return NewEvent(
            id: record.eventId, type: record.eventType, occurredAt: record.occurredAt.date, data: record.data, metadata: record.metadata,
            schemaVersion: Int16(record.schemaVersion))
    }
}

extension Array where Element == HelplineEvent {
    /// The events grouped by stream, in their order, each stream appended with `expectedVersion`.
    public func streamAppends(expectedVersion: (String) -> ExpectedVersion = { _ in .any }) -> [StreamAppend] {
        var order: [String] = []
        var byStream: [String: [NewEvent]] = [:]
        for event in self {
            let stream = event.streamId
            if byStream[stream] == nil { order.append(stream) }
            byStream[stream, default: []].append(event.newEvent)
        }
        return order.map { StreamAppend(streamID: $0, expectedVersion: expectedVersion($0), events: byStream[$0]!) }
    }
}
