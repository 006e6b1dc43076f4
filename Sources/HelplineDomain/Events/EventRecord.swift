import Foundation

/// An event split into the columns of the event store (`es.events`): what the store writes and
/// what projections read back.
///
/// `data` is the canonical JSON of the event's data object; `metadata` is the canonical JSON of
/// the rest of the envelope: `{"contactId":…,"helpline":…,"source":…}` for contact events,
/// `{"campaignId":…,"source":…}` for campaign events.
public struct EventRecord: Sendable, Hashable {
    public var streamId: String
    public var eventId: UUID
    public var eventType: String
    public var schemaVersion: Int
    public var occurredAt: Timestamp
    public var data: String
    public var metadata: String

    public init(
        streamId: String, eventId: UUID, eventType: String, schemaVersion: Int, occurredAt: Timestamp, data: String, metadata: String
    ) {
        self.streamId = streamId
        self.eventId = eventId
        self.eventType = eventType
        self.schemaVersion = schemaVersion
        self.occurredAt = occurredAt
        self.data = data
        self.metadata = metadata
    }
}

extension HelplineEvent {
    /// The store columns of this event.
    public var storageRecord: EventRecord { storageRecord(metadata: storageMetadata) }

    /// The canonical metadata column: the envelope fields that are not columns.
    var storageMetadata: String {
        var m = Members()
        m.put("source", source)
        switch body {
        case .contact(let helpline, let contactId, _):
            m.put("helpline", helpline)
            m.put("contactId", contactId)
        case .campaign(let campaignId, _):
            m.put("campaignId", campaignId)
        case .baseline(let id, _):
            m.put("baselineEventId", id)
        }
        return CanonicalJSON.string(m.value)
    }

    func storageRecord(metadata: String, streamId: String? = nil) -> EventRecord {
        EventRecord(
            streamId: streamId ?? self.streamId, eventId: eventId, eventType: eventType.rawValue, schemaVersion: schemaVersion,
            occurredAt: occurredAt, data: CanonicalJSON.string(dataJSON), metadata: metadata)
    }

    /// Rebuilds an event from its store columns. Checks structure (types, enum values, unknown
    /// fields) but not the time window, so old events always read back; also checks that the
    /// stream id matches the metadata.
    public init(storageRecord record: EventRecord) throws(ValidationError) {
        let issues = IssueCollector()
        func parse(_ text: String, _ field: String) -> JSONValue? {
            do { return try JSONParser.parse(text) } catch {
                issues.add(field, error.description)
                return nil
            }
        }
        guard let data = parse(record.data, "data"), let metadata = parse(record.metadata, "metadata") else {
            throw ValidationError(issues: issues.issues)
        }
        guard case .object(var members) = metadata else {
            throw ValidationError(field: "metadata", message: "expected an object, got \(metadata.typeDescription)")
        }
        members.append(("eventId", .string(record.eventId.uuidString)))
        members.append(("type", .string(record.eventType)))
        members.append(("schemaVersion", .integer(Int64(record.schemaVersion))))
        members.append(("occurredAt", .string(record.occurredAt.description)))
        members.append(("data", data))
        guard let event = HelplineEvent.read(.object(members), path: "", issues: issues, now: record.occurredAt, validate: false) else {
            throw ValidationError(issues: issues.issues)
        }
        if event.streamId != record.streamId {
            throw ValidationError(field: "streamId", message: "does not match the metadata: expected \(event.streamId), got \(record.streamId)")
        }
        self = event
    }
}
