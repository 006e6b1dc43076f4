/// One CSV record: its fields as raw bytes, and where it starts in the file. The reader reuses
/// the record's storage for the next record.
public struct CSVRecord: Sendable {
    /// The physical line (1-based) on which the record starts.
    public internal(set) var line = 1
    /// A syntax problem in the record (a stray quote, a bare carriage return, an unterminated
    /// quoted field): the 1-based field index and the reason.
    public internal(set) var syntaxError: (field: Int, reason: String)?
    var bytes: [UInt8] = []
    var ends: [Int] = []

    /// The number of fields.
    public var count: Int { ends.count }

    /// The bytes of field `i` (0-based), with quotes removed and `""` unescaped.
    public func field(_ i: Int) -> ArraySlice<UInt8> {
        bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]]
    }

    /// Field `i` as a string, or nil if it is not valid UTF-8.
    public func string(_ i: Int) -> String? {
        let slice = field(i)
        return String(validating: slice, as: UTF8.self)
    }

    /// Whether the record is an empty line.
    public var isBlank: Bool { ends.count == 1 && ends[0] == 0 && syntaxError == nil }

    mutating func reset(line: Int) {
        self.line = line
        syntaxError = nil
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    mutating func endField() { ends.append(bytes.count) }

    mutating func flag(_ reason: String) {
        if syntaxError == nil { syntaxError = (ends.count + 1, reason) }
    }
}
