import Foundation

/// A campaign import file (`helpline-stats import campaigns FILE.json`). Its shape is a contract:
///
/// ```json
/// {"campaigns":[{"id":"lijn-1712-veilige-thuis","name":"Lijn 1712, bestemming Veilige thuis",
///   "owner":"1712","helplines":["1712"],"targetGroups":["general_public"],
///   "channels":[{"channel":"bus_tram","region":"Vlaanderen"}],
///   "plannedStart":"2023-03-01","plannedEnd":"2023-05-31",
///   "startedAt":"2023-03-01T00:00:00+01:00","stoppedAt":"2023-05-31T23:59:59+02:00",
///   "costs":[{"item":"media buying","amountCents":2500000,"currency":"EUR"}],
///   "reach":[{"metric":"reach","value":58000,"source":"Instagram"}],
///   "notes":[{"kind":"evaluation","text":"903 calls in March 2023"}]}]}
/// ```
///
/// Only `id`, `name` and `helplines` are required; a missing `stoppedAt` means the campaign is
/// still running. Unknown fields are rejected everywhere.
///
/// The file may also list known non-campaign events, which the campaign model takes as regressors:
///
/// ```json
/// {"baselineEvents":[{"id":"covid-19","kind":"level_shift","start":"2020-03-16","end":"2021-06-30",
///   "helplines":["1712"],"label":"COVID-19 measures"}]}
/// ```
///
/// At least one of `campaigns` and `baselineEvents` must be present.
public struct CampaignFile: Sendable, Hashable {
    /// A baseline event of the file: its id and what is recorded.
    public struct BaselineEntry: Sendable, Hashable {
        public var id: String
        public var event: BaselineEventRecorded

        public init(id: String, event: BaselineEventRecorded) {
            self.id = id
            self.event = event
        }
    }

    public var campaigns: [CampaignDefinition]
    public var baselineEvents: [BaselineEntry]

    public init(campaigns: [CampaignDefinition], baselineEvents: [BaselineEntry] = []) {
        self.campaigns = campaigns
        self.baselineEvents = baselineEvents
    }

    /// Parses and validates a file; every problem is reported with its path
    /// (e.g. `campaigns[0].costs[1].currency`).
    public static func parse<Bytes: Sequence>(json: Bytes, now: Date = Date()) throws(ValidationError) -> CampaignFile
    where Bytes.Element == UInt8 {
        let value: JSONValue
        do { value = try JSONParser.parse(json) } catch { throw ValidationError(field: "", message: error.description) }
        let issues = IssueCollector()
        var campaigns: [CampaignDefinition] = []
        var baselineEvents: [BaselineEntry] = []
        if var root = ObjectReader(value, path: "", issues: issues) {
            let campaignList = root.value("campaigns", required: false)
            if let list = campaignList {
                if case .array(let elements) = list {
                    for (i, element) in elements.enumerated() {
                        if let c = readCampaign(element, path: "campaigns[\(i)]", issues: issues) { campaigns.append(c) }
                    }
                } else {
                    issues.add("campaigns", "expected an array, got \(list.typeDescription)")
                }
            }
            baselineEvents = readList(&root, "baselineEvents") { r in
                let id = r.string("id")
                let event = BaselineEventRecorded(reading: &r)
                guard let id, let event else { return nil }
                return BaselineEntry(id: id, event: event)
            }
            if campaignList == nil && root.value("baselineEvents", required: false) == nil {
                issues.add("campaigns", "is required (or baselineEvents)")
            }
            root.finish()
        }
        try issues.throwIfAny()
        let file = CampaignFile(campaigns: campaigns, baselineEvents: baselineEvents)
        file.validate(into: issues, now: Timestamp(now))
        try issues.throwIfAny()
        return file
    }

    /// All campaigns' events, campaign by campaign (see ``CampaignDefinition/events(source:now:)``).
    public func events(source: String = "campaign-import", now: Date = Date()) -> [HelplineEvent] {
        campaigns.flatMap { $0.events(source: source, now: now) }
            + baselineEvents.map { entry in
                let body = BaselineEventData.recorded(entry.event)
                return .baseline(
                    eventId: body.eventID(baselineEventId: entry.id), occurredAt: Timestamp(now), source: source,
                    baselineEventId: entry.id, body)
            }
    }

    private static func readList<T>(
        _ r: inout ObjectReader, _ key: String, read: (inout ObjectReader) -> T?
    ) -> [T] {
        guard let v = r.value(key, required: false) else { return [] }
        guard case .array(let elements) = v else {
            r.issues.add(r.field(key), "expected an array, got \(v.typeDescription)")
            return []
        }
        var result: [T] = []
        for (i, element) in elements.enumerated() {
            guard var item = ObjectReader(element, path: "\(r.field(key))[\(i)]", issues: r.issues) else { continue }
            if let t = read(&item) { result.append(t) }
            item.finish()
        }
        return result
    }

    private static func readCampaign(_ value: JSONValue, path: String, issues: IssueCollector) -> CampaignDefinition? {
        guard var r = ObjectReader(value, path: path, issues: issues) else { return nil }
        let id = r.string("id")
        let planned = CampaignPlanned(reading: &r)
        let channels = readList(&r, "channels") { CampaignChannelAdded(reading: &$0) }
        let startedAt = r.timestamp("startedAt", required: false)
        let stoppedAt = r.timestamp("stoppedAt", required: false)
        let costs = readList(&r, "costs") { CampaignCostRecorded(reading: &$0) }
        let reach = readList(&r, "reach") { CampaignReachRecorded(reading: &$0) }
        let notes = readList(&r, "notes") { CampaignNoteRecorded(reading: &$0) }
        r.finish()
        guard let id, let planned else { return nil }
        return CampaignDefinition(
            id: id, name: planned.name, owner: planned.owner, helplines: planned.helplines, targetGroups: planned.targetGroups,
            channels: channels, plannedStart: planned.plannedStart, plannedEnd: planned.plannedEnd, startedAt: startedAt,
            stoppedAt: stoppedAt, costs: costs, reach: reach, notes: notes)
    }

    func validate(into issues: IssueCollector, now: Timestamp) {
        var seenIds: [String: Int] = [:]
        for (i, c) in campaigns.enumerated() {
            let v = Validator(path: "campaigns[\(i)]", issues: issues, now: now)
            v.identifier("id", c.id)
            if let first = seenIds[c.id] {
                issues.add(v.field("id"), "duplicate campaign id \(ValidationRules.quoted(c.id)), also used by campaigns[\(first)]")
            } else {
                seenIds[c.id] = i
            }
            c.planned.validate(v)
            if let startedAt = c.startedAt { v.instant("startedAt", startedAt) }
            if let stoppedAt = c.stoppedAt {
                v.instant("stoppedAt", stoppedAt)
                if c.startedAt == nil { issues.add(v.field("stoppedAt"), "is given without startedAt") }
            }
            v.instantOrder(startKey: "startedAt", c.startedAt, endKey: "stoppedAt", c.stoppedAt)
            Self.validate(c.channels, "channels", v, key: CampaignDefinition.key) { $0.validate($1) }
            Self.validate(c.costs, "costs", v, key: CampaignDefinition.key) { $0.validate($1) }
            Self.validate(c.reach, "reach", v, key: CampaignDefinition.key) { $0.validate($1) }
            Self.validate(c.notes, "notes", v, key: CampaignDefinition.key) { $0.validate($1) }
        }
        var seenEvents: [String: Int] = [:]
        for (i, entry) in baselineEvents.enumerated() {
            let v = Validator(path: "baselineEvents[\(i)]", issues: issues, now: now)
            v.identifier("id", entry.id)
            if let first = seenEvents[entry.id] {
                issues.add(v.field("id"), "duplicate baseline event id \(ValidationRules.quoted(entry.id)), also used by baselineEvents[\(first)]")
            } else {
                seenEvents[entry.id] = i
            }
            entry.event.validate(v)
        }
    }

    private static func validate<T>(_ items: [T], _ key: String, _ v: Validator, key content: (T) -> [String], check: (T, Validator) -> Void) {
        var seen: [[String]: Int] = [:]
        for (i, item) in items.enumerated() {
            let itemValidator = v.nested("\(key)[\(i)]")
            check(item, itemValidator)
            let k = content(item)
            if let first = seen[k] {
                v.issues.add(itemValidator.path, "duplicate of \(key)[\(first)] (the same entry would be recorded once)")
            } else {
                seen[k] = i
            }
        }
    }
}
