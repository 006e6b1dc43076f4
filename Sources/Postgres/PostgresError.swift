/// An error from PostgreSQL or from the client side of a connection.
///
/// Server errors carry the fields PostgreSQL reports (SQLSTATE, message, detail, hint, constraint, …).
/// Client errors (bad URL, refused connection, pool timeout, …) carry a ``Code`` and a message.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. Codes are static members so new ones can be added without breaking users.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let raw: String
        public var description: String { raw }

        /// The server answered the statement with an error; see ``PostgresError/sqlState``.
        public static let server = Code(raw: "server")
        /// The connection URL or configuration is invalid.
        public static let invalidConfiguration = Code(raw: "invalidConfiguration")
        /// Nothing listens at the address, or the socket does not exist.
        public static let connectionRefused = Code(raw: "connectionRefused")
        /// The server rejected the credentials.
        public static let authenticationFailed = Code(raw: "authenticationFailed")
        /// Connecting failed for another reason (timeout, unknown host, TLS, unknown database, …).
        public static let connectionFailed = Code(raw: "connectionFailed")
        /// An established connection broke (server restart, network failure) or was closed.
        public static let connectionClosed = Code(raw: "connectionClosed")
        /// No pooled connection became free within the acquire timeout.
        public static let poolTimeout = Code(raw: "poolTimeout")
        /// The pool was closed.
        public static let poolClosed = Code(raw: "poolClosed")
        /// The server answered in a way the client did not expect (a protocol misuse, e.g. COPY via `query`).
        public static let unexpectedResponse = Code(raw: "unexpectedResponse")
        /// The server did not answer a statement within ``PostgresConfiguration/queryTimeout`` (plus a grace period):
        /// the connection was abandoned. The statement may or may not have taken effect.
        public static let queryTimeout = Code(raw: "queryTimeout")
        /// A value could not be encoded as a parameter.
        public static let encoding = Code(raw: "encoding")
    }

    public var code: Code
    /// The primary human-readable message.
    public var message: String
    /// The five-character SQLSTATE, for server errors (e.g. `23505` unique violation).
    public var sqlState: String?
    public var severity: String?
    public var detail: String?
    public var hint: String?
    /// Where the error happened, e.g. `COPY t, line 5, column n: "x"`.
    public var context: String?
    public var schemaName: String?
    public var tableName: String?
    public var columnName: String?
    public var constraintName: String?

    public init(
        code: Code, message: String, sqlState: String? = nil, severity: String? = nil, detail: String? = nil, hint: String? = nil,
        context: String? = nil, schemaName: String? = nil, tableName: String? = nil, columnName: String? = nil,
        constraintName: String? = nil
    ) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.severity = severity
        self.detail = detail
        self.hint = hint
        self.context = context
        self.schemaName = schemaName
        self.tableName = tableName
        self.columnName = columnName
        self.constraintName = constraintName
    }

    public var description: String {
        var text = sqlState.map { "PostgreSQL error \($0): \(message)" } ?? "PostgreSQL \(code): \(message)"
        if let detail { text += " (detail: \(detail))" }
        if let hint { text += " (hint: \(hint))" }
        if let constraintName { text += " (constraint: \(constraintName))" }
        if let context { text += " (context: \(context))" }
        return text
    }
}

extension PostgresError {
    /// Well-known SQLSTATE values used by callers to branch on server errors.
    public enum SQLState {
        public static let uniqueViolation = "23505"
        public static let foreignKeyViolation = "23503"
        public static let checkViolation = "23514"
        public static let notNullViolation = "23502"
        public static let syntaxError = "42601"
        public static let undefinedTable = "42P01"
        public static let insufficientPrivilege = "42501"
        public static let serializationFailure = "40001"
        public static let deadlockDetected = "40P01"
        public static let queryCanceled = "57014"
        public static let adminShutdown = "57P01"
        public static let raiseException = "P0001"
    }

    /// A race between writers that a retry of the whole transaction resolves: a unique violation (another writer
    /// took the key first), a deadlock or a serialization failure.
    public var isRetryableAppendRace: Bool {
        sqlState == SQLState.uniqueViolation || sqlState == SQLState.deadlockDetected || sqlState == SQLState.serializationFailure
    }

    /// A condition of the database, not of the request, that goes away by itself: class 40 (transaction rollback:
    /// deadlock, serialization), 53 (insufficient resources: disk full, out of memory, too many connections), lock
    /// not available (55P03) and a cancelled statement (57014, also a statement timeout). An HTTP request failing on
    /// one is answered 503 with `Retry-After`.
    public var isTransient: Bool {
        guard let state = sqlState else { return false }
        return state.hasPrefix("40") || state.hasPrefix("53") || state == "55P03" || state == SQLState.queryCanceled
    }

    /// Whether the error means the connection itself is unusable (retrying on a new connection may work).
    public var isConnectionFailure: Bool {
        code == .connectionClosed || code == .connectionRefused || code == .connectionFailed || code == .queryTimeout
            || sqlState?.hasPrefix("08") == true || sqlState == SQLState.adminShutdown
    }
}
