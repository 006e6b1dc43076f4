import ArgumentParser
import Foundation
import Reports

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Print reports from the read models.", subcommands: [MonthlyReportCommand.self, CampaignReportCommand.self])
}

extension ReportFormat: ExpressibleByArgument {}

/// Where a report goes: standard output, or a file written atomically.
enum ReportOutput {
    static func write(_ text: String, to output: String?) throws {
        guard let output else { return print(text, terminator: "") }
        do {
            try text.write(to: URL(fileURLWithPath: output), atomically: true, encoding: .utf8)
        } catch {
            throw CLIError("cannot write \(output): \(error.localizedDescription)")
        }
    }
}

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
              helpline-stats report monthly --public --format markdown > for-the-website.md

            With --public: only the released public figures (docs/DISCLOSURE.md) — months at least the embargo (7 days
            by default) after their end, each decided once when first released: counts below the helpline's threshold
            shown as <10, counts that would give one away as x, changes in percent only where both months are shown, no
            answered or abandoned counts. Months due are released by this command if no other process has done it.
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "One month: YYYY-MM, or `last` for the previous calendar month (Brussels time). Sets --from and --to.")
    var month: String?
    @Option(help: "First month, YYYY-MM.") var from: String?
    @Option(help: "Last month, YYYY-MM.") var to: String?
    @Option(help: "Only this helpline.") var helpline: String?
    @Option(help: "Only this channel (phone, chat, …, or all).") var channel: String?
    @Option(help: "table, csv, json, markdown or html (a self-contained page with one chart per helpline).")
    var format: ReportFormat = .table
    @Option(help: "Write the report to this file (atomically) instead of standard output.") var output: String?
    @Flag(help: "Only the public figures, with disclosure control (docs/DISCLOSURE.md).") var `public` = false

    func run() async throws {
        var first = from
        var last = to
        if let month {
            guard from == nil, to == nil else { throw ValidationError("--month cannot be combined with --from or --to") }
            let resolved = month == "last" ? Self.previousMonth() : month
            first = resolved
            last = resolved
        }
        let filter = MonthlyReport.Filter(from: first, to: last, helpline: helpline, channel: channel)
        do { try filter.validate() } catch { throw ValidationError(error.description) }
        let text = try await database.withPool { pool in
            `public`
                ? try await PublicMonthlyReport.load(filter, pool: pool).rendered(as: format)
                : try await MonthlyReport.load(filter, pool: pool).rendered(as: format)
        }
        try ReportOutput.write(text, to: output)
    }

    /// The calendar month before the current one, in Brussels time.
    static func previousMonth(now: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Brussels") ?? .gmt
        let previous = calendar.date(byAdding: .month, value: -1, to: now) ?? now
        let parts = calendar.dateComponents([.year, .month], from: previous)
        return String(format: "%04d-%02d", parts.year ?? 1970, parts.month ?? 1)
    }
}
