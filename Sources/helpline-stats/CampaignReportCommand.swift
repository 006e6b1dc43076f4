import ArgumentParser
import Foundation
import Reports

struct CampaignReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaigns",
        abstract: "Did each campaign work, by how much, how sure are we, and what did each extra contact cost?",
        discussion: """
            For every campaign: the extra contacts the model attributes to it (received contacts above what a model of
            trend, weekday, season and public holidays expects without the campaign), with a 95% interval; the change in
            percent; the cost per extra contact (only when the interval is above zero); and warnings. Overlapping
            campaigns share the extra contacts of their common days. See docs/CAMPAIGN_EFFECTS.md and docs/STATISTICS.md.

            The figures come from the campaign_effects read model, which `project run` refits when contacts or
            campaigns change (at most every 30 s). If they are missing or out of date, this command says so on
            standard error: run `helpline-stats project run --until-caught-up` first.

            Channel `all` (the default) is the helpline's contacts on every channel together; `--channel phone` etc.
            shows one contact channel, `--channel each` every row. The Markdown form answers a parliamentary
            question per campaign: cost and cost items, duration, media channels, reach, target groups, evaluation
            and next steps. JSON field names are a contract.

            Examples:
              helpline-stats project run --until-caught-up && helpline-stats report campaigns
              helpline-stats report campaigns --campaign lijn-1712-veilige-thuis --format markdown
              helpline-stats report campaigns --helpline 1712 --channel each --format csv > effects.csv
              helpline-stats report campaigns --format json --output effects.json
              helpline-stats report campaigns --public --channel each --format markdown

            With --public: only the released public effects (docs/DISCLOSURE.md). A campaign's effects are released
            once it has stopped and its carry-over and the embargo have passed; extra contacts and their interval are
            rounded to 10, the uplift to a whole percent, no observed or expected counts are given, and an effect on
            fewer contacts than the helpline's threshold (or one that would give such an effect away) is withheld.
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Only this campaign (its id).") var campaign: String?
    @Option(help: "Only this helpline.") var helpline: String?
    @Option(help: "all (every channel together, the default), a contact channel (phone, chat, …), or each (every row).")
    var channel = "all"
    @Option(help: "table, csv, json or markdown.") var format: ReportFormat = .table
    @Option(help: "Write the report to this file (atomically) instead of standard output.") var output: String?
    @Flag(help: "Only the public figures, with disclosure control (docs/DISCLOSURE.md).") var `public` = false

    func run() async throws {
        let filter = CampaignReport.Filter(campaign: campaign, helpline: helpline, channel: channel == "each" ? nil : channel)
        let text = try await database.withPool { pool in
            if `public` { return try await PublicCampaignReport.load(filter, pool: pool).rendered(as: format) }
            let report = try await CampaignReport.load(filter, pool: pool)
            for message in report.messages { FileHandle.standardError.write(Data("note: \(message)\n".utf8)) }
            return try report.rendered(as: format)
        }
        try ReportOutput.write(text, to: output)
    }
}
