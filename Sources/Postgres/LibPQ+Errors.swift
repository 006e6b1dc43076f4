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
        let failure = ConnectFailure(text: connectionMessage(connection))
        var code: PostgresError.Code
        switch failure.sqlState {
        case "28P01", "28000": code = .authenticationFailed  // invalid password; invalid authorization (pg_hba.conf, no such role)
        case .some: code = .connectionFailed
        case nil:
            // No server error: the client failed, in libpq's words (English: this process does not set a locale).
            let needsPassword = connection.map { PQconnectionNeedsPassword($0) == 1 } ?? false
            if needsPassword || failure.text.contains("no password supplied") || failure.text.contains("password is missing") {
                code = .authenticationFailed
            } else if failure.text.contains("Connection refused") || failure.text.contains("No such file or directory") {
                code = .connectionRefused
            } else {
                code = .connectionFailed
            }
        }
        return PostgresError(
            code: code,
            message:
                "could not connect to \(configuration.endpointDescription) as user \"\(configuration.user)\", database \"\(configuration.database)\": \(failure.message)",
            sqlState: failure.sqlState)
    }
}

/// A connection failure's message as libpq reports it with `PQERRORS_VERBOSE`: a server error reads
/// `FATAL:  28P01: password authentication failed for user "x"` followed by a `LOCATION:` line.
struct ConnectFailure {
    let text: String
    /// The SQLSTATE of the server's error, nil when the client failed (refused, timed out, no password to send).
    let sqlState: String?
    /// The last meaningful line, without the severity, the SQLSTATE and the source location.
    let message: String

    init(text: String) {
        self.text = text
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("LOCATION:") }
        var state: String?
        var message = lines.last ?? text
        // "… failed: SEVERITY:  XXXXX: text": the severity is translated, the SQLSTATE (five of 0-9A-Z, with a digit) never is.
        let pattern = /:\s+((?=[A-Z]{0,4}[0-9])[0-9A-Z]{5}):\s+(.*)$/
        for line in lines.reversed() {
            if let match = line.firstMatch(of: pattern) {
                state = String(match.1)
                message = String(match.2)
                break
            }
        }
        sqlState = state
        self.message = message
    }
}
