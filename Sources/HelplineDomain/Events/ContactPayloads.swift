/// A contact reached the helpline (`ContactReceived`).
public struct ContactReceived: PayloadCoding {
    public static let eventType = EventType.contactReceived
    public var channel: ContactChannel
    public var receivedAt: Timestamp
    /// Whether the contact arrived during opening hours, if known.
    public var inOpeningHours: Bool?

    public init(channel: ContactChannel, receivedAt: Timestamp, inOpeningHours: Bool? = nil) {
        self.channel = channel
        self.receivedAt = receivedAt
        self.inOpeningHours = inOpeningHours
    }

    init?(reading r: inout ObjectReader) {
        let channel = r.enumValue("channel", ContactChannel.self)
        let receivedAt = r.timestamp("receivedAt")
        let inOpeningHours = r.bool("inOpeningHours", required: false)
        guard let channel, let receivedAt else { return nil }
        self.init(channel: channel, receivedAt: receivedAt, inOpeningHours: inOpeningHours)
    }

    func write(into m: inout Members) {
        m.put("channel", channel)
        m.put("receivedAt", receivedAt)
        m.put("inOpeningHours", inOpeningHours.map(JSONValue.bool))
    }

    func validate(_ v: Validator) { v.instant("receivedAt", receivedAt) }
}

/// A counsellor took the contact (`ContactAnswered`).
public struct ContactAnswered: PayloadCoding {
    public static let eventType = EventType.contactAnswered
    /// Seconds between arrival and answer.
    public var waitSeconds: Int

    public init(waitSeconds: Int) { self.waitSeconds = waitSeconds }

    init?(reading r: inout ObjectReader) {
        guard let wait = r.int("waitSeconds") else { return nil }
        self.init(waitSeconds: wait)
    }

    func write(into m: inout Members) { m.put("waitSeconds", waitSeconds) }

    func validate(_ v: Validator) { v.seconds("waitSeconds", waitSeconds) }
}

/// The contact was lost before a counsellor took it (`ContactAbandoned`).
public struct ContactAbandoned: PayloadCoding {
    public static let eventType = EventType.contactAbandoned
    /// Seconds between arrival and abandonment.
    public var waitSeconds: Int
    public var stage: AbandonStage

    public init(waitSeconds: Int, stage: AbandonStage) {
        self.waitSeconds = waitSeconds
        self.stage = stage
    }

    init?(reading r: inout ObjectReader) {
        let wait = r.int("waitSeconds")
        let stage = r.enumValue("stage", AbandonStage.self)
        guard let wait, let stage else { return nil }
        self.init(waitSeconds: wait, stage: stage)
    }

    func write(into m: inout Members) {
        m.put("waitSeconds", waitSeconds)
        m.put("stage", stage)
    }

    func validate(_ v: Validator) { v.seconds("waitSeconds", waitSeconds) }
}

/// The conversation ended (`ContactEnded`).
public struct ContactEnded: PayloadCoding {
    public static let eventType = EventType.contactEnded
    /// Seconds between answer and end.
    public var durationSeconds: Int

    public init(durationSeconds: Int) { self.durationSeconds = durationSeconds }

    init?(reading r: inout ObjectReader) {
        guard let duration = r.int("durationSeconds") else { return nil }
        self.init(durationSeconds: duration)
    }

    func write(into m: inout Members) { m.put("durationSeconds", durationSeconds) }

    func validate(_ v: Validator) { v.seconds("durationSeconds", durationSeconds) }
}

/// What a contact was about: the data of `ContactClassified` and `ContactReclassified`
/// (a reclassification replaces the previous classification as a whole).
public struct ContactClassification: Sendable, Hashable, Codable {
    public var contactType: ContactType
    public var contactorRole: ContactorRole?
    public var ageBand: AgeBand?
    /// CHI main categories, without duplicates, in the order given. May be empty.
    public var reasonCategories: [ReasonCategory]
    public var heardVia: HeardVia?

    public init(
        contactType: ContactType, contactorRole: ContactorRole? = nil, ageBand: AgeBand? = nil,
        reasonCategories: [ReasonCategory] = [], heardVia: HeardVia? = nil
    ) {
        self.contactType = contactType
        self.contactorRole = contactorRole
        self.ageBand = ageBand
        self.reasonCategories = reasonCategories
        self.heardVia = heardVia
    }

    init?(reading r: inout ObjectReader) {
        let contactType = r.enumValue("contactType", ContactType.self)
        let role = r.enumValue("contactorRole", ContactorRole.self, required: false)
        let ageBand = r.enumValue("ageBand", AgeBand.self, required: false)
        let reasons = r.enumArray("reasonCategories", ReasonCategory.self, required: false)
        let heardVia = r.enumValue("heardVia", HeardVia.self, required: false)
        guard let contactType else { return nil }
        self.init(contactType: contactType, contactorRole: role, ageBand: ageBand, reasonCategories: reasons ?? [], heardVia: heardVia)
    }

    func write(into m: inout Members) {
        m.put("contactType", contactType)
        m.put("contactorRole", contactorRole)
        m.put("ageBand", ageBand)
        m.put("reasonCategories", reasonCategories)
        m.put("heardVia", heardVia)
    }
}

/// The first classification of a contact (`ContactClassified`).
public struct ContactClassified: PayloadCoding {
    public static let eventType = EventType.contactClassified
    public var classification: ContactClassification

    public init(_ classification: ContactClassification) { self.classification = classification }

    init?(reading r: inout ObjectReader) {
        guard let c = ContactClassification(reading: &r) else { return nil }
        self.init(c)
    }

    func write(into m: inout Members) { classification.write(into: &m) }
    func validate(_ v: Validator) {}

    public init(from decoder: any Decoder) throws { classification = try ContactClassification(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try classification.encode(to: encoder) }
}

/// A corrected classification that replaces the previous one (`ContactReclassified`).
public struct ContactReclassified: PayloadCoding {
    public static let eventType = EventType.contactReclassified
    public var classification: ContactClassification

    public init(_ classification: ContactClassification) { self.classification = classification }

    init?(reading r: inout ObjectReader) {
        guard let c = ContactClassification(reading: &r) else { return nil }
        self.init(c)
    }

    func write(into m: inout Members) { classification.write(into: &m) }
    func validate(_ v: Validator) {}

    public init(from decoder: any Decoder) throws { classification = try ContactClassification(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try classification.encode(to: encoder) }
}

/// The contact is withdrawn from all statistics (`ContactVoided`).
public struct ContactVoided: PayloadCoding {
    public static let eventType = EventType.contactVoided
    public var reason: VoidReason

    public init(reason: VoidReason) { self.reason = reason }

    init?(reading r: inout ObjectReader) {
        guard let reason = r.enumValue("reason", VoidReason.self) else { return nil }
        self.init(reason: reason)
    }

    func write(into m: inout Members) { m.put("reason", reason) }
    func validate(_ v: Validator) {}
}
