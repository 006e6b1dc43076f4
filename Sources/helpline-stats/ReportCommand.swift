import ArgumentParser
import Foundation
import Reports

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Print reports from the read models.", subcommands: [MonthlyReportCommand.self, CampaignReportCommand.self])
}

extension ReportFormat: ExpressibleByArgument {}

struct MonthlyReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monthly",
        abstract: "Monthly contacts per helpline and channel, with month-over-month and year-over-year change.",
        discussion: """
            Contacts are offered contacts (received, answered or not), counted in the helpline's local days. The per-day
            change corrects for month length (903 in March vs 689 in February is +31.1%, but +18.4% per day). Channel
            `all` sums the channels. A month still in progress is marked partial.

            Examples:
              helpline-stats report monthly --from 2023-01 --to 2023-12 --helpline 1712
              helpline-stats report monthly --channel all --format csv > monthly.csv
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "First month, YYYY-MM.") var from: String?
    @Option(help: "Last month, YYYY-MM.") var to: String?
    @Option(help: "Only this helpline.") var helpline: String?
    @Option(help: "Only this channel (phone, chat, …, or all).") var channel: String?
    @Option(help: "table, csv, json or markdown.") var format: ReportFormat = .table

    func run() async throws {
        let filter = MonthlyReport.Filter(from: from, to: to, helpline: helpline, channel: channel)
        do { try filter.validate() } catch { throw ValidationError(error.description) }
        let report = try await database.withPool { pool in try await MonthlyReport.load(filter, pool: pool) }
        print(try report.rendered(as: format), terminator: "")
    }
}
