import Foundation
import HelplineSchema
import Postgres
import PostgresTestSupport

/// Runs the built `helpline-stats` executable as a user would.
struct CLI {
    /// The executable next to the test bundle (`.build/debug/helpline-stats`), or `$HELPLINE_STATS_BIN`.
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["HELPLINE_STATS_BIN"] { return URL(fileURLWithPath: path) }
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("helpline-stats")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/helpline-stats")
    }

    var environment: [String: String]

    init(databaseURL: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = databaseURL
        environment["LOG_LEVEL"] = "warning"
        self.environment = environment
    }

    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs to completion (at most `timeout`), with `stdin` as input.
    func run(_ arguments: [String], stdin: Data? = nil, timeout: Duration = .seconds(300)) async throws -> Output {
        let process = start(arguments, stdin: stdin)
        let deadline = ContinuousClock.now + timeout
        while process.process.isRunning {
            if ContinuousClock.now > deadline {
                process.process.terminate()
                throw TestDatabaseError("helpline-stats \(arguments.joined(separator: " ")) did not finish within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return Output(status: process.process.terminationStatus, stdout: process.stdout(), stderr: process.stderr())
    }

    /// Starts it in the background.
    func start(_ arguments: [String], stdin: Data? = nil) -> Running {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.environment = environment
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID()).out")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID()).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try? FileHandle(forWritingTo: out)
        process.standardError = try? FileHandle(forWritingTo: err)
        if let stdin {
            let pipe = Pipe()
            process.standardInput = pipe
            try? process.run()
            pipe.fileHandleForWriting.write(stdin)
            try? pipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try? process.run()
        }
        return Running(process: process, out: out, err: err)
    }

    final class Running: @unchecked Sendable {
        let process: Process
        let out: URL
        let err: URL
        init(process: Process, out: URL, err: URL) {
            self.process = process
            self.out = out
            self.err = err
        }
        func stdout() -> String { (try? String(contentsOf: out, encoding: .utf8)) ?? "" }
        func stderr() -> String { (try? String(contentsOf: err, encoding: .utf8)) ?? "" }
        func kill(_ signal: Int32) { Foundation.kill(process.processIdentifier, signal) }
        func waitForExit(timeout: Duration = .seconds(30)) async -> Int32? {
            let deadline = ContinuousClock.now + timeout
            while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
            return process.isRunning ? nil : process.terminationStatus
        }
        deinit {
            if process.isRunning { process.terminate() }
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
    }
}

/// The URL of a fresh database for a CLI run (the CLI connects by URL, like a user).
func url(of configuration: PostgresConfiguration) -> String {
    var url = "postgresql://\(configuration.user)@/\(configuration.database)?host=\(configuration.host)&port=\(configuration.port)"
    if !configuration.isUnixSocket {
        url =
            "postgresql://\(configuration.user):\(configuration.password ?? "")@\(configuration.host):\(configuration.port)/\(configuration.database)"
    }
    return url
}

/// A migrated fresh database, its URL, and a pool.
func withCLIDatabase<T>(_ body: (CLI, PostgresPool) async throws -> T) async throws -> T {
    try await TestDatabase.withFreshDatabase { configuration in
        let cli = CLI(databaseURL: url(of: configuration))
        let migrated = try await cli.run(["migrate"])
        guard migrated.status == 0 else { throw TestDatabaseError("migrate failed: \(migrated.stderr)") }
        let pool = PostgresPool(configuration: configuration, pool: .init(size: 2), logger: TestDatabase.logger)
        do {
            let value = try await body(cli, pool)
            await pool.close()
            return value
        } catch {
            await pool.close()
            throw error
        }
    }
}

/// `count` generated contact rows (4 events each).
func contactCSV(_ count: Int, prefix: String = "c") -> Data {
    var text = "contact_id,helpline,channel,received_at,outcome,wait_seconds,duration_seconds,contact_type\n"
    for n in 0..<count {
        let day = 1 + n % 28
        text +=
            "\(prefix)\(n),1712,\(n % 3 == 0 ? "chat" : "phone"),2023-0\(1 + n % 9)-\(day < 10 ? "0" : "")\(day)T10:00:00+01:00,answered,\(n % 60),300,counselling\n"
    }
    return Data(text.utf8)
}
