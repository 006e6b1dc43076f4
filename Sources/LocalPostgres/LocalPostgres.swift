import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A private PostgreSQL cluster made with the system's `initdb` and run with its `pg_ctl`.
///
/// Layout under ``directory``:
/// - `data/`: the cluster (PGDATA); `data/helpline-stats.conf` holds our settings and is rewritten before each start;
/// - `socket/`: the Unix socket folder (`.s.PGSQL.<port>`), mode 0700;
/// - `server.log`: the server's log;
/// - `superuser.password`: the password of the `postgres` superuser (mode 0600), needed only over TCP;
/// - `.lock`: serialises `start()`/`stop()` between processes.
///
/// Without a port the server listens on its socket only (port 5432 in the socket's name, so it never clashes with
/// another server); with a port it also listens on 127.0.0.1. Local socket logins are trusted — the socket folder
/// is reachable by its owner (and root) only — and TCP logins need the password (scram-sha-256).
///
/// As root, `initdb`/`pg_ctl` run as the `postgres` user through `runuser`, and what this type creates under
/// ``directory`` is handed to that user; every folder above it must be enterable by `postgres`.
public struct LocalPostgres: Sendable {
    public static let superuser = "postgres"
    public static let defaultPort = 5432

    public let directory: URL
    /// The port asked for, or `nil` for socket only (port 5432 in the socket's name).
    public let port: Int?
    public let logger: Logger
    let binDirectory: URL?
    let environment: [String: String]

    /// - Parameters:
    ///   - directory: the folder holding the cluster, created when missing.
    ///   - port: also listen on 127.0.0.1 at this port; `nil` for the Unix socket only.
    ///   - binDirectory: the folder of `initdb`/`pg_ctl`; default: `$HELPLINE_PG_BINDIR`, `pg_config --bindir`, the
    ///     newest `/usr/lib/postgresql/*/bin`, then `PATH`.
    public init(directory: URL, port: Int? = nil, binDirectory: URL? = nil, logger: Logger = Logger(label: "LocalPostgres")) {
        self.directory = directory.standardizedFileURL
        self.port = port
        self.binDirectory = binDirectory
        self.logger = logger
        self.environment = ProcessInfo.processInfo.environment
    }

    public var dataDirectory: URL { directory.appendingPathComponent("data", isDirectory: true) }
    public var socketDirectory: URL { directory.appendingPathComponent("socket", isDirectory: true) }
    public var logFile: URL { directory.appendingPathComponent("server.log") }
    public var passwordFile: URL { directory.appendingPathComponent("superuser.password") }
    var lockFile: URL { directory.appendingPathComponent(".lock") }
    var settingsFile: URL { dataDirectory.appendingPathComponent(Self.settingsFileName) }
    var versionFile: URL { dataDirectory.appendingPathComponent("PG_VERSION") }
    static let settingsFileName = "helpline-stats.conf"

    /// Whether `data/PG_VERSION` exists, i.e. `initdb` has run.
    public var isInitialized: Bool { FileManager.default.fileExists(atPath: versionFile.path) }

    /// The socket URL to connect with: the running server's port if it runs, else the one `start()` will use.
    /// For example `postgresql://postgres@/postgres?host=/var/lib/helpline-stats/socket&port=5432`.
    public var connectionURL: String {
        Self.socketURL(socketDirectory: socketDirectory.path, port: readPostmasterFile()?.port ?? port ?? Self.defaultPort)
    }

    /// The TCP URL with the superuser's password, when a port was given (or the running server listens on TCP)
    /// and the password file is readable. Do not log it.
    public var tcpConnectionURL: String? {
        let live = readPostmasterFile()
        let tcpPort = live.flatMap { $0.listenAddresses.isEmpty ? nil : $0.port } ?? port
        guard let tcpPort, let password = readPassword() else { return nil }
        return Self.tcpURL(port: tcpPort, password: password)
    }

    /// The default folder: `/var/lib/helpline-stats` as root (PostgreSQL then runs as `postgres`, who cannot
    /// enter `/root`), else `$XDG_DATA_HOME/helpline-stats`, else `~/.local/share/helpline-stats`.
    public static func defaultDirectory(
        environment: [String: String] = ProcessInfo.processInfo.environment, isRoot: Bool = geteuid() == 0
    ) -> URL {
        if isRoot { return URL(fileURLWithPath: "/var/lib/helpline-stats", isDirectory: true) }
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("helpline-stats", isDirectory: true)
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? FileManager.default.homeDirectoryForCurrentUser.path
        return URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".local/share/helpline-stats", isDirectory: true)
    }

    // MARK: - Operations

    /// Creates the cluster if `data/PG_VERSION` is absent, then starts the server and waits until it accepts
    /// connections. Already running: does nothing and returns the status.
    @discardableResult
    public func start() async throws -> LocalPostgresStatus {
        let user = try ServiceUser.forCurrentProcess()
        try checkSocketPathLength()
        try createDirectory(for: user)
        return try await withLock {
            try await checkReachableSoon(by: user)
            try createContents(for: user)
            let binaries = try await locateBinaries()
            let current = try await status(binaries: binaries, user: user)
            if current.isRunning {
                if let port, port != current.port || !current.listensOnTCP {
                    logger.warning(
                        "the cluster is already running with other settings; not restarted",
                        metadata: ["running port": "\(current.port)", "tcp": "\(current.listensOnTCP)", "asked port": "\(port)"])
                }
                return current
            }
            if let port, !Self.isPortFree(port) { throw LocalPostgresError.portInUse(port) }
            if current.state == .noCluster { try await initialize(binaries: binaries, user: user) }
            try writeSettings(for: user)
            logger.info("starting PostgreSQL", metadata: ["data": "\(dataDirectory.path)", "port": "\(port ?? Self.defaultPort)"])
            let result = try await run(
                binaries.pgCtl, ["start", "-D", dataDirectory.path, "-l", logFile.path, "-w", "-t", "60"], as: user)
            let started = result.succeeded ? try await status(binaries: binaries, user: user) : nil
            guard let started, started.isRunning else {
                let tail = logTail()
                if let port, tail.contains("Address already in use") { throw LocalPostgresError.portInUse(port) }
                throw LocalPostgresError.commandFailed(
                    command: result.commandLine, exitCode: result.exitCode, output: result.output, logTail: tail)
            }
            return started
        }
    }

    /// Stops the server (`pg_ctl stop -m fast`: open sessions are ended, transactions rolled back) and waits for it.
    /// Not running, or no cluster: does nothing.
    public func stop() async throws {
        guard isInitialized else { return }
        let user = try ServiceUser.forCurrentProcess()
        try checkReachable(by: user)
        try await withLock {
            let binaries = try await locateBinaries()
            guard try await status(binaries: binaries, user: user).isRunning else { return }
            logger.info("stopping PostgreSQL", metadata: ["data": "\(dataDirectory.path)"])
            let result = try await run(binaries.pgCtl, ["stop", "-D", dataDirectory.path, "-m", "fast", "-w", "-t", "60"], as: user)
            guard result.succeeded else {
                throw LocalPostgresError.commandFailed(
                    command: result.commandLine, exitCode: result.exitCode, output: result.output, logTail: logTail())
            }
        }
    }

    /// Whether there is a cluster and whether its server runs (`pg_ctl status`).
    public func status() async throws -> LocalPostgresStatus {
        guard isInitialized else { return makeStatus(.noCluster, postmaster: nil) }
        let user = try ServiceUser.forCurrentProcess()
        try checkReachable(by: user)
        return try await status(binaries: try await locateBinaries(), user: user)
    }

    func status(binaries: PostgresBinaries, user: ServiceUser?) async throws -> LocalPostgresStatus {
        guard isInitialized else { return makeStatus(.noCluster, postmaster: nil) }
        let result = try await run(binaries.pgCtl, ["status", "-D", dataDirectory.path], as: user)
        switch result.exitCode {
        case 0:
            var postmaster = readPostmasterFile()
            if postmaster == nil, let pid = Self.parsePID(result.output) {
                postmaster = PostmasterInfo(pid: pid, port: port ?? Self.defaultPort, listenAddresses: port == nil ? "" : "127.0.0.1")
            }
            return makeStatus(.running, postmaster: postmaster)
        case 3:
            return makeStatus(.stopped, postmaster: nil)
        default:
            throw LocalPostgresError.commandFailed(command: result.commandLine, exitCode: result.exitCode, output: result.output, logTail: nil)
        }
    }

    // MARK: - Cluster creation and settings

    func initialize(binaries: PostgresBinaries, user: ServiceUser?) async throws {
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: dataDirectory.path)) ?? []
        guard existing.isEmpty else {
            throw LocalPostgresError.directoryNotUsable(
                path: dataDirectory.path,
                reason: "it is not empty but holds no PostgreSQL cluster (no PG_VERSION): move it away, or choose another data folder")
        }
        try? FileManager.default.removeItem(at: passwordFile)
        guard
            FileManager.default.createFile(
                atPath: passwordFile.path, contents: Data((Self.randomPassword() + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw LocalPostgresError.directoryNotUsable(path: passwordFile.path, reason: "cannot write the password file")
        }
        try user?.takeOwnership(of: passwordFile)
        logger.notice("creating a PostgreSQL cluster (initdb)", metadata: ["data": "\(dataDirectory.path)"])
        let result = try await run(
            binaries.initdb,
            [
                "-D", dataDirectory.path, "-U", Self.superuser, "--auth-local=trust", "--auth-host=scram-sha-256",
                "--pwfile=\(passwordFile.path)", "--encoding=UTF8", "--locale=C",
            ], as: user)
        guard result.succeeded else {
            throw LocalPostgresError.commandFailed(command: result.commandLine, exitCode: result.exitCode, output: result.output, logTail: nil)
        }
    }

    /// The settings this type owns, rewritten before each start (the port and the folders may have changed).
    var settings: String {
        let listen = port == nil ? "" : "127.0.0.1"
        return """
            # Written by helpline-stats (LocalPostgres) before every start: edits here are lost.
            # Change other settings with ALTER SYSTEM (postgresql.auto.conf wins over this file).
            port = \(port ?? Self.defaultPort)
            listen_addresses = \(Self.quoted(listen))
            unix_socket_directories = \(Self.quoted(socketDirectory.path))
            unix_socket_permissions = 0700
            max_connections = 300
            shared_buffers = 64MB
            log_line_prefix = '%m [%p] %q%u@%d '
            log_lock_waits = on
            # fsync, synchronous_commit and full_page_writes keep their defaults (on): durability is not traded away.

            """
    }

    func writeSettings(for user: ServiceUser?) throws {
        let mainFile = dataDirectory.appendingPathComponent("postgresql.conf")
        let include = "include_if_exists = '\(Self.settingsFileName)'"
        do {
            let main = try String(contentsOf: mainFile, encoding: .utf8)
            if !main.contains(include) {
                let handle = try FileHandle(forWritingTo: mainFile)
                defer { try? handle.close() }
                try handle.seekToEnd()
                try handle.write(contentsOf: Data("\n# Added by helpline-stats: socket folder, port and small settings.\n\(include)\n".utf8))
            }
            try Data(settings.utf8).write(to: settingsFile)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: settingsFile.path)
            try user?.takeOwnership(of: settingsFile)
        } catch let error as LocalPostgresError {
            throw error
        } catch {
            throw LocalPostgresError.directoryNotUsable(path: dataDirectory.path, reason: "cannot write the server settings: \(error)")
        }
    }

    // MARK: - Folders

    /// Creates ``directory`` (and missing folders above it) after checking that every existing folder on the way is
    /// a folder and, as root, that `postgres` may enter it. As root, ``directory`` is handed to `postgres` if it was
    /// created here. Another process creating the same folders at the same moment is fine.
    func createDirectory(for user: ServiceUser?) throws {
        // The folder itself is checked under the lock (in `start`): another process may have just made it and not
        // yet handed it to `postgres`.
        try checkReachable(by: user, includingDirectory: false)
        var missing: [URL] = []
        var cursor = directory
        while !FileManager.default.fileExists(atPath: cursor.path), cursor.path != "/" {
            missing.insert(cursor, at: 0)
            cursor = cursor.deletingLastPathComponent()
        }
        for folder in missing {
            let isTarget = folder.path == directory.path
            if try makeFolder(folder, mode: isTarget ? 0o700 : 0o755), isTarget { try user?.takeOwnership(of: folder) }
        }
    }

    /// Creates `data/`, `socket/` and `server.log` where missing (under the lock), handing them to `postgres` as
    /// root; existing ones keep their owner.
    func createContents(for user: ServiceUser?) throws {
        for folder in [dataDirectory, socketDirectory] {
            if try makeFolder(folder, mode: 0o700) { try user?.takeOwnership(of: folder) }
        }
        if !FileManager.default.fileExists(atPath: logFile.path) {
            guard FileManager.default.createFile(atPath: logFile.path, contents: nil, attributes: [.posixPermissions: 0o640]) else {
                throw LocalPostgresError.directoryNotUsable(path: logFile.path, reason: "cannot create the server log")
            }
            try user?.takeOwnership(of: logFile)
        }
    }

    /// `mkdir`; `true` if it made the folder, `false` if a folder is already there.
    private func makeFolder(_ folder: URL, mode: mode_t) throws -> Bool {
        if mkdir(folder.path, mode) == 0 {
            chmod(folder.path, mode)  // mkdir applies the umask
            return true
        }
        let code = errno
        var isFolder: ObjCBool = false
        if code == EEXIST, FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw LocalPostgresError.directoryNotUsable(path: folder.path, reason: "it is a file, not a folder") }
            return false
        }
        throw LocalPostgresError.directoryNotUsable(path: folder.path, reason: "cannot create it: \(String(cString: strerror(code)))")
    }

    /// Every existing folder from `/` down to ``directory`` (or its parent) must be a folder; as root, `postgres`
    /// must be able to enter each of them.
    func checkReachable(by user: ServiceUser?, includingDirectory: Bool = true) throws {
        var path = "/"
        let components = directory.pathComponents.dropFirst()
        for component in includingDirectory ? components : components.dropLast() {
            path = (path as NSString).appendingPathComponent(component)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return }
            guard isFolder.boolValue else {
                throw LocalPostgresError.directoryNotUsable(path: directory.path, reason: "\(path) is a file, not a folder")
            }
            if let user, !user.canTraverse(path) { throw LocalPostgresError.notTraversable(path: path, user: user.name) }
        }
    }

    /// ``checkReachable(by:includingDirectory:)``, giving another start that has just made ``directory`` a moment
    /// to hand it to `postgres`: it does so right after `mkdir`, but may do it after this start took the lock.
    func checkReachableSoon(by user: ServiceUser?) async throws {
        var attempts = 0
        while true {
            do {
                return try checkReachable(by: user)
            } catch LocalPostgresError.notTraversable(let path, _) where path == directory.path && attempts < 40 {
                attempts += 1
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    func checkSocketPathLength() throws {
        let socket = socketDirectory.appendingPathComponent(".s.PGSQL.\(port ?? Self.defaultPort).lock").path
        let limit = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1
        if socket.utf8.count > limit { throw LocalPostgresError.socketPathTooLong(path: socket, limit: limit) }
    }

    // MARK: - Helpers

    func locateBinaries() async throws -> PostgresBinaries {
        let clusterVersion = (try? String(contentsOf: versionFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        let binaries = try await PostgresBinaries.locate(explicit: binDirectory, environment: environment, clusterVersion: clusterVersion)
        logger.debug("PostgreSQL programs", metadata: ["bin": "\(binaries.directory.path)"])
        return binaries
    }

    func run(_ executable: URL, _ arguments: [String], as user: ServiceUser?) async throws -> ChildProcessResult {
        let result = try await ChildProcess.run(executable, arguments, runAs: user, currentDirectory: directory)
        logger.debug(
            "ran a PostgreSQL tool",
            metadata: ["command": "\(result.commandLine)", "status": "\(result.exitCode)", "output": "\(result.output)"])
        return result
    }

    /// Holds `.lock` (flock) for the duration of `body`, polling without blocking a thread.
    func withLock<T>(_ body: () async throws -> T) async throws -> T {
        let descriptor = open(lockFile.path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LocalPostgresError.directoryNotUsable(path: lockFile.path, reason: "cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var attempts = 0
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw LocalPostgresError.directoryNotUsable(path: lockFile.path, reason: "cannot lock: \(String(cString: strerror(errno)))")
            }
            if attempts == 0 { logger.info("waiting for another process starting or stopping this cluster") }
            attempts += 1
            if attempts > 1_800 {
                throw LocalPostgresError.directoryNotUsable(path: lockFile.path, reason: "another process has held its lock for 3 minutes")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return try await body()
    }

    struct PostmasterInfo: Equatable {
        var pid: Int32
        var port: Int
        var listenAddresses: String
    }

    /// `data/postmaster.pid`: pid, data folder, start time, port, socket folder, listen addresses, …
    func readPostmasterFile() -> PostmasterInfo? {
        guard let text = try? String(contentsOf: dataDirectory.appendingPathComponent("postmaster.pid"), encoding: .utf8) else {
            return nil
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.count >= 6, let pid = Int32(lines[0]), let port = Int(lines[3]) else { return nil }
        return PostmasterInfo(pid: pid, port: port, listenAddresses: lines[5])
    }

    func makeStatus(_ state: LocalPostgresStatus.State, postmaster: PostmasterInfo?) -> LocalPostgresStatus {
        let livePort = postmaster?.port ?? port ?? Self.defaultPort
        let tcp = postmaster.map { !$0.listenAddresses.isEmpty } ?? (port != nil)
        return LocalPostgresStatus(
            state: state, pid: postmaster?.pid, port: livePort, listensOnTCP: tcp, directory: directory, dataDirectory: dataDirectory,
            socketDirectory: socketDirectory, logFile: logFile, connectionURL: Self.socketURL(socketDirectory: socketDirectory.path, port: livePort),
            tcpConnectionURL: tcp ? readPassword().map { Self.tcpURL(port: livePort, password: $0) } : nil)
    }

    func readPassword() -> String? {
        guard let text = try? String(contentsOf: passwordFile, encoding: .utf8) else { return nil }
        let password = text.split(separator: "\n").first.map(String.init) ?? ""
        return password.isEmpty ? nil : password
    }

    /// The last `lines` lines of `server.log`.
    func logTail(lines: Int = 25) -> String {
        guard let handle = try? FileHandle(forReadingFrom: logFile) else { return "" }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > 16_384 ? size - 16_384 : 0)
        let text = String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines + 1).joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func parsePID(_ output: String) -> Int32? {
        guard let range = output.range(of: "PID: ") else { return nil }
        return Int32(output[range.upperBound...].prefix(while: \.isNumber))
    }

    static func socketURL(socketDirectory: String, port: Int) -> String {
        "postgresql://\(superuser)@/\(superuser)?host=\(percentEncoded(socketDirectory))&port=\(port)"
    }

    static func tcpURL(port: Int, password: String) -> String {
        "postgresql://\(superuser):\(percentEncoded(password))@127.0.0.1:\(port)/\(superuser)"
    }

    static func percentEncoded(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// A PostgreSQL string literal.
    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    static func randomPassword() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<24).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
