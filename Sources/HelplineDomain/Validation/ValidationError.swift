/// One problem found in an event or import record: the field it concerns and what is wrong.
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
    /// The path of the offending field, e.g. `data.waitSeconds` or `campaigns[0].costs[1].currency`.
    /// Empty when the problem concerns the whole document.
    public var field: String
    /// What is wrong, e.g. `must be >= 0 and < 86400, got -3`.
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// `field: message`, or just the message when there is no field.
    public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}

/// An event or import document that was refused, with every problem found.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// All problems, in document order. Never empty.
    public var issues: [ValidationIssue]

    public init(issues: [ValidationIssue]) { self.issues = issues }

    public init(field: String, message: String) { self.issues = [ValidationIssue(field: field, message: message)] }

    /// The issues, one per line.
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// Collects issues while a document is decoded.
final class IssueCollector {
    private(set) var issues: [ValidationIssue] = []

    func add(_ field: String, _ message: String) { issues.append(ValidationIssue(field: field, message: message)) }

    var isEmpty: Bool { issues.isEmpty }

    func throwIfAny() throws(ValidationError) {
        if !issues.isEmpty { throw ValidationError(issues: issues) }
    }
}

/// Joins a path and a member name: `join("data", "waitSeconds") == "data.waitSeconds"`.
func joinPath(_ base: String, _ key: String) -> String { base.isEmpty ? key : "\(base).\(key)" }
