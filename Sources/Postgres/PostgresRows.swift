import CLibPQ

/// Owns one `PGresult`. A result is read-only once made, so sharing it between threads is safe.
final class ResultHandle: @unchecked Sendable {
    let result: OpaquePointer
    let columnNames: [String]
    let columnTypes: [PostgresDataType]
    let columnIndex: [String: Int]

    init(_ result: OpaquePointer) {
        self.result = result
        let count = Int(PQnfields(result))
        var names: [String] = []
        var types: [PostgresDataType] = []
        var index: [String: Int] = [:]
        for i in 0..<count {
            // COPY results report columns without names.
            let name = PQfname(result, Int32(i)).map { String(cString: $0) } ?? ""
            names.append(name)
            types.append(PostgresDataType(PQftype(result, Int32(i))))
            if index[name] == nil { index[name] = i }
        }
        columnNames = names
        columnTypes = types
        columnIndex = index
    }

    deinit { PQclear(result) }
}

/// The rows a statement returned, read lazily from libpq's result.
public struct PostgresRows: RandomAccessCollection, Sendable {
    let handle: ResultHandle?
    /// The command tag's row count (rows inserted, updated, deleted, copied or selected).
    public let affectedRows: Int

    public var startIndex: Int { 0 }
    public let endIndex: Int

    init(handle: ResultHandle?) {
        self.handle = handle
        if let handle {
            endIndex = Int(PQntuples(handle.result))
            affectedRows = Int(String(cString: PQcmdTuples(handle.result))) ?? 0
        } else {
            endIndex = 0
            affectedRows = 0
        }
    }

    /// Row `position`, which must be in `0..<count` (like an array's index): out of range is a programming error, not a
    /// row of NULLs.
    public subscript(position: Int) -> PostgresRow {
        precondition(position >= 0 && position < endIndex, "row index \(position) out of range: the result has \(endIndex) rows")
        return PostgresRow(handle: handle!, row: Int32(position))
    }

    /// The column names, in order.
    public var columns: [String] { handle?.columnNames ?? [] }
}

/// One row of a result. Decode columns by name or index into any ``PostgresDecodable`` type; decode into an
/// optional to accept NULL.
public struct PostgresRow: Sendable {
    let handle: ResultHandle
    let row: Int32

    /// The column names, in order.
    public var columns: [String] { handle.columnNames }

    public func isNull(_ column: Int) -> Bool { PQgetisnull(handle.result, row, Int32(column)) == 1 }

    /// Decodes the column at `index`. A NULL decodes as `nil` into an optional, and is an error otherwise.
    /// - Throws: ``PostgresDecodingError`` naming the column, for a type mismatch, an unexpected NULL or a bad value.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at index: Int) throws -> T {
        guard index >= 0, index < handle.columnNames.count else {
            throw PostgresDecodingError(kind: .missingColumn, column: "#\(index)", columnIndex: index, postgresType: .unknown, swiftType: "\(T.self)")
        }
        let pgType = handle.columnTypes[index]
        if isNull(index) {
            if let nullable = T.self as? any PostgresNullable.Type { return nullable.postgresNull as! T }
            throw error(.unexpectedNull, index, T.self)
        }
        let length = Int(PQgetlength(handle.result, row, Int32(index)))
        let bytes = UnsafeRawPointer(PQgetvalue(handle.result, row, Int32(index))!).assumingMemoryBound(to: UInt8.self)
        do {
            return try T.decode(postgresText: UnsafeBufferPointer(start: bytes, count: length), type: pgType)
        } catch {
            switch error {
            case .typeMismatch: throw self.error(.typeMismatch, index, T.self)
            case .invalidValue(let why): throw self.error(.invalidValue(why), index, T.self)
            }
        }
    }

    /// Decodes the column named `column`.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, column: String) throws -> T {
        guard let index = handle.columnIndex[column] else {
            throw PostgresDecodingError(kind: .missingColumn, column: column, columnIndex: -1, postgresType: .unknown, swiftType: "\(T.self)")
        }
        return try decode(type, at: index)
    }

    /// Decodes a json/jsonb column into a `Decodable` value.
    public func decodeJSON<T: Decodable & Sendable>(_ type: T.Type = T.self, column: String) throws -> T {
        try decode(PostgresJSON<T>.self, column: column).value
    }

    /// The raw text bytes of a column, without copying (nil for NULL). Valid only inside `body`.
    public func withUnsafeText<R>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>?) throws -> R) rethrows -> R {
        if isNull(index) { return try body(nil) }
        let length = Int(PQgetlength(handle.result, row, Int32(index)))
        let bytes = UnsafeRawPointer(PQgetvalue(handle.result, row, Int32(index))!).assumingMemoryBound(to: UInt8.self)
        return try body(UnsafeBufferPointer(start: bytes, count: length))
    }

    private func error<T>(_ kind: PostgresDecodingError.Kind, _ index: Int, _ type: T.Type) -> PostgresDecodingError {
        PostgresDecodingError(
            kind: kind, column: handle.columnNames[index], columnIndex: index, postgresType: handle.columnTypes[index], swiftType: "\(T.self)")
    }
}
