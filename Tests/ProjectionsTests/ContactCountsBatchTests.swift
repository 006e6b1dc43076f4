import EventStore
import Postgres
import PostgresTestSupport
import Testing

@testable import Projections

@Suite("Contact counts: several ranges in one transaction")
struct ContactCountsBatchTests {
    @Test("two ranges applied in one transaction (as the rebuild's switch does) merge a contact that is in both")
    func twoRangesInOneTransaction() async throws {
        try await HorizonLock.run { try await twoRangesInOneTransactionBody() }
    }

    func twoRangesInOneTransactionBody() async throws {
        try await withProjectionDatabase { store, _ in
            // x1 is received in the first import and answered and classified in the second; x2 only in the first.
            try await importCSV(
                "x1,1712,phone,2023-05-02T10:00:00+02:00,,,,\nx2,1712,chat,2023-05-03T11:00:00+02:00,abandoned,40,,\n", pool: store.pool)
            let firstCount = try await store.count()
            try await importCSV("x1,1712,phone,2023-05-02T10:00:00+02:00,answered,20,300,counselling\n", pool: store.pool)
            // Wait until both imports are below the read horizon (another test's open transaction holds it back).
            let total = try await store.count()
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                let visible = try await store.pool.query(
                    "SELECT count(*)::int FROM es.events WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())")[0].decode(
                        Int.self, at: 0)
                if visible == total { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            try await store.pool.withConnection { c in
                try await c.withTransaction { tx in
                    let first = try #require(try await ProjectionBatch.nextRange(after: .start, limit: firstCount, on: tx))
                    let second = try #require(try await ProjectionBatch.nextRange(after: first.to, limit: 1_000, on: tx))
                    #expect(first.count == firstCount && second.count > 0)
                    try await ContactCountsProjection().apply(first, schema: "rm", on: tx)
                    try await ContactCountsProjection().apply(second, schema: "rm", on: tx)
                }
            }
            let differences = try await ReadModelRecount.differences(store.pool)
            #expect(differences == 0)
            let answered = try await store.pool.query(
                "SELECT answered, contact_type FROM rm.contact_facts WHERE contact_id = 'x1'")
            #expect(try answered[0].decode(Bool.self, at: 0))
            #expect(try answered[0].decode(String?.self, at: 1) == "counselling")
        }
    }
}
