/// The age band of the person the contact is about (never an exact age or birth date).
public enum AgeBand: String, DomainEnum {
    case age0to6 = "0-6"
    case age7to9 = "7-9"
    case age10to12 = "10-12"
    case age13to15 = "13-15"
    case age16to17 = "16-17"
    case age18to24 = "18-24"
    case age25plus = "25+"
    case unknown

    /// Whether the band is entirely under 18.
    public var isMinor: Bool {
        switch self {
        case .age0to6, .age7to9, .age10to12, .age13to15, .age16to17: true
        case .age18to24, .age25plus, .unknown: false
        }
    }
}
