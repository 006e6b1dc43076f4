import Synchronization

/// Serialises tests that hold write transactions open for long, that load the machine heavily, or that
/// measure delivery latency.
///
/// The gap-safe catch-up read waits for the oldest running transaction in the whole cluster, so one test's
/// long transaction (a million-row import, a deliberately slow writer) delays every other test's reader, and
/// a heavy test skews another's latency figures on a 2-core machine. Tests of these kinds run inside
/// `HorizonLock.run`, one at a time; other tests run in parallel as usual.
public enum HorizonLock {
    private static let gate = Gate()

    public static func run<T>(_ body: () async throws -> T) async throws -> T {
        await gate.enter()
        do {
            let value = try await body()
            gate.leave()
            return value
        } catch {
            gate.leave()
            throw error
        }
    }

    final class Gate: Sendable {
        private let state = Mutex<(busy: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

        func enter() async {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    if !state.busy {
                        state.busy = true
                        return true
                    }
                    state.waiters.append(continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        }

        func leave() {
            let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
                if state.waiters.isEmpty {
                    state.busy = false
                    return nil
                }
                return state.waiters.removeFirst()
            }
            next?.resume()
        }
    }
}
