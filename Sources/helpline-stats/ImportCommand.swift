import ArgumentParser
import EventStore
import Foundation
import HelplineDomain
import Ingest

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bulk-import contacts (CSV) or campaigns (JSON) into the event store.",
        subcommands: [ImportContactsCommand.self, ImportCampaignsCommand.self])
}

struct ImportContactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "Import contacts from a CSV file (RFC 4180, UTF-8, header row); '-' reads standard input.",
        discussion: """
            Required columns: contact_id, helpline, channel, received_at (RFC 3339 with an offset).
            Optional columns: outcome (answered|abandoned|rejected), wait_seconds, duration_seconds, contact_type,
            contactor_role, age_band, heard_via. Unknown columns are refused: the file must not carry personal data.

            Importing the same file again adds nothing. An invalid row refuses the whole file (each bad line is
            listed, up to 50), unless --skip-invalid. See docs/EVENTS.md for the values.

            Example:
              helpline-stats import contacts Examples/contacts.csv
              zcat calls-2023.csv.gz | helpline-stats import contacts - --skip-invalid --rejects rejects.csv
            """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The CSV file, or - for standard input.") var file: String
    @Flag(help: "Import the valid rows and write the invalid ones to --rejects instead of refusing the file.") var skipInvalid = false
    @Option(help: "Where --skip-invalid writes the rejected rows (default: FILE.rejects.csv).") var rejects: String?
    @Option(help: "The source recorded on the events.") var source = "csv-import"

    func run() async throws {
        let path = file
        if path != "-" && !FileManager.default.isReadableFile(atPath: path) {
            throw CLIError("cannot open \(path): no such readable file")
        }
        // A regular file can be read twice: straight into the store first, through the staging table if that is
        // refused. Standard input (`-`), pipes and devices are read once, through the staging table.
        let regular = (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular
        func open() throws -> FileHandleChunkSource {
            if path == "-" { return FileHandleChunkSource(handle: .standardInput) }
            guard let handle = FileHandle(forReadingAtPath: path) else { throw CLIError("cannot open \(path): no such readable file") }
            return FileHandleChunkSource(handle: handle)
        }
        var options = ContactImportOptions(skipInvalid: skipInvalid)
        options.eventSource = source
        if skipInvalid { options.rejectsFile = URL(fileURLWithPath: rejects ?? (file == "-" ? "rejects.csv" : file + ".rejects.csv")) }
        let progress = ProgressLine(unit: "rows")
        options.progress = { progress.update($0) }
        try await database.withPool { pool in
            do {
                let importer = ContactImporter(pool: pool, logger: database.logger)
                let summary =
                    regular
                    ? try await importer.importCSV(opening: open, options: options)
                    : try await importer.importCSV(from: try open(), options: options)
                progress.finish()
                print(summary.line)
                if summary.rowsRejected > 0, let url = options.rejectsFile { print("rejected rows written to \(url.path)") }
            } catch let refused as ContactImportRefused {
                progress.finish()
                throw CLIError(refused.description)
            }
        }
    }
}

struct ImportCampaignsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaigns",
        abstract: "Import campaigns from a JSON file; importing it again adds nothing.",
        discussion: """
            The file holds {"campaigns": [...]}; each campaign needs id, name and helplines, and may give owner,
            targetGroups, channels, plannedStart/plannedEnd (YYYY-MM-DD), startedAt/stoppedAt (RFC 3339; no
            stoppedAt = still running), costs, reach and notes. Unknown fields are refused. See Examples/campaigns.json.

            Example:
              helpline-stats import campaigns Examples/campaigns.json
            """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The JSON file, or - for standard input.") var file: String

    func run() async throws {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let read = FileManager.default.contents(atPath: file) else { throw CLIError("cannot open \(file): no such readable file") }
            data = read
        }
        try await database.withPool { pool in
            let outcome: CampaignRecorder.Outcome
            do {
                outcome = try await CampaignRecorder(store: EventStore(pool: pool, logger: database.logger)).importFile(json: data)
            } catch let error as HelplineDomain.ValidationError {
                throw CLIError("\(file) is not a valid campaign file, nothing imported:\n\(error)")
            }
            print("imported \(outcome.written) campaign event(s), \(outcome.alreadyPresent) already present")
        }
    }
}

/// A one-line progress counter on standard error, only when it is a terminal.
final class ProgressLine: @unchecked Sendable {
    let unit: String
    let started = ContinuousClock.now
    let enabled = isatty(STDERR_FILENO) == 1
    private var shown = false

    init(unit: String) { self.unit = unit }

    func update(_ count: Int) {
        guard enabled else { return }
        let seconds = max((ContinuousClock.now - started).components.seconds, 1)
        FileHandle.standardError.write(Data("\r\(count.formatted()) \(unit), \((count / Int(seconds)).formatted()) \(unit)/s   ".utf8))
        shown = true
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
