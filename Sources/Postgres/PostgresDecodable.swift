import Foundation

/// A value that can be read from a result column (text format).
public protocol PostgresDecodable: Sendable {
    /// Decodes the column's text. Throw ``PostgresDecodingFailure`` (or return via `.typeMismatch`) when the
    /// column's type does not fit; the row adds the column name and index.
    static func decode(postgresText text: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws(PostgresDecodingFailure) -> Self
}

/// Why one value could not be decoded; ``PostgresRow`` wraps it into a ``PostgresDecodingError``.
public enum PostgresDecodingFailure: Error, Sendable {
    /// The column's type cannot become the requested Swift type.
    case typeMismatch
    /// The text could not be parsed as the requested type.
    case invalidValue(String)
}

/// A column could not be decoded into the requested Swift type.
public struct PostgresDecodingError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The column's PostgreSQL type does not match the requested Swift type.
        case typeMismatch
        /// The column is NULL but a non-optional type was requested.
        case unexpectedNull
        /// The value could not be parsed.
        case invalidValue(String)
        /// There is no such column.
        case missingColumn
    }

    public var kind: Kind
    public var column: String
    public var columnIndex: Int
    public var postgresType: PostgresDataType
    public var swiftType: String

    public var description: String {
        switch kind {
        case .typeMismatch:
            return "column \"\(column)\" (#\(columnIndex)) has type \(postgresType), which cannot be decoded as \(swiftType)"
        case .unexpectedNull:
            return "column \"\(column)\" (#\(columnIndex)) is NULL, but \(swiftType) is not optional"
        case .invalidValue(let why):
            return "column \"\(column)\" (#\(columnIndex)) of type \(postgresType) is not a valid \(swiftType): \(why)"
        case .missingColumn:
            return "no column named \"\(column)\" in the result"
        }
    }
}

extension UnsafeBufferPointer<UInt8> {
    var string: String { String(decoding: self, as: UTF8.self) }
}

extension String: PostgresDecodable {
    /// Any textual type (text, varchar, char, name, json, jsonb, xml) and uuid, as its text.
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws(PostgresDecodingFailure) -> String {
        guard type.isTextual || type == .uuid else { throw .typeMismatch }
        return text.string
    }
}

extension Bool: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws(PostgresDecodingFailure) -> Bool {
        guard type == .bool else { throw .typeMismatch }
        switch text.first {
        case UInt8(ascii: "t"): return true
        case UInt8(ascii: "f"): return false
        default: throw .invalidValue(text.string)
        }
    }
}

/// Parses a decimal integer without allocating.
func parseInteger<T: FixedWidthInteger>(_ text: UnsafeBufferPointer<UInt8>, as: T.Type) -> T? {
    guard !text.isEmpty else { return nil }
    var index = 0
    var negative = false
    if text[0] == UInt8(ascii: "-") {
        negative = true
        index = 1
    }
    guard index < text.count else { return nil }
    var value: T = 0
    while index < text.count {
        let digit = text[index] &- 48
        guard digit < 10 else { return nil }
        let (m, o1) = value.multipliedReportingOverflow(by: 10)
        let (r, o2) = negative ? m.subtractingReportingOverflow(T(digit)) : m.addingReportingOverflow(T(digit))
        guard !o1, !o2 else { return nil }
        value = r
        index += 1
    }
    return value
}

extension Int: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws(PostgresDecodingFailure) -> Int {
        guard [.int2, .int4, .int8, .oidType].contains(type) else { throw .typeMismatch }
        guard let value = parseInteger(text, as: Int.self) else { throw .invalidValue(text.string) }
        return value
    }
}

extension Int64: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws(PostgresDecodingFailure) -> Int64 {
        guard [.int2, .int4, .int8, .oidType, .xid8].contains(type) else { throw .typeMismatch }
        guard let value = parseInteger(text, as: Int64.self) else { throw .invalidValue(text.string) }
        return value
    }
}

extension UInt64: PostgresDecodable {
    /// `xid8` and non-negative integers.
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws(PostgresDecodingFailure) -> UInt64 {
        guard [.int2, .int4, .int8, .oidType, .xid8].contains(type) else { throw .typeMismatch }
        guard let value = parseInteger(text, as: UInt64.self) else { throw .invalidValue(text.string) }
        return value
    }
}

extension Int32: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws(PostgresDecodingFailure) -> Int32 {
        guard type == .int2 || type == .int4 else { throw .typeMismatch }
        guard let value = parseInteger(text, as: Int32.self) else { throw .invalidValue(text.string) }
        return value
    }
}

extension Int16: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws(PostgresDecodingFailure) -> Int16 {
        guard type == .int2 else { throw .typeMismatch }
        guard let value = parseInteger(text, as: Int16.self) else { throw .invalidValue(text.string) }
        return value
    }
}

extension Double: PostgresDecodable {
    /// float4, float8, numeric and integer columns.
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws(PostgresDecodingFailure) -> Double {
        guard [.float4, .float8, .numeric, .int2, .int4, .int8].contains(type) else { throw .typeMismatch }
        let string = text.string
        if let value = Double(string) { return value }
        switch string {
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        case "NaN": return .nan
        default: throw .invalidValue(string)
        }
    }
}

extension Decimal: PostgresDecodable {
    /// numeric and integer columns, exactly (for money in cents or euros).
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws(PostgresDecodingFailure) -> Decimal {
        guard [.numeric, .int2, .int4, .int8].contains(type) else { throw .typeMismatch }
        let string = text.string
        guard let value = Decimal(string: string, locale: Locale(identifier: "en_US_POSIX")) else { throw .invalidValue(string) }
        return value
    }
}

extension UUID: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws(PostgresDecodingFailure) -> UUID {
        guard type == .uuid || type == .text || type == .unknown else { throw .typeMismatch }
        guard let value = UUID(text: text.string) else { throw .invalidValue(text.string) }
        return value
    }
}

extension Date: PostgresDecodable {
    /// timestamptz; timestamp and date are read as UTC.
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws(PostgresDecodingFailure) -> Date {
        guard type == .timestamptz || type == .timestamp || type == .date else { throw .typeMismatch }
        guard let value = PostgresTimestamp.parse(text.string) else { throw .invalidValue(text.string) }
        return value
    }
}

extension Data: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws(PostgresDecodingFailure) -> Data {
        guard type == .bytea else { throw .typeMismatch }
        guard let value = PostgresBytea.decode(text) else { throw .invalidValue("malformed bytea hex") }
        return value
    }
}

extension Array: PostgresDecodable where Element: PostgresDecodable {
    /// One-dimensional arrays; a NULL element needs an optional element type.
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws(PostgresDecodingFailure) -> [Element] {
        guard let elementType = type.arrayElement else { throw .typeMismatch }
        let elements: [String?]
        do { elements = try PostgresArrayText.decode(text.string) } catch { throw .invalidValue("malformed array literal") }
        var result: [Element] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            if element == nil, let optional = Element.self as? any PostgresNullable.Type {
                result.append(optional.postgresNull as! Element)
                continue
            }
            guard var element else { throw .invalidValue("array contains NULL; decode as [T?]") }
            let decoded = element.withUTF8 { buffer in
                Result { () throws(PostgresDecodingFailure) -> Element in try Element.decode(postgresText: buffer, type: elementType) }
            }
            result.append(try decoded.get())
        }
        return result
    }
}

/// Optional element types, so arrays with NULL elements decode as `[T?]`.
protocol PostgresNullable { static var postgresNull: Self { get } }

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws(PostgresDecodingFailure) -> Wrapped? {
        try Wrapped.decode(postgresText: text, type: type)
    }
}

extension Optional: PostgresNullable where Wrapped: PostgresDecodable {
    static var postgresNull: Wrapped? { nil }
}

/// A `json`/`jsonb` column decoded into a `Decodable` type with `JSONDecoder` (ISO-8601 dates).
public struct PostgresJSON<Value: Decodable & Sendable>: PostgresDecodable, Sendable {
    public let value: Value

    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>, type: PostgresDataType) throws(PostgresDecodingFailure) -> PostgresJSON {
        guard type == .json || type == .jsonb || type == .text else { throw .typeMismatch }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return PostgresJSON(value: try decoder.decode(Value.self, from: Data(buffer: text)))
        } catch {
            throw .invalidValue("JSON does not decode as \(Value.self): \(error)")
        }
    }
}
