import TimeArithmetic
import Foundation
import Logging
import Postgres
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

func measure<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let value = try await body()
    return (value, (ContinuousClock.now - start).seconds)
}

/// The p-th percentile (0…1) of `values`, nearest rank.
func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let rank = max(1, Int((p * Double(sorted.count)).rounded(.up)))
    return sorted[min(sorted.count - 1, rank - 1)]
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A counter shared by concurrent tasks.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    init(_ start: Int = 0) { value.store(start, ordering: .relaxed) }
    /// Returns the value before adding.
    func next(_ by: Int = 1) -> Int { value.wrappingAdd(by, ordering: .relaxed).oldValue }
    var current: Int { value.load(ordering: .relaxed) }
}

/// Collects values from concurrent tasks.
final class Collector<T: Sendable>: Sendable {
    private let items = Mutex<[T]>([])
    init() {}
    func append(_ item: T) { items.withLock { $0.append(item) } }
    func append(contentsOf more: [T]) { items.withLock { $0.append(contentsOf: more) } }
    var all: [T] { items.withLock { $0 } }
}

/// The machine the figures come from.
struct MachineInfo {
    var nproc: Int
    var cpuModel: String
    var memoryGiB: Double
    var loadAverage: String

    static func current() -> MachineInfo {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("model name") })
            .map { String($0.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces) } ?? "unknown"
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let kb =
            meminfo.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") })
            .flatMap { Double($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        return MachineInfo(
            nproc: ProcessInfo.processInfo.activeProcessorCount, cpuModel: model, memoryGiB: kb / 1_048_576,
            loadAverage: loadAverage())
    }

    static func loadAverage() -> String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "").split(separator: " ").prefix(3).joined(separator: " ")
    }
}

/// Peak resident set size (kB) of a running process, from /proc/PID/status VmHWM.
func peakRSSKiB(pid: Int32) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
    guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
    return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
}

/// Largest peak RSS (kB) among the terminated children waited for so far.
func childrenPeakRSSKiB() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
    return usage.ru_maxrss
}

/// The executable `helpline-stats` next to this one (same build folder), or `$HELPLINE_STATS_BIN`.
func helplineStatsExecutable() -> String {
    if let path = ProcessInfo.processInfo.environment["HELPLINE_STATS_BIN"] { return path }
    let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let candidate = me.deletingLastPathComponent().appendingPathComponent("helpline-stats").path
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    if let found = which("helpline-stats") { return found }
    return candidate
}

func which(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let path = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

/// A child process with stdout/stderr in files.
final class Child: @unchecked Sendable {
    let process = Process()
    let outURL: URL
    let errURL: URL

    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], stdin: URL? = nil) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["LOG_LEVEL"] = env["BENCH_CHILD_LOG_LEVEL"] ?? "warning"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let tmp = FileManager.default.temporaryDirectory
        outURL = tmp.appendingPathComponent("hsbench-\(UUID()).out")
        errURL = tmp.appendingPathComponent("hsbench-\(UUID()).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        if let stdin { process.standardInput = try FileHandle(forReadingFrom: stdin) } else { process.standardInput = FileHandle.nullDevice }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var stdout: String { (try? String(contentsOf: outURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

    /// The largest VmHWM seen while waiting (kB); sampled every 10 ms, VmHWM itself is the kernel's peak.
    private(set) var peakRSSSeen = 0

    func wait(timeout: Duration = .seconds(3600)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if let rss = peakRSSKiB(pid: pid) { peakRSSSeen = max(peakRSSSeen, rss) }
            if ContinuousClock.now > deadline {
                kill(pid, SIGKILL)
                throw BenchError("\(process.executableURL!.lastPathComponent) \(process.arguments!.joined(separator: " ")) timed out")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        return process.terminationStatus
    }

    /// Waits until stdout contains `text`; returns stdout.
    func waitForOutput(containing text: String, timeout: Duration = .seconds(60)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let out = stdout
            if out.contains(text) { return out }
            if !process.isRunning { throw BenchError("child exited (\(process.terminationStatus)): \(stderr)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw BenchError("child did not print \(text) in time; stderr: \(stderr)")
    }

    func signal(_ sig: Int32) { kill(pid, sig) }

    func cleanup() {
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
    }
}

/// Runs a child to completion and returns (status, stdout, stderr).
@discardableResult
func runChild(_ executable: String, _ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(3600))
    async throws -> (Int32, String, String)
{
    let child = try Child(executable, arguments, environment: environment)
    defer { child.cleanup() }
    let status = try await child.wait(timeout: timeout)
    return (status, child.stdout, child.stderr)
}

/// Starts `helpline-stats serve` and returns it with its base URL.
func startServe(databaseURL: String, workers: Bool, extra: [String] = []) async throws -> (Child, String) {
    var args = ["serve", "--database-url", databaseURL, "--port", "0"] + extra
    if !workers { args.append("--no-workers") }
    let child = try Child(helplineStatsExecutable(), args)
    let out = try await child.waitForOutput(containing: "listening on http://")
    guard let range = out.range(of: "http://[^ \n]+", options: .regularExpression) else { throw BenchError("no address in \(out)") }
    return (child, String(out[range]))
}

/// Builds a libpq URL for `configuration`.
func databaseURL(_ c: PostgresConfiguration) -> String {
    func enc(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }
    let auth = enc(c.user) + (c.password.map { ":" + enc($0) } ?? "")
    if c.isUnixSocket { return "postgresql://\(auth)@/\(enc(c.database))?host=\(c.host)&port=\(c.port)" }
    return "postgresql://\(auth)@\(c.host):\(c.port)/\(enc(c.database))" + (c.sslMode.map { "?sslmode=\($0)" } ?? "")
}

func quietLogger(_ label: String) -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = .error
    return logger
}

func fmt(_ value: Double, _ digits: Int = 0) -> String { value.isNaN ? "n/a" : String(format: "%.\(digits)f", value) }

func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

/// Prints and flushes, so that a log file shows progress.
func say(_ text: String) {
    print(text)
    fflush(nil)
}

func lineBufferedOutput() {}

/// CPU seconds (user + system) used so far by process `pid`, from /proc/PID/stat.
func cpuSeconds(pid: Int32) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return .nan }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// CPU seconds used by this process.
func selfCPUSeconds() -> Double { cpuSeconds(pid: getpid()) }
