import TimeArithmetic
import Foundation

/// Where and how to connect. Build it from a URL (`postgres://user:pass@host:port/db?sslmode=…`),
/// or for a Unix socket from the socket directory.
public struct PostgresConfiguration: Sendable, Equatable {
    /// Host name, IP address, or an absolute path to a Unix-socket directory.
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    /// libpq `sslmode`: disable, allow, prefer, require, verify-ca, verify-full.
    public var sslMode: String?
    public var sslRootCert: String?
    /// Seconds to wait while connecting (libpq `connect_timeout`). Default 10.
    public var connectTimeoutSeconds: Int
    public var applicationName: String
    /// TCP keepalives (libpq `keepalives_idle`, `keepalives_interval`, `keepalives_count`): an idle connection to a host
    /// that died without a reset is noticed after idle + interval × count seconds. Defaults 30, 10, 3 (about a minute).
    public var keepalivesIdleSeconds: Int = 30
    public var keepalivesIntervalSeconds: Int = 10
    public var keepalivesCount: Int = 3
    /// libpq `tcp_user_timeout`: data sent but not acknowledged for this long breaks the connection instead of blocking
    /// for the operating system's default of about two hours. Default 30,000 ms; 0 leaves the system default.
    public var tcpUserTimeoutMilliseconds: Int = 30_000
    /// The longest one statement may take. When set, the server cancels a statement after this long
    /// (`statement_timeout`), and the client abandons the connection a little later (``queryTimeoutGrace``) if the
    /// server does not answer at all (a dead host, a network that drops packets without a reset): the statement fails
    /// with `queryTimeout` instead of hanging. Default nil (no limit; long batch jobs and migrations need none).
    public var queryTimeout: Duration?

    /// How long after ``queryTimeout`` the client gives up on a server that has not answered its own timeout.
    public static let queryTimeoutGrace: Duration = .seconds(2)

    static let sslModes: Set<String> = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"]

    public init(
        host: String, port: Int = 5432, user: String, password: String? = nil, database: String, sslMode: String? = nil,
        connectTimeoutSeconds: Int = 10, applicationName: String = "helpline-stats"
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.sslMode = sslMode
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.applicationName = applicationName
    }

    /// A connection over the Unix socket in `directory` (the server's `unix_socket_directories`).
    public init(unixSocketDirectory directory: String, port: Int = 5432, user: String, database: String) {
        self.init(host: directory, port: port, user: user, database: database)
    }

    /// Whether ``host`` names a Unix-socket directory.
    public var isUnixSocket: Bool { host.hasPrefix("/") }

    /// Where this configuration points, for messages (never includes the password).
    public var endpointDescription: String {
        isUnixSocket ? "socket \(host)/.s.PGSQL.\(port)" : "\(host):\(port)"
    }

    /// Parses `postgres://` or `postgresql://` URLs. A query may carry `sslmode`, `sslrootcert`, `host` (e.g. a
    /// socket directory), `port`, `connect_timeout`, `application_name`, `keepalives_idle`, `keepalives_interval`,
    /// `keepalives_count`, `tcp_user_timeout`. An absolute path alone means a socket
    /// directory with the current defaults.
    ///
    /// - Throws: ``PostgresError`` with code `invalidConfiguration` and a message saying what is wrong.
    public init(url text: String) throws {
        func invalid(_ why: String) -> PostgresError {
            PostgresError(code: .invalidConfiguration, message: "invalid database URL: \(why)")
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("/") {
            self.init(host: trimmed, user: Self.defaultUser, database: Self.defaultUser)
            return
        }
        guard let schemeEnd = trimmed.range(of: "://") else {
            throw invalid("expected postgres://user:password@host:port/database, got no scheme")
        }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw invalid("scheme must be postgres:// or postgresql://, got \(scheme)://")
        }
        var rest = trimmed[schemeEnd.upperBound...]
        var queryPart: Substring = ""
        if let q = rest.firstIndex(of: "?") {
            queryPart = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        var authority = rest
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        }
        var user: String?
        var password: String?
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                user = try Self.percentDecoded(userInfo[..<colon], what: "user")
                password = try Self.percentDecoded(userInfo[userInfo.index(after: colon)...], what: "password")
            } else {
                user = try Self.percentDecoded(userInfo, what: "user")
            }
        }
        var host = "localhost"
        var port = 5432
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw invalid("unterminated IPv6 address") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") { port = try Self.parsePort(after.dropFirst(), invalid) }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = try Self.percentDecoded(hostPort[..<colon], what: "host")
            port = try Self.parsePort(hostPort[hostPort.index(after: colon)...], invalid)
        } else if !hostPort.isEmpty {
            host = try Self.percentDecoded(hostPort, what: "host")
        }
        let resolvedUser = user.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultUser
        let database = try path.isEmpty ? resolvedUser : Self.percentDecoded(path, what: "database")
        self.init(host: host, port: port, user: resolvedUser, password: password, database: database)
        for pair in queryPart.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            let value = try parts.count > 1 ? Self.percentDecoded(parts[1], what: key) : ""
            switch key {
            case "sslmode":
                guard Self.sslModes.contains(value) else {
                    throw invalid("sslmode must be one of \(Self.sslModes.sorted().joined(separator: ", ")), got \(value)")
                }
                sslMode = value
            case "sslrootcert": sslRootCert = value
            case "host": self.host = value
            case "port": self.port = try Self.parsePort(Substring(value), invalid)
            case "connect_timeout":
                guard let seconds = Int(value), seconds >= 0 else { throw invalid("connect_timeout must be whole seconds, got \(value)") }
                connectTimeoutSeconds = seconds
            case "application_name": applicationName = value
            case "keepalives_idle": keepalivesIdleSeconds = try Self.parseCount(value, key, invalid)
            case "keepalives_interval": keepalivesIntervalSeconds = try Self.parseCount(value, key, invalid)
            case "keepalives_count": keepalivesCount = try Self.parseCount(value, key, invalid)
            case "tcp_user_timeout": tcpUserTimeoutMilliseconds = try Self.parseCount(value, key, invalid)
            case "user": self.user = value
            case "password": self.password = value
            case "dbname": self.database = value
            default:
                throw invalid(
                    "unknown parameter \(key); supported: sslmode, sslrootcert, host, port, connect_timeout, application_name, user, password, dbname, keepalives_idle, keepalives_interval, keepalives_count, tcp_user_timeout"
                )
            }
        }
        if self.host.isEmpty { self.host = "localhost" }
    }

    static var defaultUser: String {
        ProcessInfo.processInfo.environment["PGUSER"] ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
    }

    private static func parsePort(_ text: Substring, _ invalid: (String) -> PostgresError) throws -> Int {
        guard let port = Int(text), (1...65535).contains(port) else { throw invalid("port must be 1–65535, got \(text)") }
        return port
    }

    private static func parseCount(_ text: String, _ key: String, _ invalid: (String) -> PostgresError) throws -> Int {
        guard let value = Int(text), value >= 0 else { throw invalid("\(key) must be a whole number ≥ 0, got \(text)") }
        return value
    }

    private static func percentDecoded(_ text: Substring, what: String) throws -> String {
        guard let decoded = String(text).removingPercentEncoding else {
            throw PostgresError(code: .invalidConfiguration, message: "invalid database URL: bad percent-encoding in \(what)")
        }
        return decoded
    }

    /// libpq keyword/value pairs for `PQconnectdbParams`.
    var libpqParameters: [(String, String)] {
        var options = "-c TimeZone=UTC -c DateStyle=ISO,YMD -c IntervalStyle=iso_8601 -c extra_float_digits=3"
        if let queryTimeout { options += " -c statement_timeout=\(max(1, queryTimeout.wholeMilliseconds))" }
        var pairs: [(String, String)] = [
            ("host", host), ("port", String(port)), ("user", user), ("dbname", database),
            ("connect_timeout", String(connectTimeoutSeconds)), ("application_name", applicationName),
            ("client_encoding", "UTF8"), ("options", options),
            // Ignored by libpq on Unix sockets.
            ("keepalives", "1"), ("keepalives_idle", String(keepalivesIdleSeconds)),
            ("keepalives_interval", String(keepalivesIntervalSeconds)), ("keepalives_count", String(keepalivesCount)),
            ("tcp_user_timeout", String(tcpUserTimeoutMilliseconds)),
        ]
        if let password { pairs.append(("password", password)) }
        if let sslMode { pairs.append(("sslmode", sslMode)) }
        if let sslRootCert { pairs.append(("sslrootcert", sslRootCert)) }
        return pairs
    }
}
