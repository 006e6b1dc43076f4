import ArgumentParser
import Foundation
import LocalPostgres
import Logging

/// `helpline-stats db start|stop|status`: the embedded PostgreSQL cluster (see docs/LOCAL_POSTGRES.md).
struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Start, stop or inspect the embedded PostgreSQL cluster.",
        discussion: """
            The cluster is made with the system's initdb/pg_ctl (apt-get install postgresql) in a folder of its own: \
            data/ (the cluster), socket/ (its Unix socket), server.log and superuser.password. `start` creates it the \
            first time and reuses it afterwards. As root the server runs as the postgres user and the default folder \
            is /var/lib/helpline-stats; otherwise it is $XDG_DATA_HOME/helpline-stats or ~/.local/share/helpline-stats.

            Example:
              eval "$(helpline-stats db start)"    # sets DATABASE_URL
              helpline-stats db status
              helpline-stats db start --data-dir /srv/hs --port 5433
              helpline-stats db stop --data-dir /srv/hs
            """,
        subcommands: [DBStartCommand.self, DBStopCommand.self, DBStatusCommand.self])
}

/// Options shared by the `db` subcommands.
struct DBClusterOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp("Folder of the cluster (default: \(LocalPostgres.defaultDirectory().path)).", valueName: "path"))
    var dataDirectory: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (default: $LOG_LEVEL, else warning).")
    var logLevel: String?

    func cluster(port: Int? = nil) -> LocalPostgres {
        var logger = Logger(label: "helpline-stats.db")
        let level = logLevel ?? ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "warning"
        logger.logLevel = Logger.Level(rawValue: level.lowercased()) ?? .warning
        let directory = dataDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? LocalPostgres.defaultDirectory()
        return LocalPostgres(directory: directory, port: port, logger: logger)
    }

    /// A line on standard error, so that standard output stays what a shell can `eval`.
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// `text` in single quotes for a POSIX shell.
    static func shellQuoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

struct DBStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Create the cluster if needed, start it, and print the DATABASE_URL to use.",
        discussion: """
            Standard output holds only `export DATABASE_URL=…` (the Unix socket, no password) and, with --port, \
            `export DATABASE_TCP_URL=…` (127.0.0.1 with the superuser's password), so that a shell can eval it. \
            Already running: nothing is changed and the URLs are printed again.

            Example:
              eval "$(helpline-stats db start --port 5433)"
            """)

    @OptionGroup var options: DBClusterOptions
    @Option(help: "Also listen on 127.0.0.1 at this port (default: the Unix socket only).") var port: Int?

    func validate() throws {
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be 1–65535, got \(port)") }
    }

    func run() async throws {
        let cluster = options.cluster(port: port)
        let before = try await cluster.status()
        let status = try await cluster.start()
        switch before.state {
        case .running: DBClusterOptions.note("already running: \(status)")
        case .stopped: DBClusterOptions.note("started: \(status)")
        case .noCluster: DBClusterOptions.note("created a new cluster and started it: \(status)")
        }
        if let port, status.port != port || !status.listensOnTCP {
            DBClusterOptions.note("note: it was already running on port \(status.port); run `helpline-stats db stop` first to change the port")
        }
        print("export DATABASE_URL=\(DBClusterOptions.shellQuoted(status.connectionURL))")
        if let tcp = status.tcpConnectionURL { print("export DATABASE_TCP_URL=\(DBClusterOptions.shellQuoted(tcp))") }
    }
}

struct DBStopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the cluster's server (open sessions are ended); the data stays.",
        discussion: "Example:\n  helpline-stats db stop --data-dir /srv/hs")

    @OptionGroup var options: DBClusterOptions

    func run() async throws {
        let cluster = options.cluster()
        let before = try await cluster.status()
        guard before.isRunning else {
            DBClusterOptions.note("not running: \(before)")
            return
        }
        try await cluster.stop()
        DBClusterOptions.note("stopped (cluster in \(cluster.dataDirectory.path))")
    }
}

struct DBStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Say whether the cluster runs: exit status 0 when running, 3 when not.",
        discussion: "Example:\n  helpline-stats db status --data-dir /srv/hs || helpline-stats db start --data-dir /srv/hs")

    @OptionGroup var options: DBClusterOptions

    func run() async throws {
        let status = try await options.cluster().status()
        print(status.state.rawValue)
        print("  data:    \(status.dataDirectory.path)")
        print("  log:     \(status.logFile.path)")
        guard status.isRunning else {
            if status.state == .noCluster { print("  `helpline-stats db start` creates it") }
            throw ExitCode(3)
        }
        if let pid = status.pid { print("  pid:     \(pid)") }
        print("  socket:  \(status.socketDirectory.path)/.s.PGSQL.\(status.port)")
        if status.listensOnTCP { print("  tcp:     127.0.0.1:\(status.port) (password in \(status.directory.path)/superuser.password)") }
        print("  url:     \(status.connectionURL)")
    }
}
