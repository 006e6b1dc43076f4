import Foundation

/// Any event of the catalogue: the envelope (id, time, source, stream identity) and the data.
///
/// Build events in code with ``contact(eventId:occurredAt:source:helpline:contactId:_:)`` or
/// ``campaign(eventId:occurredAt:source:campaignId:_:)`` and check them with ``validate(now:)``;
/// decode untrusted JSON with ``decode(json:now:)``; store them with ``storageRecord`` and read
/// them back with ``init(storageRecord:)``.
public struct HelplineEvent: Sendable, Hashable {
    /// The only schema version so far.
    public static let currentSchemaVersion = 1

    /// What the event is about and its data.
    public enum Body: Sendable, Hashable {
        /// An event of stream `contact-{helpline}-{contactId}`.
        case contact(helpline: String, contactId: String, ContactEventData)
        /// An event of stream `campaign-{campaignId}`.
        case campaign(campaignId: String, CampaignEventData)
        /// An event of stream `baseline-{baselineEventId}`: a known non-campaign event.
        case baseline(baselineEventId: String, BaselineEventData)
    }

    public var eventId: UUID
    /// Business time of the event, in UTC.
    public var occurredAt: Timestamp
    /// The system that produced the event (`telephony`, `csv-import`, `cli`, …): an identifier.
    public var source: String
    public var body: Body

    public init(eventId: UUID, occurredAt: Timestamp, source: String, body: Body) {
        self.eventId = eventId
        self.occurredAt = occurredAt
        self.source = source
        self.body = body
    }

    /// A contact event.
    public static func contact(
        eventId: UUID, occurredAt: Timestamp, source: String, helpline: String, contactId: String, _ data: ContactEventData
    ) -> HelplineEvent {
        HelplineEvent(eventId: eventId, occurredAt: occurredAt, source: source, body: .contact(helpline: helpline, contactId: contactId, data))
    }

    /// A campaign event.
    public static func campaign(
        eventId: UUID, occurredAt: Timestamp, source: String, campaignId: String, _ data: CampaignEventData
    ) -> HelplineEvent {
        HelplineEvent(eventId: eventId, occurredAt: occurredAt, source: source, body: .campaign(campaignId: campaignId, data))
    }

    /// Always ``currentSchemaVersion``.
    public var schemaVersion: Int { Self.currentSchemaVersion }

    public var eventType: EventType {
        switch body {
        case .contact(_, _, let data): data.eventType
        case .campaign(_, let data): data.eventType
        case .baseline(_, let data): data.eventType
        }
    }

    /// `contact-{helpline}-{contactId}` or `campaign-{campaignId}`.
    public var streamId: String {
        switch body {
        case .contact(let helpline, let contactId, _): Self.contactStreamId(helpline: helpline, contactId: contactId)
        case .campaign(let campaignId, _): Self.campaignStreamId(campaignId: campaignId)
        case .baseline(let id, _): Self.baselineStreamId(baselineEventId: id)
        }
    }

    public static func contactStreamId(helpline: String, contactId: String) -> String { "contact-\(helpline)-\(contactId)" }
    public static func campaignStreamId(campaignId: String) -> String { "campaign-\(campaignId)" }
    public static func baselineStreamId(baselineEventId: String) -> String { "baseline-\(baselineEventId)" }

    /// A baseline event.
    public static func baseline(eventId: UUID, occurredAt: Timestamp, source: String, baselineEventId: String, _ data: BaselineEventData)
        -> HelplineEvent
    {
        HelplineEvent(eventId: eventId, occurredAt: occurredAt, source: source, body: .baseline(baselineEventId: baselineEventId, data))
    }

    /// The helpline of a contact event; nil for campaign events.
    public var helpline: String? {
        if case .contact(let helpline, _, _) = body { return helpline }
        return nil
    }

    /// The contact id of a contact event; nil for campaign events.
    public var contactId: String? {
        if case .contact(_, let contactId, _) = body { return contactId }
        return nil
    }

    /// The baseline event id of a baseline event; nil otherwise.
    public var baselineEventId: String? {
        if case .baseline(let id, _) = body { return id }
        return nil
    }

    /// The campaign id of a campaign event; nil for contact events.
    public var campaignId: String? {
        if case .campaign(let campaignId, _) = body { return campaignId }
        return nil
    }

    var payload: any PayloadCoding {
        switch body {
        case .contact(_, _, let data): data.payload
        case .campaign(_, let data): data.payload
        case .baseline(_, let data): data.payload
        }
    }
}
