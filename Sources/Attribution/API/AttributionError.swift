/// Why a model could not be fitted. Every case says what to change.
public enum AttributionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Fewer days than the model needs.
    case insufficientData(days: Int, required: Int)
    /// A campaign has no day inside the data.
    case campaignHasNoDays(id: String)
    /// Two or more campaigns ran on exactly the same days (within the data): their effects
    /// cannot be told apart.
    case identicalCampaignWindows(ids: [String])
    /// Columns that are linear combinations of other columns.
    case rankDeficient(columns: [String], dependsOn: [String])
    /// Coefficients run off to infinity (e.g. a campaign whose days all have zero contacts).
    case separation(columns: [String])
    /// IRLS did not converge.
    case notConverged(iterations: Int, lastDevianceChange: Double)
    /// Input that cannot be used (negative counts, end before start, duplicate ids, …).
    case invalidInput(String)

    /// A short stable code for logs and JSON.
    public var code: String {
        switch self {
        case .insufficientData: "insufficient_data"
        case .campaignHasNoDays: "campaign_has_no_days"
        case .identicalCampaignWindows: "identical_campaign_windows"
        case .rankDeficient: "rank_deficient"
        case .separation: "separation"
        case .notConverged: "not_converged"
        case .invalidInput: "invalid_input"
        }
    }

    public var description: String {
        switch self {
        case .insufficientData(let days, let required):
            "too little data: \(days) days, the model needs at least \(required)"
        case .campaignHasNoDays(let id):
            "campaign \(id) has no day inside the data, so its effect cannot be estimated"
        case .identicalCampaignWindows(let ids):
            "campaigns \(ids.joined(separator: ", ")) ran on exactly the same days; only their joint effect could be estimated — merge them"
        case .rankDeficient(let columns, let deps):
            "model columns \(columns.joined(separator: ", ")) are combinations of \(deps.joined(separator: ", ")); their effects cannot be separated"
        case .separation(let columns):
            "estimates for \(columns.joined(separator: ", ")) run off to infinity (e.g. zero contacts on all of their days)"
        case .notConverged(let iterations, let change):
            "the fit did not converge after \(iterations) iterations (last deviance change \(change))"
        case .invalidInput(let why):
            "invalid input: \(why)"
        }
    }
}
