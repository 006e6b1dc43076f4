import ArgumentParser

/// Placeholder until the campaign evaluation report lands.
struct CampaignReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "campaigns", abstract: "Campaign evaluation (not built yet).")
}
