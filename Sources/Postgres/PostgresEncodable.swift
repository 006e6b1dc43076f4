import Foundation

/// A value that can be sent as a query parameter.
///
/// Values travel separately from the SQL text (`$n` parameters of `PQexecParams`), so they can never be
/// interpreted as SQL.
public protocol PostgresEncodable: Sendable {
    /// The parameter type sent to the server. `.unknown` lets the server infer it from context.
    static var postgresType: PostgresDataType { get }
    /// The value in PostgreSQL's text input format.
    func postgresText() throws -> String
}

/// A value that is sent in binary format (bytea), instead of text.
protocol PostgresBinaryEncodable: PostgresEncodable {
    var postgresBytes: [UInt8] { get }
}

extension String: PostgresEncodable {
    public static var postgresType: PostgresDataType { .unknown }
    public func postgresText() -> String { self }
}

extension Substring: PostgresEncodable {
    public static var postgresType: PostgresDataType { .unknown }
    public func postgresText() -> String { String(self) }
}

extension Bool: PostgresEncodable {
    public static var postgresType: PostgresDataType { .bool }
    public func postgresText() -> String { self ? "t" : "f" }
}

extension Int: PostgresEncodable {
    public static var postgresType: PostgresDataType { .int8 }
    public func postgresText() -> String { String(self) }
}

extension Int64: PostgresEncodable {
    public static var postgresType: PostgresDataType { .int8 }
    public func postgresText() -> String { String(self) }
}

extension Int32: PostgresEncodable {
    public static var postgresType: PostgresDataType { .int4 }
    public func postgresText() -> String { String(self) }
}

extension Int16: PostgresEncodable {
    public static var postgresType: PostgresDataType { .int2 }
    public func postgresText() -> String { String(self) }
}

extension Double: PostgresEncodable {
    public static var postgresType: PostgresDataType { .float8 }
    public func postgresText() -> String {
        if isNaN { return "NaN" }
        if isInfinite { return self < 0 ? "-Infinity" : "Infinity" }
        return String(self)
    }
}

extension Decimal: PostgresEncodable {
    public static var postgresType: PostgresDataType { .numeric }
    public func postgresText() throws -> String {
        guard !isNaN else { return "NaN" }
        return NSDecimalNumber(decimal: self).description(withLocale: Locale(identifier: "en_US_POSIX"))
    }
}

extension UUID: PostgresEncodable {
    public static var postgresType: PostgresDataType { .uuid }
    public func postgresText() -> String { lowercasedText }
}

extension Date: PostgresEncodable {
    public static var postgresType: PostgresDataType { .timestamptz }
    public func postgresText() -> String { PostgresTimestamp.format(self) }
}

extension Data: PostgresEncodable, PostgresBinaryEncodable {
    public static var postgresType: PostgresDataType { .bytea }
    public func postgresText() -> String { PostgresBytea.hex(self) }
    var postgresBytes: [UInt8] { [UInt8](self) }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public static var postgresType: PostgresDataType { Wrapped.postgresType }
    public func postgresText() throws -> String {
        guard let value = self else {
            throw PostgresError(code: .encoding, message: "NULL has no text form (bind it as a NULL instead)")
        }
        return try value.postgresText()
    }
}

extension Array: PostgresEncodable where Element: PostgresEncodable {
    public static var postgresType: PostgresDataType {
        Element.postgresType == .unknown ? .textArray : Element.postgresType.arrayType
    }
    public func postgresText() throws -> String {
        // One type check for the array, not a dynamic cast per element (it showed in profiles of batch appends).
        guard Element.self is any OptionalProtocol.Type else { return try PostgresArrayText.encode(map { try $0.postgresText() }) }
        return try PostgresArrayText.encode(
            map { element -> String? in
                if let optional = element as? any OptionalProtocol, optional.isNil { return nil }
                return try element.postgresText()
            })
    }
}

/// Lets arrays of optionals encode their `nil`s as SQL NULL elements.
protocol OptionalProtocol { var isNil: Bool { get } }
extension Optional: OptionalProtocol { var isNil: Bool { self == nil } }

/// A JSON document sent as `jsonb`.
public struct PostgresJSONB: PostgresEncodable, Equatable {
    /// The UTF-8 JSON text.
    public let json: String
    public static var postgresType: PostgresDataType { .jsonb }

    /// Encodes `value` with a `JSONEncoder` (sorted keys, ISO-8601 dates).
    public init(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        self.json = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Wraps JSON text that is already encoded (it is validated by the server).
    public init(rawJSON: String) { self.json = rawJSON }

    public func postgresText() -> String { json }
}
