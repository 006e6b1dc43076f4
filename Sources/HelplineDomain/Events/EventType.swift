/// The `type` of every event in the catalogue.
public enum EventType: String, DomainEnum {
    case contactReceived = "ContactReceived"
    case contactAnswered = "ContactAnswered"
    case contactAbandoned = "ContactAbandoned"
    case contactEnded = "ContactEnded"
    case contactClassified = "ContactClassified"
    case contactReclassified = "ContactReclassified"
    case contactVoided = "ContactVoided"
    case campaignPlanned = "CampaignPlanned"
    case campaignChannelAdded = "CampaignChannelAdded"
    case campaignStarted = "CampaignStarted"
    case campaignStopped = "CampaignStopped"
    case campaignCostRecorded = "CampaignCostRecorded"
    case campaignReachRecorded = "CampaignReachRecorded"
    case campaignNoteRecorded = "CampaignNoteRecorded"
    case campaignCorrected = "CampaignCorrected"
    case campaignCancelled = "CampaignCancelled"
    case baselineEventRecorded = "BaselineEventRecorded"
    case baselineEventWithdrawn = "BaselineEventWithdrawn"

    /// Whether the event belongs to a contact stream.
    public var isContactEvent: Bool { rawValue.hasPrefix("Contact") }
    /// Whether the event belongs to a baseline-event stream (otherwise to a campaign stream, or a contact's).
    public var isBaselineEvent: Bool { rawValue.hasPrefix("BaselineEvent") }
}
