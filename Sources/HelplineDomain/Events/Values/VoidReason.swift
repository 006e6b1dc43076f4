/// Why a contact is withdrawn from all statistics.
public enum VoidReason: String, DomainEnum {
    case duplicate, test, misrouted, other
}
