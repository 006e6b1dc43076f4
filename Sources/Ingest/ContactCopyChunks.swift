import Foundation
import HelplineDomain
import Postgres

/// What the CSV pass found, kept while the rows stream into COPY.
final class ImportTally {
    let options: ContactImportOptions
    var validRows = 0
    var invalidRows = 0
    var rowErrors: [ContactCSVRowError] = []
    var fileError: ContactCSVFileError?
    /// Every rejected row when `skipInvalid` (line and reason only: small).
    var rejects: [ContactCSVRowError] = []
    var lastProgress = ContinuousClock.now

    init(options: ContactImportOptions) { self.options = options }

    func record(_ error: ContactCSVRowError) {
        invalidRows += 1
        if rowErrors.count < options.maximumReportedErrors { rowErrors.append(error) }
        if options.skipInvalid && options.rejectsFile != nil { rejects.append(error) }
    }

    func writeRejects(to url: URL) throws {
        var text = "line,problems\n"
        for reject in rejects {
            let problems = reject.problems.map(\.description).joined(separator: "; ").replacingOccurrences(of: "\"", with: "\"\"")
            text += "\(reject.line),\"\(problems)\"\n"
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}

/// Where the COPY rows of a contact CSV go, and so which columns they carry.
enum ImportCopyTarget {
    /// `import_staging (seq, line, stream_id, event_id, event_type, schema_version, occurred_at, data, metadata)`.
    case staging
    /// `es.events (stream_id, stream_position, event_id, event_type, schema_version, occurred_at, data, metadata)`,
    /// each contact's events at positions 1, 2, … of its (new) stream.
    case events

    var copyStatement: PostgresQuery {
        switch self {
        case .staging:
            "COPY import_staging (seq, line, stream_id, event_id, event_type, schema_version, occurred_at, data, metadata) FROM STDIN"
        case .events:
            "COPY es.events (stream_id, stream_position, event_id, event_type, schema_version, occurred_at, data, metadata) FROM STDIN"
        }
    }
}

/// The rows of a contact CSV, as COPY text-format chunks of about 256 KiB.
struct ContactCopyChunks<Source: ByteChunkSource>: AsyncSequence {
    typealias Element = [UInt8]
    let csv: ContactCSVImporter<Source>
    let tally: ImportTally
    var target = ImportCopyTarget.staging

    func makeAsyncIterator() -> Iterator { Iterator(csv: csv, tally: tally, target: target) }

    struct Iterator: AsyncIteratorProtocol {
        var csv: ContactCSVImporter<Source>
        let tally: ImportTally
        let target: ImportCopyTarget
        var sequence: Int64 = 0
        var finished = false

        mutating func next() async throws -> [UInt8]? {
            guard !finished else { return nil }
            var buffer: [UInt8] = []
            buffer.reserveCapacity(300 * 1024)
            while buffer.count < 256 * 1024 {
                let row: Result<ImportedContact, ContactCSVRowError>?
                do { row = try csv.next() } catch {
                    tally.fileError = error
                    finished = true
                    break
                }
                guard let row else {
                    finished = true
                    break
                }
                switch row {
                case .failure(let error):
                    tally.record(error)
                case .success(let contact):
                    tally.validRows += 1
                    // Once the file is known to be refused, keep validating but stop sending rows.
                    if tally.invalidRows > 0 && !tally.options.skipInvalid { continue }
                    append(contact, to: &buffer)
                }
                if let progress = tally.options.progress, (tally.validRows + tally.invalidRows) % 1024 == 0,
                    ContinuousClock.now - tally.lastProgress > .milliseconds(500)
                {
                    tally.lastProgress = .now
                    progress(tally.validRows + tally.invalidRows)
                }
            }
            return buffer.isEmpty && finished ? nil : buffer
        }

        mutating func append(_ contact: ImportedContact, to buffer: inout [UInt8]) {
            let line = String(contact.line)
            for (offset, event) in contact.events.enumerated() {
                let record = event.storageRecord
                switch target {
                case .staging:
                    sequence += 1
                    CopyText.append(field: String(sequence), to: &buffer)
                    buffer.append(9)
                    CopyText.append(field: line, to: &buffer)
                    buffer.append(9)
                    CopyText.append(field: record.streamId, to: &buffer)
                    buffer.append(9)
                case .events:
                    CopyText.append(field: record.streamId, to: &buffer)
                    buffer.append(9)
                    CopyText.append(field: String(offset + 1), to: &buffer)
                    buffer.append(9)
                }
                CopyText.append(field: record.eventId.uuidString, to: &buffer)
                buffer.append(9)
                CopyText.append(field: record.eventType, to: &buffer)
                buffer.append(9)
                CopyText.append(field: String(record.schemaVersion), to: &buffer)
                buffer.append(9)
                CopyText.append(field: record.occurredAt.description, to: &buffer)
                buffer.append(9)
                CopyText.append(field: record.data, to: &buffer)
                buffer.append(9)
                CopyText.append(field: record.metadata, to: &buffer)
                buffer.append(10)
            }
        }
    }
}
