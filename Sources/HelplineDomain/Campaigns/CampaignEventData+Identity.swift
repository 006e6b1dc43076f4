import Foundation

extension CampaignEventData {
    /// The content that makes this event's id unique within its campaign and type: the entry itself for
    /// channels, costs, reach figures, notes and corrections; nothing for planning, start, stop and cancel, of
    /// which a campaign has one each (a change to those is a `CampaignCorrected`). The import file and the CLI
    /// derive ids the same way, so the same fact recorded through either is stored once.
    public var identityKey: [String] {
        switch self {
        case .planned, .started, .stopped, .cancelled: return []
        case .channelAdded(let c): return CampaignDefinition.key(c)
        case .costRecorded(let c): return CampaignDefinition.key(c)
        case .reachRecorded(let r): return CampaignDefinition.key(r)
        case .noteRecorded(let n): return CampaignDefinition.key(n)
        case .corrected(let c):
            return [
                c.name ?? "", c.plannedStart?.description ?? "", c.plannedEnd?.description ?? "", c.startedAt?.description ?? "",
                c.stoppedAt?.description ?? "",
            ]
        }
    }

    /// The deterministic id of this event in campaign `campaignId`.
    public func eventID(campaignId: String) -> UUID {
        EventIDs.campaignEvent(campaignId: campaignId, type: eventType, content: identityKey)
    }
}
