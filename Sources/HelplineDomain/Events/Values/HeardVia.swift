/// How the contactor says they heard of the helpline. The campaign channels appear here under the
/// same names as in ``CampaignChannel`` so that answers can be matched to campaigns.
public enum HeardVia: String, DomainEnum {
    case busTram = "bus_tram"
    case radio, tv, poster, billboard, press, influencer
    /// Social media, including paid social video.
    case socialMedia = "social_media"
    /// A web search or the helpline's website.
    case internet
    /// School, a teacher or a school platform.
    case school
    /// Referred by a professional or another service.
    case professional
    /// Family, friends or word of mouth.
    case wordOfMouth = "word_of_mouth"
    /// Contacted the helpline before.
    case previousContact = "previous_contact"
    case other
    case unknown
}
