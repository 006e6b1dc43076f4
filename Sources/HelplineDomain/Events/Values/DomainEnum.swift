/// A closed set of values written as snake_case strings. Unknown values are rejected with a
/// message listing the accepted ones.
public protocol DomainEnum: RawRepresentable, CaseIterable, Sendable, Hashable, Codable where RawValue == String {}

extension DomainEnum {
    /// The accepted values, comma-separated, for error messages and documentation.
    public static var acceptedValues: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Why `raw` is not accepted.
    static func rejection(of raw: String) -> String {
        "must be one of \(acceptedValues); got \(ValidationRules.quoted(raw))"
    }
}
