/// The data of a contact event, one case per contact event type.
public enum ContactEventData: Sendable, Hashable {
    case received(ContactReceived)
    case answered(ContactAnswered)
    case abandoned(ContactAbandoned)
    case ended(ContactEnded)
    case classified(ContactClassified)
    case reclassified(ContactReclassified)
    case voided(ContactVoided)

    public var eventType: EventType { payload.eventTypeOfInstance }

    var payload: any PayloadCoding {
        switch self {
        case .received(let p): p
        case .answered(let p): p
        case .abandoned(let p): p
        case .ended(let p): p
        case .classified(let p): p
        case .reclassified(let p): p
        case .voided(let p): p
        }
    }

    static func read(_ type: EventType, _ r: inout ObjectReader) -> ContactEventData? {
        switch type {
        case .contactReceived: ContactReceived(reading: &r).map(Self.received)
        case .contactAnswered: ContactAnswered(reading: &r).map(Self.answered)
        case .contactAbandoned: ContactAbandoned(reading: &r).map(Self.abandoned)
        case .contactEnded: ContactEnded(reading: &r).map(Self.ended)
        case .contactClassified: ContactClassified(reading: &r).map(Self.classified)
        case .contactReclassified: ContactReclassified(reading: &r).map(Self.reclassified)
        case .contactVoided: ContactVoided(reading: &r).map(Self.voided)
        default: nil
        }
    }
}

extension PayloadCoding {
    var eventTypeOfInstance: EventType { Self.eventType }
}
