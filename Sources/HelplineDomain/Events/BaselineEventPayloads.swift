import Foundation

/// What kind of non-campaign event moved a helpline's contacts (docs/EVENTS.md, docs/STATISTICS.md §2).
public enum BaselineEventKind: String, DomainEnum {
    /// The level changed from `start` and stayed changed until `end` (or until now): a lockdown, a new number.
    case levelShift = "level_shift"
    /// A short burst that fades: a media story, a television programme.
    case pulse
    /// The line was (partly) closed or unreachable: a strike, an outage of the telephony platform.
    case closure
}

/// A known non-campaign event that the campaign model should take as a regressor (`BaselineEventRecorded`).
/// Recording the same event id again with other content corrects it: the latest recording counts.
public struct BaselineEventRecorded: PayloadCoding {
    public static let eventType = EventType.baselineEventRecorded
    public var kind: BaselineEventKind
    /// First local day affected.
    public var start: CalendarDate
    /// Last local day affected; absent for a level shift that still lasts, or a one-day pulse or closure.
    public var end: CalendarDate?
    /// The helplines affected (at least one).
    public var helplines: [String]
    /// The contact channels affected; empty means every channel.
    public var channels: [ContactChannel]
    /// A short label (at most 100 characters), e.g. `COVID-19 measures`. Never about a person: no names, phone
    /// numbers or e-mail addresses.
    public var label: String

    public init(
        kind: BaselineEventKind, start: CalendarDate, end: CalendarDate? = nil, helplines: [String], channels: [ContactChannel] = [],
        label: String
    ) {
        self.kind = kind
        self.start = start
        self.end = end
        self.helplines = helplines
        self.channels = channels
        self.label = label
    }

    init?(reading r: inout ObjectReader) {
        let kind = r.enumValue("kind", BaselineEventKind.self)
        let start = r.date("start")
        let end = r.date("end", required: false)
        let helplines = r.stringArray("helplines")
        let channels = r.enumArray("channels", ContactChannel.self, required: false)
        let label = r.string("label")
        guard let kind, let start, let helplines, let label else { return nil }
        self.init(kind: kind, start: start, end: end, helplines: helplines, channels: channels ?? [], label: label)
    }

    func write(into m: inout Members) {
        m.put("kind", kind)
        m.put("start", start)
        m.put("end", end)
        m.put("helplines", helplines)
        if !channels.isEmpty { m.put("channels", channels) }
        m.put("label", label)
    }

    func validate(_ v: Validator) {
        v.date("start", start)
        if let end { v.date("end", end) }
        v.dateOrder(startKey: "start", start, endKey: "end", end)
        if helplines.isEmpty { v.issues.add(v.field("helplines"), "must name at least one helpline") }
        for (i, h) in helplines.enumerated() { v.identifier("helplines[\(i)]", h) }
        if Set(helplines).count != helplines.count { v.issues.add(v.field("helplines"), "must not contain duplicates") }
        if Set(channels).count != channels.count { v.issues.add(v.field("channels"), "must not contain duplicates") }
        v.text("label", label, max: ValidationRules.maxLabelLength)
    }
}

/// A recorded baseline event was a mistake and no longer counts (`BaselineEventWithdrawn`).
public struct BaselineEventWithdrawn: PayloadCoding {
    public static let eventType = EventType.baselineEventWithdrawn

    public init() {}

    init?(reading r: inout ObjectReader) { self.init() }
    func write(into m: inout Members) {}
    func validate(_ v: Validator) {}
}

/// The data of a baseline event, one case per baseline event type.
public enum BaselineEventData: Sendable, Hashable {
    case recorded(BaselineEventRecorded)
    case withdrawn(BaselineEventWithdrawn)

    public var eventType: EventType { payload.eventTypeOfInstance }

    var payload: any PayloadCoding {
        switch self {
        case .recorded(let p): p
        case .withdrawn(let p): p
        }
    }

    static func read(_ type: EventType, _ r: inout ObjectReader) -> BaselineEventData? {
        switch type {
        case .baselineEventRecorded: BaselineEventRecorded(reading: &r).map(Self.recorded)
        case .baselineEventWithdrawn: BaselineEventWithdrawn(reading: &r).map(Self.withdrawn)
        default: nil
        }
    }

    /// The deterministic id of this event for baseline event `id`: the same content recorded again is the same
    /// event (a retry stores nothing); other content is a new event, a correction.
    public func eventID(baselineEventId id: String) -> UUID {
        switch self {
        case .recorded(let p):
            EventIDs.baselineEvent(
                id: id, type: eventType,
                content: [
                    p.kind.rawValue, p.start.description, p.end?.description ?? "", p.helplines.joined(separator: ","),
                    p.channels.map(\.rawValue).joined(separator: ","), p.label,
                ])
        case .withdrawn: EventIDs.baselineEvent(id: id, type: eventType)
        }
    }
}
