import ArgumentParser

@main
struct HelplineStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helpline-stats",
        abstract: "Measure what helpline awareness campaigns did: event store, projections, reports.",
        subcommands: [
            DBCommand.self, MigrateCommand.self, ImportCommand.self, CampaignCommand.self, BaselineEventCommand.self, ProjectCommand.self,
            ReportCommand.self,
            ServeCommand.self, TokenCommand.self, DisclosureCommand.self, DemoCommand.self,
        ]
    )
}
