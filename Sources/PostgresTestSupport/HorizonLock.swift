import Synchronization

/// Keeps tests from holding back each other's catch-up readers.
///
/// The gap-safe catch-up read waits for the oldest running transaction in the whole cluster, so one test's
/// long transaction (a million-row import, a deliberately slow writer — or just `CREATE DATABASE` under load)
/// delays every other test's reader, and a heavy test skews another's latency figures on a 2-core machine.
/// Tests of these kinds run inside `HorizonLock.run`, one at a time and alone; short cluster-wide transactions
/// such as creating and dropping test databases run inside `HorizonLock.shared`, which waits while an
/// exclusive test runs. Other tests run in parallel as usual.
public enum HorizonLock {
    private static let gate = Gate()
    @TaskLocal private static var holdsExclusive = false

    /// Runs `body` with no other exclusive test and no shared section running.
    @discardableResult
    public static func run<T>(_ body: () async throws -> T) async throws -> T {
        if holdsExclusive { return try await body() }
        await gate.lockExclusive()
        do {
            let value = try await $holdsExclusive.withValue(true) { try await body() }
            gate.unlockExclusive()
            return value
        } catch {
            gate.unlockExclusive()
            throw error
        }
    }

    /// Runs `body` (a short transaction that would hold the cluster's horizon) when no exclusive test runs.
    @discardableResult
    public static func shared<T>(_ body: () async throws -> T) async throws -> T {
        if holdsExclusive { return try await body() }
        await gate.lockShared()
        do {
            let value = try await body()
            gate.unlockShared()
            return value
        } catch {
            gate.unlockShared()
            throw error
        }
    }

    /// A readers-writer gate that lets a waiting writer in before new readers.
    final class Gate: Sendable {
        private struct State {
            var exclusive = false
            var shared = 0
            var exclusiveWaiters: [CheckedContinuation<Void, Never>] = []
            var sharedWaiters: [CheckedContinuation<Void, Never>] = []
        }

        private let state = Mutex(State())

        func lockExclusive() async {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    if !state.exclusive && state.shared == 0 {
                        state.exclusive = true
                        return true
                    }
                    state.exclusiveWaiters.append(continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        }

        func lockShared() async {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Bool in
                    if !state.exclusive && state.exclusiveWaiters.isEmpty {
                        state.shared += 1
                        return true
                    }
                    state.sharedWaiters.append(continuation)
                    return false
                }
                if now { continuation.resume() }
            }
        }

        func unlockShared() {
            let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.shared -= 1
                guard state.shared == 0, !state.exclusiveWaiters.isEmpty else { return nil }
                state.exclusive = true
                return state.exclusiveWaiters.removeFirst()
            }
            next?.resume()
        }

        func unlockExclusive() {
            let next = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                state.exclusive = false
                if !state.sharedWaiters.isEmpty {
                    let readers = state.sharedWaiters
                    state.sharedWaiters = []
                    state.shared += readers.count
                    return readers
                }
                if !state.exclusiveWaiters.isEmpty {
                    state.exclusive = true
                    return [state.exclusiveWaiters.removeFirst()]
                }
                return []
            }
            for continuation in next { continuation.resume() }
        }
    }
}
