/// What kind of contact it was, following Child Helpline International's split between
/// counselling contacts ("situations in which a child helpline is able to provide assistance")
/// and non-counselling contacts.
public enum ContactType: String, DomainEnum {
    /// A conversation in which the helpline could help: counts as a counselling contact.
    case counselling
    /// A request for information only (non-counselling).
    case information
    /// No one spoke (non-counselling).
    case silent
    /// The contactor hung up at once (non-counselling).
    case hangUp = "hang_up"
    /// A prank or testing contact (non-counselling).
    case prank
    /// An abusive contact (non-counselling).
    case abusive
    /// The contactor meant to reach someone else (non-counselling).
    case wrongNumber = "wrong_number"
    /// Anything else (non-counselling).
    case other

    /// Whether CHI counts this as a counselling contact.
    public var isCounselling: Bool { self == .counselling }
}
