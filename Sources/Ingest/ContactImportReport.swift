import Foundation
import HelplineDomain

/// What a contact import did.
public struct ContactImportSummary: Sendable, Equatable {
    /// Data rows read (blank lines not counted).
    public var rowsRead = 0
    /// Rows that added at least one event.
    public var rowsImported = 0
    /// Rows whose events were all stored already (a re-import).
    public var rowsAlreadyPresent = 0
    /// Invalid rows (only with `skipInvalid`; otherwise the import is refused).
    public var rowsRejected = 0
    public var eventsWritten = 0
    /// The rows went straight into `es.events` with one `COPY` (a file of new contacts); false when they went
    /// through the staging table.
    public var copiedDirectly = false
    public var seconds: Double = 0

    public var rowsPerSecond: Double { seconds > 0 ? Double(rowsRead) / seconds : 0 }

    /// `imported 998 rows (2,994 events), 0 already present, 2 rejected, 41,200 rows/s`
    public var line: String {
        "imported \(rowsImported) rows (\(eventsWritten) events), \(rowsAlreadyPresent) already present, \(rowsRejected) rejected, "
            + "\(Int(rowsPerSecond.rounded())) rows/s"
    }
}

/// The import was refused and nothing was written.
public struct ContactImportRefused: Error, Sendable, CustomStringConvertible {
    /// Why, file-wide (e.g. a bad header), if that is the reason.
    public var fileError: ContactCSVFileError?
    /// The first invalid rows (at most `ContactImportOptions.maximumReportedErrors`).
    public var rowErrors: [ContactCSVRowError] = []
    /// How many rows were invalid in all.
    public var invalidRows = 0
    /// Rows whose events exist already with different content (a changed re-import).
    public var conflicts: [String] = []

    public var description: String {
        if let fileError { return "import refused, nothing written: \(fileError)" }
        var lines: [String] = []
        if invalidRows > 0 {
            lines.append("import refused, nothing written: \(invalidRows) invalid row(s)")
            lines += rowErrors.map { "  \($0)" }
            if invalidRows > rowErrors.count { lines.append("  … and \(invalidRows - rowErrors.count) more") }
            lines.append("fix them, or pass --skip-invalid to import the valid rows and write the rejects to a file")
        }
        if !conflicts.isEmpty {
            lines.append("import refused, nothing written: \(conflicts.count) row(s) differ from what was imported before")
            lines += conflicts.map { "  \($0)" }
            lines.append("stored events never change: record corrections as ContactVoided or ContactReclassified events")
        }
        return lines.joined(separator: "\n")
    }
}

/// Options of ``ContactImporter``.
public struct ContactImportOptions: Sendable {
    /// Import the valid rows and report the invalid ones instead of refusing the file.
    public var skipInvalid = false
    /// Where to write the invalid rows (`line,problems` CSV) with `skipInvalid`.
    public var rejectsFile: URL?
    public var maximumReportedErrors = 50
    /// Called about twice a second with the rows read so far.
    public var progress: (@Sendable (Int) -> Void)?
    /// The `source` of the events.
    public var eventSource = "csv-import"
    public var now = Date()

    public init(skipInvalid: Bool = false, rejectsFile: URL? = nil, progress: (@Sendable (Int) -> Void)? = nil) {
        self.skipInvalid = skipInvalid
        self.rejectsFile = rejectsFile
        self.progress = progress
    }
}
