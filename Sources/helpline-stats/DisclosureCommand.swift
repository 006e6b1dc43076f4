import ArgumentParser
import Disclosure
import Foundation
import Reports

struct DisclosureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disclosure",
        abstract: "Show or change the disclosure settings: each helpline's threshold and the embargo.",
        discussion: """
            Every public figure — the dashboard without a token, `report monthly|campaigns --public`, the API with
            `public=true` or a `public` token, the analytics_public views — is released by one engine
            (docs/DISCLOSURE.md). A month is released once it has been over for the embargo's days; a stopped
            campaign's effects once its carry-over has also ended. What was released stays as it was: a change of
            these settings applies only to what is not yet released.

            Examples:
              helpline-stats disclosure show
              helpline-stats disclosure threshold --helpline nupraatikerover --threshold 15
              helpline-stats disclosure threshold --helpline nupraatikerover --default
              helpline-stats disclosure embargo --days 14
              helpline-stats disclosure release     # daily from cron when the public figures are read through SQL only
            """,
        subcommands: [ShowDisclosure.self, SetThreshold.self, SetEmbargo.self, ReleaseDue.self])
}

struct ShowDisclosure: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the thresholds and the embargo.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let policy = try await database.withPool { pool in try await DisclosureSettings.policy(pool: pool) }
        print("embargo: \(policy.embargo.days) days after a month's (or a campaign's carry-over's) end")
        print("threshold: \(DisclosurePolicy.defaultThreshold) (default)")
        for (helpline, threshold) in policy.thresholds.sorted(by: { $0.key < $1.key }) { print("threshold: \(threshold) for \(helpline)") }
    }
}

struct SetThreshold: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "threshold", abstract: "Set a helpline's threshold: counts below it are withheld in what it has not yet released.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "The helpline.") var helpline: String
    @Option(help: "Counts below this are withheld (3…1000).") var threshold: Int?
    @Flag(name: .customLong("default"), help: "Go back to the default threshold (10).") var useDefault = false

    func validate() throws {
        guard (threshold != nil) != useDefault else { throw ValidationError("give either --threshold N or --default") }
        if let threshold, !DisclosurePolicy.thresholdRange.contains(threshold) {
            throw ValidationError("--threshold: expected 3…1000, got \(threshold)")
        }
    }

    func run() async throws {
        try await database.withPool { pool in try await DisclosureSettings.setThreshold(useDefault ? nil : threshold, for: helpline, pool: pool) }
        print(
            "threshold of \(helpline): \(useDefault ? "\(DisclosurePolicy.defaultThreshold) (default)" : String(threshold!)); released figures are unchanged"
        )
    }
}

struct SetEmbargo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "embargo", abstract: "Set the days after a period's end before it is released.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Days (0…366).") var days: Int

    func validate() throws {
        guard (0...366).contains(days) else { throw ValidationError("--days: expected 0…366, got \(days)") }
    }

    func run() async throws {
        try await database.withPool { pool in try await DisclosureSettings.setEmbargo(days: days, pool: pool) }
        print("embargo: \(days) days; released figures are unchanged")
    }
}

struct ReleaseDue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Release the months and campaign effects that are due (the public outputs also do this when asked for).",
        discussion: """
            The analytics_public views show only what has been released. The dashboard and `report … --public` release
            what is due when they are asked for; a website that reads only the views needs this command daily (cron).
            Exit status 0; nothing is released while the projections are behind the event store (run
            `helpline-stats project run --until-caught-up` first, or let `serve` run them).
            """)
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let outcome = try await database.withPool { pool in try await PublicReleaser.release(pool: pool) }
        if outcome.projectionsBehind {
            print("nothing released: the projections are behind the event store (run `helpline-stats project run --until-caught-up`)")
        } else {
            print("released \(outcome.months) month(s) and \(outcome.effects) campaign effect row(s)")
        }
    }
}
