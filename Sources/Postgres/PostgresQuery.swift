import Foundation

/// A SQL statement and its parameter values, kept apart.
///
/// Write queries with string interpolation; every interpolated value becomes a `$n` parameter:
/// ```swift
/// let rows = try await connection.query("SELECT name FROM campaigns WHERE id = \(id) AND cost > \(minimum)")
/// ```
/// There is no way to paste a value into the SQL text through interpolation. Identifiers (table names chosen
/// at run time) go through `\(identifier: name)`, which quotes them; `\(unescaped: fragment)` exists only for
/// SQL fragments the program itself owns.
public struct PostgresQuery: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var sql: String
    public private(set) var binds: PostgresBindings

    /// A query from literal SQL text, without parameters. Only a literal written in the program: SQL built at run
    /// time goes through interpolation (values become parameters) or, for text the program owns, `init(unsafeSQL:)`.
    public init(stringLiteral value: StaticString) {
        self.sql = value.description
        self.binds = PostgresBindings()
    }

    public init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.binds = stringInterpolation.binds
    }

    /// A query from SQL the program built itself (e.g. a migration file) plus explicit bindings.
    /// Never build `sql` from untrusted input.
    public init(unsafeSQL sql: String, binds: PostgresBindings = PostgresBindings()) {
        self.sql = sql
        self.binds = binds
    }

    public var description: String { "\(sql) [\(binds.count) parameter(s)]" }

    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var sql: String
        var binds: PostgresBindings

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds = PostgresBindings()
        }

        public mutating func appendLiteral(_ literal: StaticString) { sql += literal.description }

        /// A parameter value, written as `$n`; an optional `nil` is sent as NULL.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            binds.append(value)
            sql += "$\(binds.count)"
        }

        /// An optional parameter value; `nil` is sent as NULL.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            if let value { binds.append(value) } else { binds.appendNull(type: Value.postgresType) }
            sql += "$\(binds.count)"
        }

        /// A quoted identifier, e.g. a table name chosen at run time (`rm.daily_v2` → `"rm"."daily_v2"` when
        /// qualified with `schema`).
        public mutating func appendInterpolation(identifier: String) {
            sql += PostgresQuery.quoteIdentifier(identifier)
        }

        /// A fragment of SQL owned by the program (never user input).
        public mutating func appendInterpolation(unescaped fragment: String) { sql += fragment }
    }

    /// `"name"` with embedded quotes doubled; a dotted name is quoted part by part.
    public static func quoteIdentifier(_ name: String) -> String {
        name.split(separator: ".", omittingEmptySubsequences: false)
            .map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            .joined(separator: ".")
    }
}

/// The parameter values of a query, in order, in the form libpq sends them.
public struct PostgresBindings: Sendable {
    struct Value: Sendable {
        var type: PostgresDataType
        /// nil is SQL NULL.
        var bytes: [UInt8]?
        var binary: Bool
    }

    var values: [Value] = []
    /// An encoding failure is reported when the query runs, so interpolation itself never throws.
    var encodingError: PostgresError?

    public init() {}

    public var count: Int { values.count }

    public mutating func append(_ value: some PostgresEncodable) {
        if let binary = value as? any PostgresBinaryEncodable {
            values.append(Value(type: type(of: value).postgresType, bytes: binary.postgresBytes, binary: true))
            return
        }
        if let optional = value as? any OptionalProtocol, optional.isNil {
            appendNull(type: type(of: value).postgresType)
            return
        }
        do {
            let bytes = Array(try value.postgresText().utf8)
            // libpq sends text parameters NUL-terminated: a NUL inside would silently cut the value short.
            if bytes.contains(0) {
                if encodingError == nil {
                    encodingError = PostgresError(
                        code: .encoding, message: "parameter $\(values.count + 1) contains a NUL character, which PostgreSQL text cannot hold")
                }
                values.append(Value(type: .unknown, bytes: nil, binary: false))
                return
            }
            values.append(Value(type: type(of: value).postgresType, bytes: bytes, binary: false))
        } catch {
            encodingError =
                error as? PostgresError ?? PostgresError(code: .encoding, message: "cannot encode parameter $\(values.count + 1): \(error)")
            values.append(Value(type: .unknown, bytes: nil, binary: false))
        }
    }

    public mutating func appendNull(type: PostgresDataType = .unknown) {
        values.append(Value(type: type, bytes: nil, binary: false))
    }
}
