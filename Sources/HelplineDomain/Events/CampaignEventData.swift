/// The data of a campaign event, one case per campaign event type.
public enum CampaignEventData: Sendable, Hashable {
    case planned(CampaignPlanned)
    case channelAdded(CampaignChannelAdded)
    case started(CampaignStarted)
    case stopped(CampaignStopped)
    case costRecorded(CampaignCostRecorded)
    case reachRecorded(CampaignReachRecorded)
    case noteRecorded(CampaignNoteRecorded)
    case corrected(CampaignCorrected)
    case cancelled(CampaignCancelled)

    public var eventType: EventType { payload.eventTypeOfInstance }

    var payload: any PayloadCoding {
        switch self {
        case .planned(let p): p
        case .channelAdded(let p): p
        case .started(let p): p
        case .stopped(let p): p
        case .costRecorded(let p): p
        case .reachRecorded(let p): p
        case .noteRecorded(let p): p
        case .corrected(let p): p
        case .cancelled(let p): p
        }
    }

    static func read(_ type: EventType, _ r: inout ObjectReader) -> CampaignEventData? {
        switch type {
        case .campaignPlanned: CampaignPlanned(reading: &r).map(Self.planned)
        case .campaignChannelAdded: CampaignChannelAdded(reading: &r).map(Self.channelAdded)
        case .campaignStarted: CampaignStarted(reading: &r).map(Self.started)
        case .campaignStopped: CampaignStopped(reading: &r).map(Self.stopped)
        case .campaignCostRecorded: CampaignCostRecorded(reading: &r).map(Self.costRecorded)
        case .campaignReachRecorded: CampaignReachRecorded(reading: &r).map(Self.reachRecorded)
        case .campaignNoteRecorded: CampaignNoteRecorded(reading: &r).map(Self.noteRecorded)
        case .campaignCorrected: CampaignCorrected(reading: &r).map(Self.corrected)
        case .campaignCancelled: CampaignCancelled(reading: &r).map(Self.cancelled)
        default: nil
        }
    }
}
