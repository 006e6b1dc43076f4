import Foundation
import Postgres
import PostgresTestSupport
import Testing

@testable import EventStore

@Suite("Appending events")
struct AppendTests {
    @Test("appends get consecutive stream positions and increasing global positions")
    func positions() async throws {
        try await withMigratedStore { store, _ in
            let first = try await store.append(to: "s-1", expectedVersion: .noStream, events: [event(), event()])
            let second = try await store.append(to: "s-1", expectedVersion: .exact(2), events: [event()])
            #expect(first.positions.map(\.streamPosition) == [1, 2])
            #expect(second.positions.map(\.streamPosition) == [3])
            #expect(second.positions[0].globalPosition > first.positions[1].globalPosition)
            #expect(try await store.streamVersion("s-1") == 3)
            #expect(try await store.readStream("s-1").map(\.id) == (first.positions + second.positions).map(\.eventID))
        }
    }

    @Test("a wrong expected version throws WrongExpectedVersion with both versions and writes nothing")
    func wrongExpectedVersion() async throws {
        try await withMigratedStore { store, _ in
            try await store.append(to: "s-1", events: [event(), event()])
            let stale = await #expect(throws: WrongExpectedVersion.self) {
                try await store.append(to: "s-1", expectedVersion: .exact(1), events: [event()])
            }
            #expect(stale == WrongExpectedVersion(streamID: "s-1", expected: .exact(1), actual: 2))
            let exists = await #expect(throws: WrongExpectedVersion.self) {
                try await store.append(to: "s-1", expectedVersion: .noStream, events: [event()])
            }
            #expect(exists?.actual == 2)
            #expect(try await store.count() == 2)
        }
    }

    @Test("two writers racing with the same expected version: one wins, the other gets WrongExpectedVersion")
    func lostRace() async throws {
        try await withMigratedStore { store, _ in
            try await store.append(to: "s-1", events: [event()])
            let outcomes = await withTaskGroup(of: Result<AppendResult, any Error>.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        do { return .success(try await store.append(to: "s-1", expectedVersion: .exact(1), events: [event()])) } catch {
                            return .failure(error)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let wins = outcomes.filter { if case .success = $0 { true } else { false } }.count
            let losses = outcomes.compactMap { result -> WrongExpectedVersion? in
                if case .failure(let error) = result { return error as? WrongExpectedVersion }
                return nil
            }
            #expect(wins == 1)
            #expect(losses.count == 7)
            #expect(losses.allSatisfy { $0.expected == .exact(1) && $0.actual == 2 })
            #expect(try await store.streamVersion("s-1") == 2)
        }
    }

    @Test("retrying an append with the same event ids returns the stored positions and adds nothing")
    func idempotentRetry() async throws {
        try await withMigratedStore { store, _ in
            let events = [event(data: "{\"a\": 1, \"b\": [1, 2]}"), event()]
            let first = try await store.append(to: "s-1", expectedVersion: .noStream, events: events)
            // Same content with keys in another order is the same JSON document.
            var retried = events
            retried[0].data = "{\"b\": [1, 2], \"a\": 1}"
            let second = try await store.append(to: "s-1", expectedVersion: .noStream, events: retried)
            #expect(second.positions == first.positions)
            #expect(second.alreadyStored == 2)
            #expect(try await store.count() == 2)
            // Concurrent retries of the same request store it once.
            let more = [event(), event()]
            try await withThrowingTaskGroup(of: AppendResult.self) { group in
                for _ in 0..<6 { group.addTask { try await store.append(to: "s-2", events: more) } }
                var results: [AppendResult] = []
                for try await result in group { results.append(result) }
                #expect(Set(results.map { $0.positions.map(\.globalPosition) }).count == 1)
            }
            #expect(try await store.count() == 4)
        }
    }

    @Test("the same event id with different content is an EventIDConflict")
    func sameIDDifferentContent() async throws {
        try await withMigratedStore { store, _ in
            let original = event(data: "{\"n\": 1}")
            try await store.append(to: "s-1", events: [original])
            var changed = original
            changed.data = "{\"n\": 2}"
            let conflict = await #expect(throws: EventIDConflict.self) { try await store.append(to: "s-1", events: [changed]) }
            #expect(conflict?.eventID == original.id)
            var moved = original
            moved.data = original.data
            await #expect(throws: EventIDConflict.self) { try await store.append(to: "s-other", events: [moved]) }
            #expect(try await store.count() == 1)
        }
    }

    @Test("a batch over several streams is all-or-nothing")
    func batchAtomic() async throws {
        try await withMigratedStore { store, _ in
            try await store.append(to: "b", events: [event()])
            await #expect(throws: WrongExpectedVersion.self) {
                try await store.appendBatch([
                    StreamAppend(streamID: "a", expectedVersion: .noStream, events: [event(), event()]),
                    StreamAppend(streamID: "b", expectedVersion: .noStream, events: [event()]),
                ])
            }
            #expect(try await store.count() == 1)
            let ok = try await store.appendBatch([
                StreamAppend(streamID: "a", expectedVersion: .noStream, events: [event(), event()]),
                StreamAppend(streamID: "b", expectedVersion: .exact(1), events: [event()]),
            ])
            #expect(ok.positions.map(\.streamPosition) == [1, 2, 2])
        }
    }

    @Test("a batch naming one event id twice, or one stream twice, is refused before any write")
    func invalidBatch() async throws {
        try await withMigratedStore { store, _ in
            let e = event()
            await #expect(throws: InvalidAppend.self) { try await store.append(to: "s", events: [e, e]) }
            await #expect(throws: InvalidAppend.self) {
                try await store.appendBatch([StreamAppend(streamID: "s", events: [event()]), StreamAppend(streamID: "s", events: [event()])])
            }
            let count = try await store.count()
            #expect(count == 0)
        }
    }

    @Test("an append sends NOTIFY es_events on commit")
    func notifies() async throws {
        try await withMigratedStore { store, configuration in
            let listener = try await PostgresListener.listen(configuration: configuration, channels: [EventStore.notificationChannel])
            defer { listener.close() }
            let result = try await store.append(to: "s", events: [event()])
            var iterator = listener.notifications.makeAsyncIterator()
            let note = try await iterator.next()
            #expect(note?.payload == String(result.positions[0].globalPosition))
        }
    }
}
