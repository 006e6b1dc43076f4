import Foundation

extension HelplineEvent {
    /// Decodes and validates one event document (the wire format of `docs/EVENTS.md`).
    /// Unknown fields are rejected at every level. Never traps, whatever the input.
    public static func decode<Bytes: Sequence>(json: Bytes, now: Date = Date()) throws(ValidationError) -> HelplineEvent
    where Bytes.Element == UInt8 {
        let value: JSONValue
        do { value = try JSONParser.parse(json) } catch { throw ValidationError(field: "", message: error.description) }
        return try decode(value, now: now)
    }

    /// Decodes and validates a parsed event document.
    public static func decode(_ value: JSONValue, now: Date = Date()) throws(ValidationError) -> HelplineEvent {
        let issues = IssueCollector()
        let event = read(value, path: "", issues: issues, now: Timestamp(now), validate: true)
        try issues.throwIfAny()
        return event!
    }

    /// Decodes a document holding one event object or an array of them (as posted over HTTP).
    /// Paths in issues of an array start with the index, e.g. `[3].data.waitSeconds`.
    public static func decodeOneOrMany<Bytes: Sequence>(json: Bytes, now: Date = Date()) throws(ValidationError) -> [HelplineEvent]
    where Bytes.Element == UInt8 {
        let value: JSONValue
        do { value = try JSONParser.parse(json) } catch { throw ValidationError(field: "", message: error.description) }
        guard case .array(let elements) = value else { return [try decode(value, now: now)] }
        let issues = IssueCollector()
        let events = elements.enumerated().map { i, element in
            read(element, path: "[\(i)]", issues: issues, now: Timestamp(now), validate: true)
        }
        try issues.throwIfAny()
        return events.map { $0! }
    }

    static func read(_ value: JSONValue, path: String, issues: IssueCollector, now: Timestamp, validate: Bool) -> HelplineEvent? {
        let before = issues.issues.count
        guard var r = ObjectReader(value, path: path, issues: issues) else { return nil }
        let eventId = r.string("eventId").flatMap { s -> UUID? in
            guard let id = UUID(uuidString: s), s.count == 36 else {
                issues.add(r.field("eventId"), "must be a UUID like 2ed6657d-e927-568b-b0bd-3b6d1a7f5a23, got \(ValidationRules.quoted(s))")
                return nil
            }
            return id
        }
        let type = r.enumValue("type", EventType.self)
        if let version = r.integer("schemaVersion"), version != Int64(currentSchemaVersion) {
            issues.add(r.field("schemaVersion"), "unsupported schema version \(version); this version reads \(currentSchemaVersion)")
        }
        let occurredAt = r.timestamp("occurredAt")
        let source = r.string("source")
        var helpline: String?
        var contactId: String?
        var campaignId: String?
        var baselineEventId: String?
        if let type {
            if type.isContactEvent {
                helpline = r.string("helpline")
                contactId = r.string("contactId")
            } else if type.isBaselineEvent {
                baselineEventId = r.string("baselineEventId")
            } else {
                campaignId = r.string("campaignId")
            }
        } else {
            r.skip("helpline", "contactId", "campaignId", "baselineEventId", "data")
        }
        var data: Body?
        if var d = r.object("data") {
            if let type {
                if type.isContactEvent {
                    let contactData = ContactEventData.read(type, &d)
                    if let helpline, let contactId, let contactData { data = .contact(helpline: helpline, contactId: contactId, contactData) }
                } else if type.isBaselineEvent {
                    let baselineData = BaselineEventData.read(type, &d)
                    if let baselineEventId, let baselineData { data = .baseline(baselineEventId: baselineEventId, baselineData) }
                } else {
                    let campaignData = CampaignEventData.read(type, &d)
                    if let campaignId, let campaignData { data = .campaign(campaignId: campaignId, campaignData) }
                }
                d.finish()
            }
        }
        r.finish()
        guard issues.issues.count == before, let eventId, let occurredAt, let source, let data else { return nil }
        let event = HelplineEvent(eventId: eventId, occurredAt: occurredAt, source: source, body: data)
        if validate { event.validate(into: issues, path: path, now: now) }
        return issues.issues.count == before ? event : nil
    }

    /// The `data` object as a JSON value.
    public var dataJSON: JSONValue {
        var m = Members()
        payload.write(into: &m)
        return m.value
    }

    /// The whole event document as a JSON value (envelope and data).
    public var json: JSONValue {
        var m = Members()
        m.put("eventId", eventId.uuidString.lowercased())
        m.put("type", eventType)
        m.put("schemaVersion", schemaVersion)
        m.put("occurredAt", occurredAt)
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
        m.put("data", dataJSON)
        return m.value
    }

    /// The canonical JSON text of the whole event: sorted keys, no whitespace, UTC timestamps,
    /// lowercase UUID. Decoding it gives back an equal event.
    public var canonicalJSON: String { CanonicalJSON.string(json) }
}

extension HelplineEvent: Codable {
    /// Decodes with full validation (as ``decode(_:now:)`` with the current time).
    public init(from decoder: any Decoder) throws {
        let value = try JSONValue(from: decoder)
        self = try HelplineEvent.decode(value)
    }

    public func encode(to encoder: any Encoder) throws { try json.encode(to: encoder) }
}

extension HelplineEvent {
    /// Decodes several parsed event documents, reporting every invalid one; issue paths start with
    /// `pathPrefix` and the index, e.g. `events[3].data.waitSeconds`.
    public static func decode(elements: [JSONValue], pathPrefix: String = "", now: Date = Date()) throws(ValidationError) -> [HelplineEvent] {
        let issues = IssueCollector()
        let events = elements.enumerated().map { i, element in
            read(element, path: "\(pathPrefix)[\(i)]", issues: issues, now: Timestamp(now), validate: true)
        }
        try issues.throwIfAny()
        return events.map { $0! }
    }
}
