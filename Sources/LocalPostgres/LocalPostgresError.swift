import Foundation

/// Why the embedded PostgreSQL could not be set up, started, stopped or inspected. Each message says what to do.
public enum LocalPostgresError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// `initdb`/`pg_ctl` were found nowhere; `searched` lists the places tried.
    case binariesNotFound(searched: [String])
    /// The folder cannot be created or used (a file in the way, no permission, a half-made cluster, …).
    case directoryNotUsable(path: String, reason: String)
    /// Running as root, the server runs as `user`, who cannot enter `path` (e.g. `/root`).
    case notTraversable(path: String, user: String)
    /// Running as root, but there is no such account to run the server as.
    case serviceUserMissing(String)
    /// Running as root, but `runuser` (util-linux) is missing.
    case runuserMissing
    /// Something already listens on 127.0.0.1 at that port.
    case portInUse(Int)
    /// The socket path would exceed the kernel's limit for Unix socket addresses.
    case socketPathTooLong(path: String, limit: Int)
    /// A tool exited with an error; `logTail` holds the last lines of `server.log` when the server was involved.
    case commandFailed(command: String, exitCode: Int32, output: String, logTail: String?)

    public var description: String {
        switch self {
        case .binariesNotFound(let searched):
            return """
                the PostgreSQL server programs (initdb, pg_ctl) were not found (looked in: \(searched.joined(separator: ", "))). \
                Install them with `apt-get install postgresql` (Debian/Ubuntu), or set HELPLINE_PG_BINDIR to the folder that \
                holds initdb and pg_ctl.
                """
        case .directoryNotUsable(let path, let reason):
            return "cannot use \(path) for the embedded PostgreSQL: \(reason)"
        case .notTraversable(let path, let user):
            return """
                running as root, PostgreSQL runs as the `\(user)` user, who cannot enter \(path). Choose a data folder \
                that \(user) can reach, e.g. --data-dir /var/lib/helpline-stats (folders under /root are private to root).
                """
        case .serviceUserMissing(let user):
            return """
                running as root, PostgreSQL must run as the `\(user)` user, which does not exist: install the server with \
                `apt-get install postgresql` (it creates the user), or run as an ordinary user.
                """
        case .runuserMissing:
            return "running as root, `runuser` is needed to start PostgreSQL as the postgres user: `apt-get install util-linux`"
        case .portInUse(let port):
            return "port \(port) on 127.0.0.1 is already in use: choose another --port, or stop what listens there"
        case .socketPathTooLong(let path, let limit):
            return """
                the Unix socket path \(path) is \(path.utf8.count) bytes, over the limit of \(limit): choose a data folder \
                with a shorter path
                """
        case .commandFailed(let command, let exitCode, let output, let logTail):
            var text = "`\(command)` failed (exit status \(exitCode))"
            let trimmed = output.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { text += ":\n" + trimmed }
            if let logTail, !logTail.isEmpty { text += "\n--- end of the server log ---\n" + logTail }
            return text
        }
    }

    public var errorDescription: String? { description }
}
