/// A medium through which a campaign is spread.
public enum CampaignChannel: String, DomainEnum {
    case busTram = "bus_tram"
    case radio, tv
    case socialVideo = "social_video"
    case poster, influencer, billboard, press, other
}

/// Whom a campaign addresses.
public enum TargetGroup: String, DomainEnum {
    case generalPublic = "general_public"
    case children
    case youngPeople = "young_people"
    case parents
    case bystanders
    case victims
    case perpetrators
    case professionals
    case other
}

/// What a reach figure counts.
public enum ReachMetric: String, DomainEnum {
    /// Distinct people reached.
    case reach
    case impressions
    case views
    /// Gross rating points.
    case grp
}

/// What a campaign note records.
public enum NoteKind: String, DomainEnum {
    case evaluation
    case nextStep = "next_step"
}

/// Why a campaign was cancelled.
public enum CancelReason: String, DomainEnum {
    case budget, postponed, replaced, duplicate, other
}
