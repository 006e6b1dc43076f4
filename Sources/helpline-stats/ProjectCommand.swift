import ArgumentParser
import EventStore
import Foundation
import Logging
import Postgres
import Projections
import ServiceLifecycle
import TimeArithmetic
import UnixSignals

struct ProjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract: "Run, rebuild and inspect the projection workers that turn events into read models.",
        subcommands: [ProjectRun.self, ProjectRebuild.self, ProjectStatusCommand.self, ProjectResume.self])
}

struct ProjectRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run every projection until SIGINT/SIGTERM (or, with --until-caught-up, until done).",
        discussion: """
            Workers wake on NOTIFY and poll as a fallback. Only one process runs each projection at a time; others
            stand by and take over within about a second when it stops. On SIGINT/SIGTERM the current batch commits
            or rolls back, then the process exits 0.

            Exit codes: 0 done, 1 error, 64 usage error, 4 a projection stopped on an event it cannot apply
            (see `project status`).

            Examples:
              helpline-stats project run
              helpline-stats project run --until-caught-up && helpline-stats report monthly --month last
            """)

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Exit 0 once every projection has applied every committed event.") var untilCaughtUp = false
    @Option(help: "Events per transaction.") var batchSize = 1_000
    @Option(help: "Seconds between polls when no notification arrives.") var pollInterval = 2.0

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        guard pollInterval > 0 else { throw ValidationError("--poll-interval must be positive") }
    }

    func run() async throws {
        var options = ProjectionWorker.Options()
        options.batchSize = batchSize
        options.pollInterval = .milliseconds(Int(pollInterval * 1000))
        options.untilCaughtUp = untilCaughtUp
        let logger = database.logger
        try await database.withConfiguration { configuration, _ in
            let workers = ProjectionWorkers(configuration: configuration, options: options, logger: logger)
            let effects = CampaignEffectsRefitter(configuration: configuration, logger: logger)
            do {
                if untilCaughtUp {
                    try await workers.run()
                    let outcome = try await effects.refitNow()
                    logger.info("campaign effects: \(outcome)")
                } else {
                    let group = ServiceGroup(
                        configuration: .init(
                            services: [.init(service: workers), .init(service: effects)], gracefulShutdownSignals: [.sigterm, .sigint],
                            cancellationSignals: [],
                            logger: logger))
                    try await group.run()
                }
            } catch let poison as PoisonEvent {
                FileHandle.standardError.write(Data("error: \(poison)\n".utf8))
                throw ExitCode(4)
            }
        }
    }
}

struct ProjectRebuild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Rebuild one projection from the first event into fresh tables, then switch them in.",
        discussion: """
            The live read model keeps serving (and updating) until the rebuilt one has caught up; the switch is one
            short transaction, after which the old tables are dropped. Projections: \(ProjectionCatalog.all.map(\.name).joined(separator: ", ")).

            Example:
              helpline-stats project rebuild contact_counts
            """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The projection's name.") var name: String
    @Option(help: "Events per transaction during the rebuild (each batch is one transaction, about a second at 50,000).")
    var batchSize = 50_000

    func run() async throws {
        guard let projection = ProjectionCatalog.named(name) else {
            throw ValidationError("unknown projection \(name); known: \(ProjectionCatalog.all.map(\.name).joined(separator: ", "))")
        }
        let started = ContinuousClock.now
        try await database.withConfiguration { configuration, _ in
            let events = try await ProjectionRebuilder(configuration: configuration, logger: database.logger).rebuild(
                projection, batchSize: batchSize)
            let seconds = (ContinuousClock.now - started).seconds
            print("rebuilt \(projection.checkpointName) from \(events) events in \(String(format: "%.1f", seconds)) s and switched it in")
        }
    }
}

struct ProjectStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show each projection's position, backlog and last error.",
        discussion: "Exit code 0 when every projection is healthy, 4 when one has stopped on an event.")

    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let statuses = try await database.withPool { pool in try await ProjectionStatus.load(ProjectionCatalog.all, pool: pool) }
        if json {
            let objects = statuses.map { s -> [String: Any] in
                [
                    "projection": s.name, "position": s.cursor.description, "eventsApplied": s.eventsApplied, "eventsBehind": s.eventsBehind,
                    "secondsBehind": (s.secondsBehind * 10).rounded() / 10, "failed": s.failed, "lastError": s.lastError ?? NSNull(),
                    "errorEventId": s.errorEventID?.uuidString.lowercased() ?? NSNull(),
                ]
            }
            print(String(decoding: try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self))
        } else {
            for s in statuses {
                var line = "\(s.name): \(s.failed ? "STOPPED" : "running"), position \(s.cursor), \(s.eventsApplied) applied, "
                line += "\(s.eventsBehind) behind (\(String(format: "%.1f", s.secondsBehind)) s)"
                if let error = s.lastError { line += "\n  last error at event \(s.errorEventID?.uuidString.lowercased() ?? "?"): \(error)" }
                print(line)
            }
        }
        if statuses.contains(where: \.failed) { throw ExitCode(4) }
    }
}

struct ProjectResume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Let a stopped projection retry the event it stopped on (after fixing the cause).")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The projection's name.") var name: String

    func run() async throws {
        guard let projection = ProjectionCatalog.named(name) else { throw ValidationError("unknown projection \(name)") }
        try await database.withPool { pool in
            try await pool.withConnection { try await ProjectionCheckpoint.resume(projection.checkpointName, on: $0) }
        }
        print("\(projection.checkpointName) will retry on the next `project run`")
    }
}
