import Foundation

/// One campaign as described in a campaign import file (see ``CampaignFile``).
public struct CampaignDefinition: Sendable, Hashable {
    public var id: String
    public var name: String
    public var owner: String?
    public var helplines: [String]
    public var targetGroups: [TargetGroup]
    public var channels: [CampaignChannelAdded]
    public var plannedStart: CalendarDate?
    public var plannedEnd: CalendarDate?
    public var startedAt: Timestamp?
    /// Absent while the campaign is still running.
    public var stoppedAt: Timestamp?
    public var costs: [CampaignCostRecorded]
    public var reach: [CampaignReachRecorded]
    public var notes: [CampaignNoteRecorded]

    public init(
        id: String, name: String, owner: String? = nil, helplines: [String], targetGroups: [TargetGroup] = [],
        channels: [CampaignChannelAdded] = [], plannedStart: CalendarDate? = nil, plannedEnd: CalendarDate? = nil,
        startedAt: Timestamp? = nil, stoppedAt: Timestamp? = nil, costs: [CampaignCostRecorded] = [],
        reach: [CampaignReachRecorded] = [], notes: [CampaignNoteRecorded] = []
    ) {
        self.id = id
        self.name = name
        self.owner = owner
        self.helplines = helplines
        self.targetGroups = targetGroups
        self.channels = channels
        self.plannedStart = plannedStart
        self.plannedEnd = plannedEnd
        self.startedAt = startedAt
        self.stoppedAt = stoppedAt
        self.costs = costs
        self.reach = reach
        self.notes = notes
    }

    /// The `CampaignPlanned` data of this definition.
    public var planned: CampaignPlanned {
        CampaignPlanned(
            name: name, owner: owner, helplines: helplines, targetGroups: targetGroups, plannedStart: plannedStart, plannedEnd: plannedEnd)
    }

    /// The time given to events without a time of their own (planning, channels, costs, reach,
    /// notes): the earliest of `plannedStart` (midnight UTC) and `startedAt`; if there is none,
    /// or it lies more than a day after `now`, midnight UTC of `now`'s date.
    public func anchor(now: Date) -> Timestamp {
        let nowTimestamp = Timestamp(now)
        let candidates = [plannedStart?.startOfDayUTC, startedAt].compactMap { $0 }
        if let earliest = candidates.min(),
            earliest.microsecondsSinceEpoch <= nowTimestamp.microsecondsSinceEpoch + ValidationRules.maxFutureMicroseconds
        {
            return earliest
        }
        return CalendarDate(utcDateOf: nowTimestamp).startOfDayUTC
    }

    /// The campaign's events in stream order, with deterministic ids: `CampaignPlanned`, one
    /// `CampaignChannelAdded` per channel, `CampaignStarted` and `CampaignStopped` if given, one
    /// `CampaignCostRecorded`, `CampaignReachRecorded` or `CampaignNoteRecorded` per entry.
    public func events(source: String = "campaign-import", now: Date = Date()) -> [HelplineEvent] {
        let anchor = anchor(now: now)
        func event(_ data: CampaignEventData, at: Timestamp, key: [String] = []) -> HelplineEvent {
            .campaign(
                eventId: EventIDs.campaignEvent(campaignId: id, type: data.eventType, content: key), occurredAt: at, source: source,
                campaignId: id, data)
        }
        var events = [event(.planned(planned), at: anchor)]
        for channel in channels {
            events.append(event(.channelAdded(channel), at: anchor, key: Self.key(channel)))
        }
        if let startedAt { events.append(event(.started(CampaignStarted(startedAt: startedAt)), at: startedAt)) }
        if let stoppedAt { events.append(event(.stopped(CampaignStopped(stoppedAt: stoppedAt)), at: stoppedAt)) }
        for cost in costs { events.append(event(.costRecorded(cost), at: anchor, key: Self.key(cost))) }
        for figure in reach { events.append(event(.reachRecorded(figure), at: anchor, key: Self.key(figure))) }
        for note in notes { events.append(event(.noteRecorded(note), at: anchor, key: Self.key(note))) }
        return events
    }

    /// The content keys that make repeated entries' event ids unique.
    static func key(_ c: CampaignChannelAdded) -> [String] { [c.channel.rawValue, c.region ?? ""] }
    static func key(_ c: CampaignCostRecorded) -> [String] { [c.item, String(c.amountCents), c.currency.code] }
    static func key(_ r: CampaignReachRecorded) -> [String] {
        var value = ""
        CanonicalJSON.writeNumber(r.value, into: &value)
        return [r.metric.rawValue, value, r.source]
    }
    static func key(_ n: CampaignNoteRecorded) -> [String] { [n.kind.rawValue, n.text] }
}
