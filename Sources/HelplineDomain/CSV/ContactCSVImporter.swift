import Foundation

/// Turns a contact CSV file into contact events, one row at a time, in constant memory.
///
/// ```swift
/// var importer = try ContactCSVImporter(source: FileHandleChunkSource(handle: .standardInput))
/// while let row = try importer.next() {
///     switch row {
///     case .success(let contact): … contact.storageRows …
///     case .failure(let error): print(error)   // "line 7, column received_at: …"
///     }
/// }
/// ```
public struct ContactCSVImporter<Source: ByteChunkSource> {
    private var reader: CSVReader<Source>
    private let columns: [ContactCSVColumn]
    private let index: [ContactCSVColumn: Int]
    private let now: Timestamp
    /// The `source` written on every event.
    public let eventSource: String
    /// The columns of the file, in file order.
    public var header: [ContactCSVColumn] { columns }

    /// Reads and checks the header row.
    /// - Parameters:
    ///   - eventSource: the `source` of the events (default `csv-import`).
    ///   - now: the reference for "at most one day in the future".
    public init(source: Source, eventSource: String = "csv-import", now: Date = Date()) throws(ContactCSVFileError) {
        reader = CSVReader(source: source)
        self.eventSource = eventSource
        self.now = Timestamp(now)
        if let problem = ValidationRules.identifierProblem(eventSource) {
            throw ContactCSVFileError(line: nil, message: "event source \(problem)")
        }
        let headerRecord: CSVRecord?
        do { headerRecord = try reader.next() } catch { throw ContactCSVFileError(line: nil, message: "cannot read input: \(error)") }
        guard let headerRecord, !headerRecord.isBlank else {
            throw ContactCSVFileError(line: 1, message: "the file is empty; a header row is required")
        }
        if let (_, reason) = headerRecord.syntaxError { throw ContactCSVFileError(line: 1, message: "header: \(reason)") }
        var columns: [ContactCSVColumn] = []
        var index: [ContactCSVColumn: Int] = [:]
        var problems: [String] = []
        let known = ContactCSVColumn.allCases.map(\.rawValue).joined(separator: ", ")
        for i in 0..<headerRecord.count {
            guard let name = headerRecord.string(i) else {
                problems.append("column \(i + 1) is not valid UTF-8")
                continue
            }
            guard let column = ContactCSVColumn(rawValue: name) else {
                problems.append("unknown column \(ValidationRules.quoted(name)) (known columns: \(known))")
                continue
            }
            if index[column] != nil {
                problems.append("duplicate column \(name)")
                continue
            }
            index[column] = i
            columns.append(column)
        }
        for column in ContactCSVColumn.required where index[column] == nil {
            problems.append("missing required column \(column.rawValue)")
        }
        if !problems.isEmpty { throw ContactCSVFileError(line: 1, message: problems.joined(separator: "; ")) }
        self.columns = columns
        self.index = index
    }

    /// The next row's events or the reasons it is invalid; nil at the end of the file. Blank
    /// lines are skipped. Throws only when the input cannot be read.
    public mutating func next() throws(ContactCSVFileError) -> Result<ImportedContact, ContactCSVRowError>? {
        while true {
            let record: CSVRecord?
            do { record = try reader.next() } catch {
                throw ContactCSVFileError(line: reader.currentLine, message: "cannot read input: \(error)")
            }
            guard let record else { return nil }
            if record.isBlank { continue }
            return convert(record)
        }
    }

    private func convert(_ record: CSVRecord) -> Result<ImportedContact, ContactCSVRowError> {
        var row = RowParser(record: record, index: index, now: now)
        if let (field, reason) = record.syntaxError {
            let column = field <= columns.count ? columns[field - 1].rawValue : nil
            return .failure(ContactCSVRowError(line: record.line, problems: [.init(column: column, reason: reason)]))
        }
        guard record.count == columns.count else {
            return .failure(
                ContactCSVRowError(
                    line: record.line,
                    problems: [.init(column: nil, reason: "expected \(columns.count) fields as in the header, got \(record.count)")]))
        }
        guard let contact = row.build(eventSource: eventSource) else {
            return .failure(ContactCSVRowError(line: record.line, problems: row.problems))
        }
        return .success(contact)
    }
}
