/// A problem that makes a whole contact CSV file unreadable (the header, or reading the input).
public struct ContactCSVFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The physical line, when known.
    public var line: Int?
    public var message: String

    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

/// One invalid row of a contact CSV file: its line and every problem found in it.
public struct ContactCSVRowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One problem in one column (nil when it concerns the whole row).
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var column: String?
        public var reason: String

        public var description: String { column.map { "column \($0): \(reason)" } ?? reason }
    }

    /// The physical line on which the row starts (1 is the header).
    public var line: Int
    public var problems: [Problem]

    /// `line 7, column wait_seconds: must be >= 0 and < 86400, got -3; …`
    public var description: String { "line \(line), " + problems.map(\.description).joined(separator: "; ") }
}
