import ArgumentParser
import EventStore
import Foundation
import HelplineDomain
import Ingest
import Postgres

struct BaselineEventCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline-event",
        abstract: "Record known events that moved contacts but are not campaigns (lockdowns, media stories, strikes, outages).",
        discussion: """
            The campaign model takes every recorded baseline event as a regressor, so that a break in the series is
            not credited to a campaign running at the same time (docs/STATISTICS.md §2). Kinds:
              level_shift  a lasting change of level from --start until --end (or until now), e.g. COVID-19 measures
              pulse        a short burst or dip on the days --start…--end (one day without --end), e.g. a media story
              closure      the line was closed or partly unreachable, e.g. a strike or a telephony outage
            Recording the same id again with other details corrects it; `withdraw` removes it from the model. The
            label is shown in reports: never a name, a phone number or anything else about a person.

            Example:
              helpline-stats baseline-event record covid-19 --kind level_shift --start 2020-03-16 --end 2021-06-30 \\
                  --helpline 1712 --label "COVID-19 measures"
              helpline-stats baseline-event record outage-2024-02 --kind closure --start 2024-02-06 --helpline 1712 \\
                  --channel phone --label "Telephony platform outage"
            """,
        subcommands: [RecordBaselineEvent.self, WithdrawBaselineEvent.self, ListBaselineEvents.self])
}

struct RecordBaselineEvent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "record", abstract: "Record or correct a baseline event (BaselineEventRecorded).")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The baseline event id: up to 64 characters of A-Z a-z 0-9 . _ : -") var id: String
    @Option(help: "level_shift, pulse or closure.") var kind: String
    @Option(help: "First local day affected, YYYY-MM-DD.") var start: String
    @Option(help: "Last local day affected, YYYY-MM-DD (omit for a level shift that lasts, or a single day).") var end: String?
    @Option(name: .customLong("helpline"), help: "A helpline affected (repeat for several).") var helplines: [String] = []
    @Option(name: .customLong("channel"), help: "A contact channel affected (repeat; omit for every channel).") var channels: [String] = []
    @Option(help: "A short label for reports, at most 100 characters.") var label: String

    func run() async throws {
        let data = BaselineEventRecorded(
            kind: try parseEnum(kind, BaselineEventKind.self, option: "kind"), start: try parseDate(start, option: "start")!,
            end: try parseDate(end, option: "end"), helplines: helplines,
            channels: try channels.map { try parseEnum($0, ContactChannel.self, option: "channel") }, label: label)
        do {
            try BaselineEventRecorder.recording(id: id, data, source: "cli").validate()
        } catch {
            throw CLIError("not recorded: \(error)")
        }
        try await database.withPool { pool in
            let outcome = try await BaselineEventRecorder(store: EventStore(pool: pool, logger: database.logger)).record(
                id: id, data, source: "cli")
            print(outcome.written == 1 ? "recorded baseline event \(id)" : "already recorded, nothing changed")
        }
    }
}

struct WithdrawBaselineEvent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw", abstract: "Withdraw a baseline event recorded by mistake (BaselineEventWithdrawn).")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The baseline event id.") var id: String

    func run() async throws {
        try await database.withPool { pool in
            do {
                let outcome = try await BaselineEventRecorder(store: EventStore(pool: pool, logger: database.logger)).withdraw(
                    id: id, source: "cli")
                print(outcome.written == 1 ? "withdrew baseline event \(id)" : "already withdrawn, nothing changed")
            } catch let error as BaselineEventError {
                throw CLIError(error.description)
            }
        }
    }
}

struct ListBaselineEvents: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the baseline events as the projection holds them (withdrawn ones marked).")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await database.withPool { pool in
            let rows = try await pool.query(
                """
                SELECT baseline_event_id, kind, start_date::text, coalesce(end_date::text, ''), array_to_string(helplines, ' '),
                       array_to_string(channels, ' '), label, withdrawn
                  FROM rm.baseline_events ORDER BY start_date, baseline_event_id
                """)
            if rows.isEmpty { print("no baseline events (the projection workers list them within seconds of recording)") }
            for r in rows {
                let channels = try r.decode(String.self, at: 5)
                print(
                    [
                        try r.decode(String.self, at: 0), try r.decode(String.self, at: 1),
                        try r.decode(String.self, at: 2) + "…"
                            + r.decode(String.self, at: 3), try r.decode(String.self, at: 4), channels.isEmpty ? "all channels" : channels,
                        try r.decode(String.self, at: 6), try r.decode(Bool.self, at: 7) ? "withdrawn" : "",
                    ].joined(separator: "\t").trimmingCharacters(in: .whitespaces))
            }
        }
    }
}
