import Foundation

/// What `status()` (and `start()`) found. Its description never includes the password.
public struct LocalPostgresStatus: Sendable, Equatable, CustomStringConvertible {
    public enum State: String, Sendable, Equatable {
        /// `data/PG_VERSION` is absent: `start()` will create the cluster.
        case noCluster = "no cluster"
        case stopped
        case running
    }

    public var state: State
    public var isRunning: Bool { state == .running }
    /// The postmaster's process id while running.
    public var pid: Int32?
    /// The port (also part of the socket file's name, `.s.PGSQL.<port>`): the live one while running.
    public var port: Int
    /// Whether the server listens on 127.0.0.1 as well as on its socket.
    public var listensOnTCP: Bool
    public var directory: URL
    public var dataDirectory: URL
    public var socketDirectory: URL
    public var logFile: URL
    /// libpq-style URL over the Unix socket, superuser `postgres`, database `postgres` (trust, no password).
    public var connectionURL: String
    /// `postgresql://postgres:<password>@127.0.0.1:<port>/postgres` when listening on TCP and the password file is
    /// readable. It holds the superuser's password: do not log it.
    public var tcpConnectionURL: String?

    public var description: String {
        switch state {
        case .noCluster: return "no cluster in \(dataDirectory.path)"
        case .stopped: return "stopped (cluster in \(dataDirectory.path))"
        case .running:
            let pidText = pid.map { "pid \($0), " } ?? ""
            let tcp = listensOnTCP ? " and 127.0.0.1:\(port)" : ""
            return "running (\(pidText)socket \(socketDirectory.path)/.s.PGSQL.\(port)\(tcp), data \(dataDirectory.path))"
        }
    }
}
