/// A campaign was planned (`CampaignPlanned`); always the first event of its stream.
public struct CampaignPlanned: PayloadCoding {
    public static let eventType = EventType.campaignPlanned
    /// Display name, at most 200 characters.
    public var name: String
    /// The organisation responsible (an identifier, e.g. `1712`).
    public var owner: String?
    /// The helplines whose contacts the campaign should raise (at least one identifier).
    public var helplines: [String]
    public var targetGroups: [TargetGroup]
    public var plannedStart: CalendarDate?
    public var plannedEnd: CalendarDate?

    public init(
        name: String, owner: String? = nil, helplines: [String], targetGroups: [TargetGroup] = [],
        plannedStart: CalendarDate? = nil, plannedEnd: CalendarDate? = nil
    ) {
        self.name = name
        self.owner = owner
        self.helplines = helplines
        self.targetGroups = targetGroups
        self.plannedStart = plannedStart
        self.plannedEnd = plannedEnd
    }

    init?(reading r: inout ObjectReader) {
        let name = r.string("name")
        let owner = r.string("owner", required: false)
        let helplines = r.stringArray("helplines")
        let targetGroups = r.enumArray("targetGroups", TargetGroup.self, required: false)
        let plannedStart = r.date("plannedStart", required: false)
        let plannedEnd = r.date("plannedEnd", required: false)
        guard let name, let helplines else { return nil }
        self.init(
            name: name, owner: owner, helplines: helplines, targetGroups: targetGroups ?? [],
            plannedStart: plannedStart, plannedEnd: plannedEnd)
    }

    func write(into m: inout Members) {
        m.put("name", name)
        m.put("owner", owner)
        m.put("helplines", helplines)
        m.put("targetGroups", targetGroups)
        m.put("plannedStart", plannedStart)
        m.put("plannedEnd", plannedEnd)
    }

    func validate(_ v: Validator) {
        v.text("name", name, max: ValidationRules.maxShortTextLength)
        if let owner { v.identifier("owner", owner) }
        if helplines.isEmpty { v.issues.add(v.field("helplines"), "must name at least one helpline") }
        for (i, h) in helplines.enumerated() { v.identifier("helplines[\(i)]", h) }
        if Set(helplines).count != helplines.count { v.issues.add(v.field("helplines"), "must not contain duplicates") }
        if Set(targetGroups).count != targetGroups.count { v.issues.add(v.field("targetGroups"), "must not contain duplicates") }
        if let plannedStart { v.date("plannedStart", plannedStart) }
        if let plannedEnd { v.date("plannedEnd", plannedEnd) }
        v.dateOrder(startKey: "plannedStart", plannedStart, endKey: "plannedEnd", plannedEnd)
    }
}

/// The campaign uses a medium, optionally in one region (`CampaignChannelAdded`).
public struct CampaignChannelAdded: PayloadCoding {
    public static let eventType = EventType.campaignChannelAdded
    public var channel: CampaignChannel
    /// A coarse region name (e.g. `Vlaanderen`), at most 100 characters.
    public var region: String?

    public init(channel: CampaignChannel, region: String? = nil) {
        self.channel = channel
        self.region = region
    }

    init?(reading r: inout ObjectReader) {
        let channel = r.enumValue("channel", CampaignChannel.self)
        let region = r.string("region", required: false)
        guard let channel else { return nil }
        self.init(channel: channel, region: region)
    }

    func write(into m: inout Members) {
        m.put("channel", channel)
        m.put("region", region)
    }

    func validate(_ v: Validator) {
        if let region { v.text("region", region, max: ValidationRules.maxRegionLength) }
    }
}

/// The campaign went live (`CampaignStarted`).
public struct CampaignStarted: PayloadCoding {
    public static let eventType = EventType.campaignStarted
    public var startedAt: Timestamp

    public init(startedAt: Timestamp) { self.startedAt = startedAt }

    init?(reading r: inout ObjectReader) {
        guard let t = r.timestamp("startedAt") else { return nil }
        self.init(startedAt: t)
    }

    func write(into m: inout Members) { m.put("startedAt", startedAt) }
    func validate(_ v: Validator) { v.instant("startedAt", startedAt) }
}

/// The campaign ended (`CampaignStopped`). Its effect may carry over afterwards.
public struct CampaignStopped: PayloadCoding {
    public static let eventType = EventType.campaignStopped
    public var stoppedAt: Timestamp

    public init(stoppedAt: Timestamp) { self.stoppedAt = stoppedAt }

    init?(reading r: inout ObjectReader) {
        guard let t = r.timestamp("stoppedAt") else { return nil }
        self.init(stoppedAt: t)
    }

    func write(into m: inout Members) { m.put("stoppedAt", stoppedAt) }
    func validate(_ v: Validator) { v.instant("stoppedAt", stoppedAt) }
}

/// One cost item of the campaign (`CampaignCostRecorded`). Costs add up.
public struct CampaignCostRecorded: PayloadCoding {
    public static let eventType = EventType.campaignCostRecorded
    /// What was paid for, at most 200 characters (e.g. `media buying`).
    public var item: String
    /// Integer cents (or the currency's minor unit), >= 0.
    public var amountCents: Int64
    public var currency: Currency

    public init(item: String, amountCents: Int64, currency: Currency) {
        self.item = item
        self.amountCents = amountCents
        self.currency = currency
    }

    init?(reading r: inout ObjectReader) {
        let item = r.string("item")
        let amount = r.integer("amountCents")
        let currency = r.currency("currency")
        guard let item, let amount, let currency else { return nil }
        self.init(item: item, amountCents: amount, currency: currency)
    }

    func write(into m: inout Members) {
        m.put("item", item)
        m.put("amountCents", JSONValue.integer(amountCents))
        m.put("currency", currency.code)
    }

    func validate(_ v: Validator) {
        v.text("item", item, max: ValidationRules.maxShortTextLength)
        v.amountCents("amountCents", amountCents)
    }
}

/// A reach figure reported for the campaign (`CampaignReachRecorded`).
public struct CampaignReachRecorded: PayloadCoding {
    public static let eventType = EventType.campaignReachRecorded
    public var metric: ReachMetric
    /// A finite number >= 0 (GRPs may be fractional).
    public var value: Double
    /// Where the figure comes from (e.g. `Instagram`), at most 200 characters.
    public var source: String

    public init(metric: ReachMetric, value: Double, source: String) {
        self.metric = metric
        self.value = value
        self.source = source
    }

    init?(reading r: inout ObjectReader) {
        let metric = r.enumValue("metric", ReachMetric.self)
        let value = r.number("value")
        let source = r.string("source")
        guard let metric, let value, let source else { return nil }
        self.init(metric: metric, value: value, source: source)
    }

    func write(into m: inout Members) {
        m.put("metric", metric)
        m.put("value", JSONValue.double(value))
        m.put("source", source)
    }

    func validate(_ v: Validator) {
        if !(value.isFinite && value >= 0) { v.issues.add(v.field("value"), "must be a number >= 0, got \(value)") }
        v.text("source", source, max: ValidationRules.maxShortTextLength)
    }
}

/// A staff note about the campaign (`CampaignNoteRecorded`): the only long free text in the
/// catalogue. It must be about the campaign, never about a contact.
public struct CampaignNoteRecorded: PayloadCoding {
    public static let eventType = EventType.campaignNoteRecorded
    public var kind: NoteKind
    /// At most 2000 characters; line feeds and tabs allowed.
    public var text: String

    public init(kind: NoteKind, text: String) {
        self.kind = kind
        self.text = text
    }

    init?(reading r: inout ObjectReader) {
        let kind = r.enumValue("kind", NoteKind.self)
        let text = r.string("text")
        guard let kind, let text else { return nil }
        self.init(kind: kind, text: text)
    }

    func write(into m: inout Members) {
        m.put("kind", kind)
        m.put("text", text)
    }

    func validate(_ v: Validator) { v.text("text", text, max: ValidationRules.maxNoteLength, allowNewlines: true) }
}

/// Corrects earlier campaign facts (`CampaignCorrected`). Only the fields present are corrected;
/// at least one must be present.
public struct CampaignCorrected: PayloadCoding {
    public static let eventType = EventType.campaignCorrected
    public var name: String?
    public var plannedStart: CalendarDate?
    public var plannedEnd: CalendarDate?
    public var startedAt: Timestamp?
    public var stoppedAt: Timestamp?

    public init(
        name: String? = nil, plannedStart: CalendarDate? = nil, plannedEnd: CalendarDate? = nil,
        startedAt: Timestamp? = nil, stoppedAt: Timestamp? = nil
    ) {
        self.name = name
        self.plannedStart = plannedStart
        self.plannedEnd = plannedEnd
        self.startedAt = startedAt
        self.stoppedAt = stoppedAt
    }

    init?(reading r: inout ObjectReader) {
        self.init(
            name: r.string("name", required: false), plannedStart: r.date("plannedStart", required: false),
            plannedEnd: r.date("plannedEnd", required: false), startedAt: r.timestamp("startedAt", required: false),
            stoppedAt: r.timestamp("stoppedAt", required: false))
    }

    func write(into m: inout Members) {
        m.put("name", name)
        m.put("plannedStart", plannedStart)
        m.put("plannedEnd", plannedEnd)
        m.put("startedAt", startedAt)
        m.put("stoppedAt", stoppedAt)
    }

    func validate(_ v: Validator) {
        if name == nil, plannedStart == nil, plannedEnd == nil, startedAt == nil, stoppedAt == nil {
            v.issues.add(v.path, "must correct at least one of name, plannedStart, plannedEnd, startedAt, stoppedAt")
        }
        if let name { v.text("name", name, max: ValidationRules.maxShortTextLength) }
        if let plannedStart { v.date("plannedStart", plannedStart) }
        if let plannedEnd { v.date("plannedEnd", plannedEnd) }
        v.dateOrder(startKey: "plannedStart", plannedStart, endKey: "plannedEnd", plannedEnd)
        if let startedAt { v.instant("startedAt", startedAt) }
        if let stoppedAt { v.instant("stoppedAt", stoppedAt) }
        v.instantOrder(startKey: "startedAt", startedAt, endKey: "stoppedAt", stoppedAt)
    }
}

/// The campaign will not run, or is withdrawn (`CampaignCancelled`).
public struct CampaignCancelled: PayloadCoding {
    public static let eventType = EventType.campaignCancelled
    public var reason: CancelReason?

    public init(reason: CancelReason? = nil) { self.reason = reason }

    init?(reading r: inout ObjectReader) {
        self.init(reason: r.enumValue("reason", CancelReason.self, required: false))
    }

    func write(into m: inout Members) { m.put("reason", reason) }
    func validate(_ v: Validator) {}
}
