import CLibPQ
import Foundation

/// Turning libpq's failures into ``PostgresError``s.
enum LibPQ {
    static func serverError(from result: OpaquePointer, connection: OpaquePointer?) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let broken = connection.map { PQstatus($0) != CONNECTION_OK } ?? false
        let primary = field("M") ?? String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
        let sqlState = field("C")
        var code = PostgresError.Code.server
        if broken || sqlState == nil { code = .connectionClosed }
        return PostgresError(
            code: code,
            message: primary.isEmpty ? "the connection to the server was lost" : primary,
            sqlState: sqlState, severity: field("V") ?? field("S"), detail: field("D"), hint: field("H"), context: field("W"),
            schemaName: field("s"), tableName: field("t"), columnName: field("c"), constraintName: field("n"))
    }

    static func connectionMessage(_ connection: OpaquePointer?) -> String {
        guard let connection, let text = PQerrorMessage(connection) else { return "unknown libpq error" }
        return String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func connectError(_ connection: OpaquePointer?, configuration: PostgresConfiguration) -> PostgresError {
        let text = connectionMessage(connection)
        let code: PostgresError.Code
        if text.contains("password authentication failed") || text.contains("no password supplied")
            || text.contains("authentication failed") || text.contains("password is missing")
        {
            code = .authenticationFailed
        } else if text.contains("Connection refused") || text.contains("No such file or directory") {
            code = .connectionRefused
        } else {
            code = .connectionFailed
        }
        let lastLine = text.split(separator: "\n").last.map(String.init) ?? text
        return PostgresError(
            code: code,
            message:
                "could not connect to \(configuration.endpointDescription) as user \"\(configuration.user)\", database \"\(configuration.database)\": \(lastLine)"
        )
    }
}
