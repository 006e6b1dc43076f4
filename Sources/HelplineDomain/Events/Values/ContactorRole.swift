/// Who contacted the helpline, relative to the situation discussed.
public enum ContactorRole: String, DomainEnum {
    /// A child or young person about themselves.
    case childSelf = "child_self"
    /// An adult victim about themselves.
    case adultSelf = "adult_self"
    /// A parent or carer about their child.
    case parent
    /// Another person who witnessed or suspects violence (family member, neighbour, friend).
    case bystander
    /// A person who uses or fears using violence.
    case perpetrator
    /// A professional (teacher, doctor, social worker) about a client or pupil.
    case professional
    case other
    case unknown
}
