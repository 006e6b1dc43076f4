/// The projections HelplineStats runs.
public enum ProjectionCatalog {
    public static let all: [any Projection] = [ContactCountsProjection(), CampaignsProjection(), BaselineEventsProjection()]

    public static func named(_ name: String) -> (any Projection)? {
        all.first { $0.name == name || $0.checkpointName == name }
    }
}
