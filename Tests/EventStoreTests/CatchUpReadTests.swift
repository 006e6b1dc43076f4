import Foundation
import Postgres
import PostgresTestSupport
import Synchronization
import Testing

@testable import EventStore

@Suite("Gap-safe catch-up reading")
struct CatchUpReadTests {
    /// The reader most stores start with, and the bug this store avoids: it remembers the highest position
    /// seen and asks for `global_position > last`, so a position taken by a slow transaction that commits
    /// later is never seen.
    struct NaiveReader {
        var last: Int64 = 0
        mutating func read(_ c: PostgresConnection) async throws -> [UUID] {
            let rows = try await c.query("SELECT global_position, event_id FROM es.events WHERE global_position > \(last) ORDER BY global_position")
            var ids: [UUID] = []
            for row in rows {
                last = try row.decode(Int64.self, at: 0)
                ids.append(try row.decode(UUID.self, at: 1))
            }
            return ids
        }
    }

    @Test("a slow transaction's event is not skipped (and the naive reader skips it)")
    func slowTransaction() async throws {
        try await HorizonLock.run { try await slowTransactionBody() }
    }

    func slowTransactionBody() async throws {
        try await withMigratedStore { store, configuration in
            let slow = try await PostgresConnection.connect(configuration: configuration, logger: TestDatabase.logger)
            let fast = try await PostgresConnection.connect(configuration: configuration, logger: TestDatabase.logger)
            let naiveConnection = try await PostgresConnection.connect(configuration: configuration, logger: TestDatabase.logger)
            var naive = NaiveReader()
            var cursor = ReadCursor.start
            var safeSeen: [UUID] = []
            var naiveSeen: [UUID] = []

            let slowEvent = event()
            let fastEvent = event()
            try await slow.execute("BEGIN")
            _ = try await EventStore.appendInTransaction([StreamAppend(streamID: "slow", events: [slowEvent])], on: slow)
            // The fast transaction takes a higher position and commits first.
            try await fast.withTransaction { tx in
                _ = try await EventStore.appendInTransaction([StreamAppend(streamID: "fast", events: [fastEvent])], on: tx)
            }
            naiveSeen += try await naive.read(naiveConnection)
            let early = try await store.readAll(after: cursor, limit: 100)
            safeSeen += early.map(\.id)
            cursor = early.last?.cursor ?? cursor
            #expect(early.isEmpty, "the gap-safe reader waits for the older transaction")

            try await slow.execute("COMMIT")
            naiveSeen += try await naive.read(naiveConnection)
            let deadline = ContinuousClock.now + .seconds(10)
            while safeSeen.count < 2 && ContinuousClock.now < deadline {
                let late = try await store.readAll(after: cursor, limit: 100)
                safeSeen += late.map(\.id)
                cursor = late.last?.cursor ?? cursor
                if late.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
            }

            #expect(Set(safeSeen) == [slowEvent.id, fastEvent.id])
            #expect(safeSeen.count == 2)
            #expect(naiveSeen == [fastEvent.id], "the naive reader skips the slow transaction's event")
            for c in [slow, fast, naiveConnection] { await c.close() }
        }
    }

    @Test("16 concurrent writers with slow and rolled-back transactions: the reader gets every committed event exactly once")
    func concurrentWriters() async throws {
        try await HorizonLock.run { try await concurrentWritersBody() }
    }

    func concurrentWritersBody() async throws {
        try await withMigratedStore(poolSize: 4) { store, configuration in
            let committed = Locked<Set<UUID>>([])
            let rolledBack = Locked<Set<UUID>>([])
            let writersDone = Locked(false)
            struct Abort: Error {}

            let reader = Task { () -> (safe: [UUID], naive: [UUID]) in
                let naiveConnection = try await PostgresConnection.connect(configuration: configuration, logger: TestDatabase.logger)
                defer { Task { await naiveConnection.close() } }
                var naive = NaiveReader()
                var naiveSeen: [UUID] = []
                var safeSeen: [UUID] = []
                var cursor = ReadCursor.start
                var finishedAt: ContinuousClock.Instant?
                while true {
                    let finished = writersDone.withLock { $0 }
                    naiveSeen += try await naive.read(naiveConnection)
                    while true {
                        let batch = try await store.readAll(after: cursor, limit: 50)
                        safeSeen += batch.map(\.id)
                        guard let last = batch.last else { break }
                        cursor = last.cursor
                    }
                    if finished {
                        // Every writer has committed or rolled back; read until the horizon passes them all (a
                        // transaction elsewhere in the cluster may hold it a little longer), then stop.
                        let start = finishedAt ?? .now
                        finishedAt = start
                        let complete = Set(safeSeen).isSuperset(of: committed.withLock { $0 })
                        if complete || ContinuousClock.now - start > .seconds(30) { return (safeSeen, naiveSeen) }
                    }
                    try await Task.sleep(for: .milliseconds(3))
                }
            }

            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<16 {
                    group.addTask {
                        let c = try await PostgresConnection.connect(configuration: configuration, logger: TestDatabase.logger)
                        var random = SystemRandomNumberGenerator()
                        for round in 0..<12 {
                            let events = (0..<Int.random(in: 1...3, using: &random)).map { _ in event() }
                            let hold = Int.random(in: 0...200, using: &random)
                            let abort = round % 5 == 4
                            do {
                                try await c.withTransaction { tx in
                                    _ = try await EventStore.appendInTransaction(
                                        [StreamAppend(streamID: "w\(writer)-r\(round)", events: events)], on: tx)
                                    try await Task.sleep(for: .milliseconds(hold))
                                    if abort { throw Abort() }
                                }
                                committed.withLock { $0.formUnion(events.map(\.id)) }
                            } catch is Abort {
                                rolledBack.withLock { $0.formUnion(events.map(\.id)) }
                            }
                        }
                        await c.close()
                    }
                }
                try await group.waitForAll()
            }
            writersDone.withLock { $0 = true }
            let (safe, naive) = try await reader.value
            let expected = committed.withLock { $0 }
            #expect(safe.count == expected.count, "every committed event exactly once")
            #expect(Set(safe) == expected)
            #expect(Set(safe).isDisjoint(with: rolledBack.withLock { $0 }))
            let naiveMissed = expected.subtracting(naive).count
            print("concurrent writers: \(expected.count) committed, gap-safe reader missed 0, naive reader missed \(naiveMissed)")
            #expect(naiveMissed > 0, "the naive reader should have skipped slow transactions' events")
        }
    }

    @Test("a subscription delivers existing events, then new ones within 100 ms of commit")
    func subscription() async throws {
        try await HorizonLock.run { try await subscriptionBody() }
    }

    func subscriptionBody() async throws {
        try await withMigratedStore { store, _ in
            let existing = (0..<5).map { _ in event() }
            try await store.append(to: "s", events: existing)
            var iterator = store.subscribe(after: .start, batchSize: 2, pollInterval: .seconds(30)).makeAsyncIterator()
            var seen: [UUID] = []
            for _ in 0..<5 { seen.append(try #require(try await iterator.next()).id) }
            #expect(seen == existing.map(\.id))
            var latencies = Latencies()
            for _ in 0..<3 {
                let fresh = event()
                let appender = Task {
                    try await Task.sleep(for: .milliseconds(50))
                    try await store.append(to: "s", events: [fresh])
                    return ContinuousClock.now
                }
                let received = try #require(try await iterator.next())
                let arrived = ContinuousClock.now
                let appended = try await appender.value
                #expect(received.id == fresh.id)
                latencies.record(arrived - appended)
            }
            // Woken by NOTIFY, not by the 30 s poll.
            #expect(latencies.median < .milliseconds(100), "rounds: \(latencies)")
            #expect(latencies.maximum < .seconds(10), "rounds: \(latencies)")
        }
    }
}
