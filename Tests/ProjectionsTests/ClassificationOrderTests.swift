import EventStore
import Foundation
import Postgres
import PostgresTestSupport
import Testing

@testable import Projections

/// Catch-up order follows transaction ids, which can differ from a stream's own order (a transaction that took its id
/// early appends a later position). The contact's classification must be the latest in its stream however the events
/// are cut into batches: a live worker and a rebuild must agree.
@Suite("Contact classification: the latest in the stream wins, whatever the batches")
struct ClassificationOrderTests {
    /// Stream `contact-1712-x`: position 1 received, 3 reclassified (information) in one transaction; position 2
    /// classified (counselling) in a later one. Catch-up order: 1, 3, 2.
    private func appendOutOfOrder(_ pool: PostgresPool) async throws {
        func row(_ position: Int, _ type: String, _ data: String) -> PostgresQuery {
            """
            INSERT INTO es.events (stream_id, stream_position, event_id, event_type, occurred_at, data, metadata)
            VALUES ('contact-1712-x', \(position), \(UUID()), \(type), TIMESTAMPTZ '2023-05-02 10:00:00+02',
                    \(data)::jsonb, '{"helpline": "1712", "contactId": "x"}'::jsonb)
            """
        }
        try await pool.withTransaction { tx in
            try await tx.execute(row(1, "ContactReceived", #"{"channel": "phone", "receivedAt": "2023-05-02T10:00:00+02:00"}"#))
            try await tx.execute(row(3, "ContactReclassified", #"{"contactType": "information"}"#))
        }
        try await pool.execute(row(2, "ContactClassified", #"{"contactType": "counselling"}"#))
    }

    private func contactType(_ pool: PostgresPool, schema: String = "rm") async throws -> String? {
        try await pool.query("SELECT contact_type FROM \(identifier: schema).contact_facts WHERE contact_id = 'x'").first?.decode(String?.self, at: 0)
    }

    @Test("applied one event per batch, the classification at stream position 3 survives the one at 2 that comes after it")
    func separateBatches() async throws {
        try await HorizonLock.run {
            try await withProjectionDatabase { store, _ in
                try await appendOutOfOrder(store.pool)
                var cursor = ReadCursor.start
                var applied = 0
                // One event per range; a range may not be readable yet while another test's transaction holds the
                // horizon back, so wait for all three (at most 60 s) instead of stopping at the first empty read.
                let deadline = ContinuousClock.now + .seconds(60)
                try await store.pool.withConnection { c in
                    while applied < 3, ContinuousClock.now < deadline {
                        guard let range = try await ProjectionBatch.nextRange(after: cursor, limit: 1, on: c) else {
                            try await Task.sleep(for: .milliseconds(50))
                            continue
                        }
                        try await c.withTransaction { tx in try await ContactCountsProjection().apply(range, schema: "rm", on: tx) }
                        cursor = range.to
                        applied += 1
                    }
                }
                #expect(applied == 3, "three events, one per range")
                #expect(try await contactType(store.pool) == "information")
                let counts = try await store.pool.query(
                    "SELECT contact_type, received FROM rm.daily_contact_counts WHERE helpline = '1712'")
                #expect(counts.count == 1)
                #expect(try counts[0].decode(String.self, at: 0) == "information")
                #expect(try counts[0].decode(Int.self, at: 1) == 1)
            }
        }
    }

    @Test("one batch and three batches give the same facts and counts")
    func batchingDoesNotMatter() async throws {
        try await HorizonLock.run {
            try await withProjectionDatabase { store, _ in
                try await appendOutOfOrder(store.pool)
                try await store.pool.withConnection { c in
                    let all = try #require(try await ProjectionBatch.nextRange(after: .start, limit: 100, on: c))
                    try await c.withTransaction { tx in try await ContactCountsProjection().apply(all, schema: "rm", on: tx) }
                }
                #expect(try await contactType(store.pool) == "information")
                #expect(try await ReadModelRecount.differences(store.pool) == 0)
            }
        }
    }
}
