import Foundation
import Postgres
import PostgresTestSupport
import Testing

@testable import EventStore

@Suite("Concurrent batches that share streams")
struct SharedStreamAppendTests {
    /// 8 clients post 240 contacts' events (4 per contact), each contact's events spread over different batches of
    /// 1–60 events that arrive in shuffled order, and 1 batch in 4 is sent again whole (a client retrying after a
    /// timeout). Before the per-stream locks, batches deadlocked on the unique index and ran out of retries.
    @Test("no batch fails, every event is stored exactly once, and each stream's positions are 1…4")
    func sharedStreams() async throws {
        try await withMigratedStore(poolSize: 8) { store, _ in
            var generator = SystemRandomNumberGenerator()
            let contacts = 240
            var pieces: [(stream: String, event: NewEvent)] = []
            for c in 0..<contacts {
                for k in 0..<4 { pieces.append((stream: "contact-shared-\(c)", event: event("Step\(k)", data: "{\"k\": \(k)}"))) }
            }
            pieces.shuffle(using: &generator)
            // Cut into batches; a batch holds at most one event per stream (the store refuses a stream twice).
            var batches: [[StreamAppend]] = []
            var rest = pieces[...]
            while !rest.isEmpty {
                let size = Int.random(in: 1...60, using: &generator)
                var streams: [String: [NewEvent]] = [:]
                var left: [(stream: String, event: NewEvent)] = []
                for piece in rest.prefix(size) {
                    if streams[piece.stream] == nil { streams[piece.stream] = [piece.event] } else { left.append(piece) }
                }
                rest = ArraySlice(left + rest.dropFirst(size))
                batches.append(streams.map { StreamAppend(streamID: $0.key, expectedVersion: .any, events: $0.value) })
            }
            let sent = batches + batches.enumerated().filter { $0.offset % 4 == 0 }.map(\.element)
            let shuffled = sent.shuffled(using: &generator)
            let failures = try await withThrowingTaskGroup(of: [String].self) { group in
                for client in 0..<8 {
                    group.addTask {
                        var errors: [String] = []
                        for (i, batch) in shuffled.enumerated() where i % 8 == client {
                            do { _ = try await store.appendBatch(batch) } catch { errors.append("\(error)") }
                        }
                        return errors
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(failures.isEmpty, "\(failures.count) of \(shuffled.count) batches failed, e.g. \(failures.first ?? "")")
            let counts = try await store.pool.query(
                """
                SELECT count(*), count(DISTINCT event_id),
                       count(*) FILTER (WHERE stream_position NOT BETWEEN 1 AND 4),
                       (SELECT count(*) FROM (SELECT stream_id FROM es.events GROUP BY stream_id
                                               HAVING count(*) <> 4 OR count(DISTINCT stream_position) <> 4) AS bad)
                  FROM es.events
                """)[0]
            #expect(try counts.decode(Int.self, at: 0) == contacts * 4)
            #expect(try counts.decode(Int.self, at: 1) == contacts * 4)
            #expect(try counts.decode(Int.self, at: 2) == 0)
            #expect(try counts.decode(Int.self, at: 3) == 0)
        }
    }
}
