import Foundation
import Synchronization

/// A value shared between test tasks.
public final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    public init(_ value: Value) { mutex = Mutex(value) }
    public func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
}

/// This process's memory, from /proc (Linux), for tests that show memory stays flat.
public enum ProcessMemory {
    /// Resident set size now.
    public static func residentBytes() -> Int { field("VmRSS:") }

    /// A `/proc/self/status` field in bytes (e.g. `VmHWM:`, the peak).
    public static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            return (line.split(separator: " ").compactMap { Int($0) }.first ?? 0) * 1024
        }
        return 0
    }
}

/// Latencies measured over several rounds of a test.
///
/// The test process shares two cores with up to a hundred other tests, so a single round can
/// stall for seconds while the cooperative pool is busy elsewhere. Tests therefore pin the
/// *median* against the promised latency (what a user sees) and every round against a bound far
/// below the fallback that would show the mechanism failed (a 30 s poll, an endless wait).
/// The latency figures themselves are measured by `scripts/bench`.
public struct Latencies: CustomStringConvertible {
    public private(set) var rounds: [Duration] = []
    public init() {}
    public mutating func record(_ duration: Duration) { rounds.append(duration) }
    public var median: Duration {
        let sorted = rounds.sorted()
        return sorted.isEmpty ? .zero : sorted[sorted.count / 2]
    }
    public var maximum: Duration { rounds.max() ?? .zero }
    public var description: String { rounds.map { "\($0)" }.joined(separator: ", ") }
}
