import ArgumentParser
import EventStore
import Foundation
import HelplineDomain
import Ingest

struct CampaignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign",
        abstract: "Record what happens to a campaign: one subcommand per campaign event.",
        discussion: """
            A campaign is planned first; then its channels, start and stop, costs, reach and notes are recorded as
            they become known. Each command appends one event; repeating the same command adds nothing.

            Example, the bus and tram campaign of spring 2023:
              helpline-stats campaign plan lijn-1712 --name "Lijn 1712, bestemming Veilige thuis" --helpline 1712 \\
                  --target-group general_public --planned-start 2023-03-01 --planned-end 2023-05-31
              helpline-stats campaign channel lijn-1712 --channel bus_tram --region Vlaanderen
              helpline-stats campaign start lijn-1712 --at 2023-03-01T00:00:00+01:00
              helpline-stats campaign cost lijn-1712 --item "media buying" --amount 25000.00
              helpline-stats campaign stop lijn-1712 --at 2023-05-31T23:59:59+02:00
            """,
        subcommands: [
            PlanCampaign.self, AddCampaignChannel.self, StartCampaign.self, StopCampaign.self, RecordCampaignCost.self,
            RecordCampaignReach.self, RecordCampaignNote.self, CorrectCampaign.self, CancelCampaign.self,
        ])
}

/// Options every campaign subcommand shares.
struct CampaignTarget: ParsableArguments {
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The campaign id: up to 64 characters of A-Z a-z 0-9 . _ : -") var campaign: String

    /// Validates and appends `data` as an event of this campaign.
    func record(_ data: CampaignEventData, at occurredAt: Timestamp) async throws {
        let event = HelplineEvent.campaign(
            eventId: data.eventID(campaignId: campaign), occurredAt: occurredAt, source: "cli", campaignId: campaign, data)
        do {
            try event.validate()
        } catch {
            throw CLIError("not recorded: \(error)")
        }
        try await database.withPool { pool in
            let outcome: CampaignRecorder.Outcome
            do {
                outcome = try await CampaignRecorder(store: EventStore(pool: pool, logger: database.logger)).record(event)
            } catch let error as CampaignError {
                throw CLIError(error.description)
            } catch let error as EventIDConflict {
                throw CLIError(
                    "campaign \(campaign) already has a \(data.eventType.rawValue) with other details (event \(error.eventID.uuidString.lowercased())); "
                        + "record the change with `helpline-stats campaign correct`")
            }
            print(outcome.written == 1 ? "recorded \(data.eventType.rawValue) for campaign \(campaign)" : "already recorded, nothing changed")
        }
    }
}

func parseTimestamp(_ text: String?, option: String) throws -> Timestamp {
    guard let text else { return Timestamp(Date()) }
    switch RFC3339.parseTimestamp(text) {
    case .success(let timestamp): return timestamp
    case .failure(let failure): throw ValidationError("--\(option): \(failure.message) (expected e.g. 2023-03-01T00:00:00+01:00)")
    }
}

func parseDate(_ text: String?, option: String) throws -> CalendarDate? {
    guard let text else { return nil }
    guard let date = CalendarDate(text) else { throw ValidationError("--\(option): expected a date YYYY-MM-DD, got \(text)") }
    return date
}

func parseEnum<E: DomainEnum>(_ text: String, _ type: E.Type, option: String) throws -> E {
    guard let value = E(rawValue: text) else { throw ValidationError("--\(option): unknown value \(text); expected one of \(E.acceptedValues)") }
    return value
}

struct PlanCampaign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Plan a campaign (CampaignPlanned).",
        discussion: """
            Example:
              helpline-stats campaign plan influencers-2022 --name "Influencers december 2022" --helpline nupraatikerover \\
                  --target-group young_people --planned-start 2022-12-01 --planned-end 2022-12-31
            """)
    @OptionGroup var target: CampaignTarget
    @Option(help: "The campaign's name.") var name: String
    @Option(name: .customLong("helpline"), help: "A helpline the campaign promotes (repeat for several).") var helplines: [String]
    @Option(help: "Who runs the campaign (an id, e.g. the helpline or agency).") var owner: String?
    @Option(name: .customLong("target-group"), help: "Target group (repeatable): \(TargetGroup.acceptedValues)") var targetGroups: [String] = []
    @Option(help: "Planned first day, YYYY-MM-DD.") var plannedStart: String?
    @Option(help: "Planned last day, YYYY-MM-DD.") var plannedEnd: String?

    func run() async throws {
        let start = try parseDate(plannedStart, option: "planned-start")
        let planned = CampaignPlanned(
            name: name, owner: owner, helplines: helplines,
            targetGroups: try targetGroups.map { try parseEnum($0, TargetGroup.self, option: "target-group") }, plannedStart: start,
            plannedEnd: try parseDate(plannedEnd, option: "planned-end"))
        try await target.record(.planned(planned), at: start?.startOfDayUTC ?? Timestamp(Date()))
    }
}

struct AddCampaignChannel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channel", abstract: "Add a channel the campaign runs in (CampaignChannelAdded).",
        discussion: "Example:\n  helpline-stats campaign channel lijn-1712 --channel bus_tram --region Vlaanderen")
    @OptionGroup var target: CampaignTarget
    @Option(help: "One of \(CampaignChannel.acceptedValues)") var channel: String
    @Option(help: "Where, e.g. Vlaanderen.") var region: String?

    func run() async throws {
        let added = CampaignChannelAdded(channel: try parseEnum(channel, CampaignChannel.self, option: "channel"), region: region)
        try await target.record(.channelAdded(added), at: Timestamp(Date()))
    }
}

struct StartCampaign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start", abstract: "Record that the campaign started (CampaignStarted).",
        discussion: "Example:\n  helpline-stats campaign start lijn-1712 --at 2023-03-01T00:00:00+01:00")
    @OptionGroup var target: CampaignTarget
    @Option(help: "When, RFC 3339 with offset (default: now).") var at: String?

    func run() async throws {
        let when = try parseTimestamp(at, option: "at")
        try await target.record(.started(CampaignStarted(startedAt: when)), at: when)
    }
}

struct StopCampaign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop", abstract: "Record that the campaign stopped (CampaignStopped).",
        discussion: "Example:\n  helpline-stats campaign stop lijn-1712 --at 2023-05-31T23:59:59+02:00")
    @OptionGroup var target: CampaignTarget
    @Option(help: "When, RFC 3339 with offset (default: now).") var at: String?

    func run() async throws {
        let when = try parseTimestamp(at, option: "at")
        try await target.record(.stopped(CampaignStopped(stoppedAt: when)), at: when)
    }
}

struct RecordCampaignCost: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost", abstract: "Record a cost item (CampaignCostRecorded).",
        discussion: "Example:\n  helpline-stats campaign cost influencers-2022 --item \"influencer fees\" --amount 9982.00 --currency EUR")
    @OptionGroup var target: CampaignTarget
    @Option(help: "What was paid for.") var item: String
    @Option(help: "The amount in major units with at most 2 decimals, e.g. 9982.50.") var amount: String
    @Option(help: "ISO 4217 currency code.") var currency = "EUR"

    func run() async throws {
        guard let cents = Self.cents(amount) else {
            throw ValidationError("--amount: expected e.g. 9982.50 (>= 0, at most 2 decimals), got \(amount)")
        }
        guard let code = Currency(currency) else { throw ValidationError("--currency: unknown ISO 4217 code \(currency)") }
        let cost = CampaignCostRecorded(item: item, amountCents: cents, currency: code)
        try await target.record(.costRecorded(cost), at: Timestamp(Date()))
    }

    /// Exact parsing of a decimal amount into cents (no floating point).
    static func cents(_ text: String) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]), whole >= 0, !parts[0].hasPrefix("+") else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            guard (1...2).contains(parts[1].count), parts[1].allSatisfy(\.isNumber), let f = Int64(parts[1]) else { return nil }
            fraction = parts[1].count == 1 ? f * 10 : f
        }
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: 100)
        return overflow ? nil : scaled + fraction
    }
}

struct RecordCampaignReach: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reach", abstract: "Record a reach figure (CampaignReachRecorded).",
        discussion: "Example:\n  helpline-stats campaign reach influencers-2022 --metric reach --value 300000 --source Instagram")
    @OptionGroup var target: CampaignTarget
    @Option(help: "One of \(ReachMetric.acceptedValues)") var metric: String
    @Option(help: "The figure.") var value: Double
    @Option(help: "Where the figure comes from (e.g. Instagram, De Lijn).") var source: String

    func run() async throws {
        let reach = CampaignReachRecorded(metric: try parseEnum(metric, ReachMetric.self, option: "metric"), value: value, source: source)
        try await target.record(.reachRecorded(reach), at: Timestamp(Date()))
    }
}

struct RecordCampaignNote: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "Record an evaluation or next step (CampaignNoteRecorded).",
        discussion: """
            Notes are the only free text in the store: write about the campaign, never about a person.
            Example:
              helpline-stats campaign note lijn-1712 --kind next_step --text "Repeat in autumn with radio spots"
            """)
    @OptionGroup var target: CampaignTarget
    @Option(help: "evaluation or next_step") var kind: String
    @Option(help: "The note.") var text: String

    func run() async throws {
        let note = CampaignNoteRecorded(kind: try parseEnum(kind, NoteKind.self, option: "kind"), text: text)
        try await target.record(.noteRecorded(note), at: Timestamp(Date()))
    }
}

struct CancelCampaign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel", abstract: "Cancel a campaign (CampaignCancelled).",
        discussion: "Example:\n  helpline-stats campaign cancel radio-2024 --reason budget")
    @OptionGroup var target: CampaignTarget
    @Option(help: "One of \(CancelReason.acceptedValues)") var reason: String?

    func run() async throws {
        let cancelled = CampaignCancelled(reason: try reason.map { try parseEnum($0, CancelReason.self, option: "reason") })
        try await target.record(.cancelled(cancelled), at: Timestamp(Date()))
    }
}

struct CorrectCampaign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "correct", abstract: "Correct a campaign's name or dates (CampaignCorrected); stored events never change.",
        discussion: """
            Give only what changes. Example, the campaign actually stopped a week early:
              helpline-stats campaign correct lijn-1712 --stopped-at 2023-05-24T23:59:59+02:00
            """)
    @OptionGroup var target: CampaignTarget
    @Option(help: "The corrected name.") var name: String?
    @Option(help: "The corrected planned first day, YYYY-MM-DD.") var plannedStart: String?
    @Option(help: "The corrected planned last day, YYYY-MM-DD.") var plannedEnd: String?
    @Option(help: "The corrected start, RFC 3339 with offset.") var startedAt: String?
    @Option(help: "The corrected stop, RFC 3339 with offset.") var stoppedAt: String?

    func run() async throws {
        guard name != nil || plannedStart != nil || plannedEnd != nil || startedAt != nil || stoppedAt != nil else {
            throw ValidationError("give at least one of --name, --planned-start, --planned-end, --started-at, --stopped-at")
        }
        let corrected = CampaignCorrected(
            name: name, plannedStart: try parseDate(plannedStart, option: "planned-start"),
            plannedEnd: try parseDate(plannedEnd, option: "planned-end"),
            startedAt: try startedAt.map { try parseTimestamp($0, option: "started-at") },
            stoppedAt: try stoppedAt.map { try parseTimestamp($0, option: "stopped-at") })
        try await target.record(.corrected(corrected), at: Timestamp(Date()))
    }
}
