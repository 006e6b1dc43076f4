/// The main reason categories of Child Helpline International's data framework (ten main
/// categories; subcategories are not recorded).
public enum ReasonCategory: String, DomainEnum {
    case missingChildren = "missing_children"
    /// Bullying, neglect, physical, psychological, sexual and online sexual abuse, …
    case violence
    case mentalHealth = "mental_health"
    case physicalHealth = "physical_health"
    case accessToServices = "access_to_services"
    case discriminationAndExclusion = "discrimination_and_exclusion"
    case familyRelationships = "family_relationships"
    case peerRelationships = "peer_relationships"
    case educationAndOccupation = "education_and_occupation"
    case sexuality
}
