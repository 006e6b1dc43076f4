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
