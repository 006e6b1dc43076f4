import EventStore
import Foundation
import HelplineDomain

/// Records known non-campaign events (`BaselineEventRecorded`, `BaselineEventWithdrawn`) from the CLI, the HTTP API and
/// the campaign file. Ids are derived from the content: the same recording twice stores one event; other content for
/// the same baseline event id is a correction (the latest recording counts).
public struct BaselineEventRecorder: Sendable {
    public let store: EventStore

    public init(store: EventStore) { self.store = store }

    /// The event that records `data` as baseline event `id`.
    public static func recording(id: String, _ data: BaselineEventRecorded, source: String, now: Date = Date()) -> HelplineEvent {
        let body = BaselineEventData.recorded(data)
        return .baseline(eventId: body.eventID(baselineEventId: id), occurredAt: Timestamp(now), source: source, baselineEventId: id, body)
    }

    /// Records (or corrects) baseline event `id`.
    public func record(id: String, _ data: BaselineEventRecorded, source: String, now: Date = Date()) async throws
        -> CampaignRecorder.Outcome
    {
        try await append(Self.recording(id: id, data, source: source, now: now), now: now, requireExisting: false)
    }

    /// Withdraws baseline event `id`; it must have been recorded.
    public func withdraw(id: String, source: String, now: Date = Date()) async throws -> CampaignRecorder.Outcome {
        let body = BaselineEventData.withdrawn(BaselineEventWithdrawn())
        let event = HelplineEvent.baseline(
            eventId: body.eventID(baselineEventId: id), occurredAt: Timestamp(now), source: source, baselineEventId: id, body)
        return try await append(event, now: now, requireExisting: true)
    }

    /// Records several events at once, all or nothing (the campaign file's `baselineEvents`); events already stored
    /// with the same content are skipped.
    func appendNew(_ events: [HelplineEvent]) async throws -> (new: [HelplineEvent], alreadyPresent: Int) {
        let stored = try await store.storedContent(ids: events.map(\.eventId))
        var present = 0
        let new = try events.filter { event in
            guard let existing = stored[event.eventId] else { return true }
            guard existing.type == event.eventType.rawValue, existing.data == event.storageRecord.data else {
                throw EventIDConflict(eventID: event.eventId, storedStreamID: existing.stream, storedPosition: existing.position)
            }
            present += 1
            return false
        }
        return (new, present)
    }

    private func append(_ event: HelplineEvent, now: Date, requireExisting: Bool) async throws -> CampaignRecorder.Outcome {
        try event.validate(now: now)
        let (new, present) = try await appendNew([event])
        guard !new.isEmpty else { return .init(written: 0, alreadyPresent: present, positions: []) }
        let version = try await store.streamVersion(event.streamId)
        if requireExisting && version == 0 { throw BaselineEventError.unknown(event.baselineEventId ?? "") }
        let result = try await store.append(to: event.streamId, events: [event.newEvent])
        return .init(written: 1 - result.alreadyStored, alreadyPresent: result.alreadyStored, positions: result.positions)
    }
}

/// A baseline-event command that does not fit what is recorded.
public enum BaselineEventError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknown(String)

    public var description: String {
        switch self {
        case .unknown(let id): "baseline event \(id) is not recorded: nothing to withdraw"
        }
    }
}
