import Foundation
import Logging
import Testing

@testable import LocalPostgres

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Real clusters made with the system's initdb/pg_ctl, each in a folder of its own (never the server that
/// scripts/test starts for the other test targets).
@Suite("LocalPostgres: a private cluster made with initdb and pg_ctl")
struct LocalPostgresTests {
    static let logger: Logger = {
        var logger = Logger(label: "LocalPostgresTests")
        logger.logLevel = .warning
        return logger
    }()

    @Test("create, start, start again, stop, and start again reusing the cluster")
    func lifecycle() async throws {
        try await withScratchFolder { folder in
            let cluster = LocalPostgres(directory: folder.appendingPathComponent("cluster"), logger: Self.logger)
            defer { stopQuietly(cluster) }
            let before = try await cluster.status()
            #expect(before.state == .noCluster)
            #expect(!before.isRunning)

            let started = try await cluster.start()
            #expect(started.isRunning)
            #expect(started.pid != nil)
            #expect(started.port == 5432)
            #expect(!started.listensOnTCP)
            #expect(started.tcpConnectionURL == nil)
            #expect(started.connectionURL == "postgresql://postgres@/postgres?host=\(folder.path)/cluster/socket&port=5432")
            #expect(cluster.connectionURL == started.connectionURL)
            #expect(try await pgIsReady(host: cluster.socketDirectory.path, port: 5432) == 0)
            #expect(try await cluster.status() == started)
            if geteuid() == 0 {
                #expect(try owner(of: cluster.dataDirectory) == "postgres")
                #expect(try owner(of: cluster.directory) == "postgres")
            }

            let version = try fileIdentity(cluster.dataDirectory.appendingPathComponent("PG_VERSION"))
            let password = try String(contentsOf: cluster.passwordFile, encoding: .utf8)
            #expect(password.count > 40)
            let mode = try FileManager.default.attributesOfItem(atPath: cluster.passwordFile.path)[.posixPermissions] as? Int
            #expect(mode == 0o600)

            let again = try await cluster.start()
            #expect(again.pid == started.pid, "start on a running cluster is a no-op")

            try await cluster.stop()
            #expect(try await cluster.status().state == .stopped)
            #expect(try await pgIsReady(host: cluster.socketDirectory.path, port: 5432) != 0)
            try await cluster.stop()  // not running: a no-op

            let restarted = try await cluster.start()
            #expect(restarted.isRunning)
            #expect(try fileIdentity(cluster.dataDirectory.appendingPathComponent("PG_VERSION")) == version, "the cluster is reused")
            #expect(try String(contentsOf: cluster.passwordFile, encoding: .utf8) == password)
            #expect(try await pgIsReady(host: cluster.socketDirectory.path, port: 5432) == 0)
            try await cluster.stop()
            #expect(try await cluster.status().state == .stopped)
        }
    }

    @Test("two starts at once make one cluster and one server")
    func concurrentStarts() async throws {
        try await withScratchFolder { folder in
            let directory = folder.appendingPathComponent("shared")
            let first = LocalPostgres(directory: directory, logger: Self.logger)
            let second = LocalPostgres(directory: directory, logger: Self.logger)
            defer { stopQuietly(first) }
            async let a = first.start()
            async let b = second.start()
            let (statusA, statusB) = try await (a, b)
            #expect(statusA.isRunning && statusB.isRunning)
            #expect(statusA.pid == statusB.pid)
            try await first.stop()
            try await second.stop()
            #expect(try await second.status().state == .stopped)
        }
    }

    @Test("with a port it also listens on 127.0.0.1, and a port in use is a clear error")
    func tcpPort() async throws {
        try await withScratchFolder { folder in
            let port = try LocalPostgres.freeTCPPort()
            let cluster = LocalPostgres(directory: folder.appendingPathComponent("tcp"), port: port, logger: Self.logger)
            defer { stopQuietly(cluster) }
            let status = try await cluster.start()
            #expect(status.port == port)
            #expect(status.listensOnTCP)
            let password = try #require(cluster.readPassword())
            #expect(status.tcpConnectionURL == "postgresql://postgres:\(password)@127.0.0.1:\(port)/postgres")
            #expect(!status.description.contains(password))
            #expect(status.connectionURL.hasSuffix("/tcp/socket&port=\(port)"))
            #expect(try await pgIsReady(host: "127.0.0.1", port: port) == 0)

            // Another handle on the same folder, without a port, sees the live port.
            let sameFolder = LocalPostgres(directory: cluster.directory, logger: Self.logger)
            #expect(sameFolder.connectionURL == status.connectionURL)
            #expect(sameFolder.tcpConnectionURL == status.tcpConnectionURL)

            let other = LocalPostgres(directory: folder.appendingPathComponent("other"), port: port, logger: Self.logger)
            let error = await #expect(throws: LocalPostgresError.self) { try await other.start() }
            #expect(error == .portInUse(port))
            #expect(error?.description.contains("port \(port) on 127.0.0.1 is already in use") == true)
            #expect(!other.isInitialized, "the port is checked before initdb")

            try await cluster.stop()
        }
    }

    @Test("a folder under a file fails with a clear error")
    func folderUnderAFile() async throws {
        try await withScratchFolder { folder in
            let file = folder.appendingPathComponent("a-file")
            try Data("x".utf8).write(to: file)
            let cluster = LocalPostgres(directory: file.appendingPathComponent("cluster"), logger: Self.logger)
            #expect(try await cluster.status().state == .noCluster)
            let error = await #expect(throws: LocalPostgresError.self) { try await cluster.start() }
            #expect(error == .directoryNotUsable(path: cluster.directory.path, reason: "\(file.path) is a file, not a folder"))
            #expect(error?.description.contains("is a file, not a folder") == true)
        }
    }

    @Test("as root, a folder postgres cannot enter is refused before anything is created", .enabled(if: geteuid() == 0))
    func rootNeedsTraversableFolders() async throws {
        try await withScratchFolder { folder in
            let privateFolder = folder.appendingPathComponent("private")
            try FileManager.default.createDirectory(at: privateFolder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            let cluster = LocalPostgres(directory: privateFolder.appendingPathComponent("cluster"), logger: Self.logger)
            let error = await #expect(throws: LocalPostgresError.self) { try await cluster.start() }
            #expect(error == .notTraversable(path: privateFolder.path, user: "postgres"))
            #expect(error?.description.contains("cannot enter \(privateFolder.path)") == true)
            #expect(!FileManager.default.fileExists(atPath: cluster.directory.path))
        }
    }

    @Test("missing server programs name the package to install")
    func binariesNotFound() async throws {
        try await withScratchFolder { folder in
            let cluster = LocalPostgres(
                directory: folder.appendingPathComponent("cluster"), binDirectory: folder.appendingPathComponent("no-bin"),
                logger: Self.logger)
            let error = await #expect(throws: LocalPostgresError.self) { try await cluster.start() }
            #expect(error?.description.contains("apt-get install postgresql") == true)
            #expect(error?.description.contains("no-bin") == true)
        }
    }

    @Test("a socket path over the kernel's limit is refused")
    func socketPathTooLong() async throws {
        try await withScratchFolder { folder in
            let cluster = LocalPostgres(directory: folder.appendingPathComponent(String(repeating: "x", count: 120)), logger: Self.logger)
            let error = await #expect(throws: LocalPostgresError.self) { try await cluster.start() }
            guard case .socketPathTooLong = error else {
                Issue.record("expected socketPathTooLong, got \(String(describing: error))")
                return
            }
            #expect(!FileManager.default.fileExists(atPath: cluster.directory.path))
        }
    }
}

@Suite("LocalPostgres: settings, URLs, defaults")
struct LocalPostgresUnitTests {
    @Test("settings: socket only without a port, 127.0.0.1 with one; durability left on")
    func settings() {
        let socketOnly = LocalPostgres(directory: URL(fileURLWithPath: "/srv/it's here"))
        #expect(socketOnly.settings.contains("listen_addresses = ''"))
        #expect(socketOnly.settings.contains("port = 5432"))
        #expect(socketOnly.settings.contains("unix_socket_directories = '/srv/it''s here/socket'"))
        #expect(socketOnly.settings.contains("max_connections = 300"), "room for parallel tests, each with a pool")
        #expect(!socketOnly.settings.contains("fsync = off"))
        #expect(!socketOnly.settings.contains("synchronous_commit = off"))
        let tcp = LocalPostgres(directory: URL(fileURLWithPath: "/srv/hs"), port: 6543)
        #expect(tcp.settings.contains("listen_addresses = '127.0.0.1'"))
        #expect(tcp.settings.contains("port = 6543"))
    }

    @Test("the socket URL percent-encodes the folder")
    func socketURL() {
        #expect(
            LocalPostgres.socketURL(socketDirectory: "/tmp/my data&co/socket", port: 5432)
                == "postgresql://postgres@/postgres?host=/tmp/my%20data%26co/socket&port=5432")
    }

    @Test("default folder: /var/lib as root, else XDG_DATA_HOME, else ~/.local/share")
    func defaultDirectory() {
        #expect(LocalPostgres.defaultDirectory(environment: ["HOME": "/root"], isRoot: true).path == "/var/lib/helpline-stats")
        #expect(
            LocalPostgres.defaultDirectory(environment: ["HOME": "/home/a", "XDG_DATA_HOME": "/data/a"], isRoot: false).path
                == "/data/a/helpline-stats")
        #expect(
            LocalPostgres.defaultDirectory(environment: ["HOME": "/home/a", "XDG_DATA_HOME": "relative"], isRoot: false).path
                == "/home/a/.local/share/helpline-stats")
    }

    @Test("PostgreSQL versions under /usr/lib/postgresql are tried newest first")
    func versionOrder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pgversions-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for name in ["9.6", "15", "16", "10", "notes"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        #expect(PostgresBinaries.installedVersions(under: root) == ["16", "15", "10", "9.6"])
    }

    @Test("HELPLINE_PG_BINDIR, when set, is the only place looked at")
    func environmentOverride() async throws {
        let error = await #expect(throws: LocalPostgresError.self) {
            try await PostgresBinaries.locate(explicit: nil, environment: ["HELPLINE_PG_BINDIR": "/nowhere/bin"], clusterVersion: nil)
        }
        #expect(error == .binariesNotFound(searched: ["/nowhere/bin (from HELPLINE_PG_BINDIR)"]))
    }

    @Test("the postmaster's pid is read from pg_ctl status")
    func parsePID() {
        #expect(LocalPostgres.parsePID("pg_ctl: server is running (PID: 4242)\n/usr/lib/postgresql/15/bin/postgres") == 4242)
        #expect(LocalPostgres.parsePID("pg_ctl: no server running") == nil)
    }
}

// MARK: - Helpers

/// A fresh folder under /tmp (short, for the Unix socket path limit; enterable by `postgres` when root), removed
/// afterwards.
func withScratchFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
    let folder = URL(fileURLWithPath: "/tmp/lpg-\(UUID().uuidString.prefix(8).lowercased())", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
    defer { try? FileManager.default.removeItem(at: folder) }
    return try await body(folder)
}

/// Stops a cluster that a failed test left running, by signalling its postmaster (fast shutdown). A `defer` cannot
/// await, so this waits synchronously, at most 5 s, and only when a test stopped halfway.
func stopQuietly(_ cluster: LocalPostgres) {
    guard let pid = cluster.readPostmasterFile()?.pid, kill(pid, 0) == 0 else { return }
    kill(pid, SIGINT)  // fast shutdown
    for _ in 0..<100 where kill(pid, 0) == 0 { usleep(50_000) }
}

/// `pg_isready` against `host` (a socket folder or 127.0.0.1): 0 accepting, 1 rejecting, 2 no response.
func pgIsReady(host: String, port: Int) async throws -> Int32 {
    let binaries = try await PostgresBinaries.locate(explicit: nil, environment: ProcessInfo.processInfo.environment, clusterVersion: nil)
    let result = try await ChildProcess.run(binaries.directory.appendingPathComponent("pg_isready"), ["-h", host, "-p", String(port), "-t", "5"])
    return result.exitCode
}

func fileIdentity(_ url: URL) throws -> [String] {
    let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
    return ["\(attributes[.systemFileNumber] ?? "")", "\(attributes[.modificationDate] ?? "")"]
}

func owner(of url: URL) throws -> String? {
    try FileManager.default.attributesOfItem(atPath: url.path)[.ownerAccountName] as? String
}
