import Foundation
import HelplineDomain
import HelplineSchema
import Postgres
import PostgresTestSupport

@testable import EventStore
@testable import Ingest

/// A fresh migrated database with a pool, an event store and a contact importer.
func withImporter<T>(_ body: (ContactImporter, EventStore) async throws -> T) async throws -> T {
    try await TestDatabase.withMigratedPool { pool, _ in
        try await body(ContactImporter(pool: pool, logger: TestDatabase.logger), EventStore(pool: pool, logger: TestDatabase.logger))
    }
}

let csvHeader = "contact_id,helpline,channel,received_at,outcome,wait_seconds,duration_seconds,contact_type\n"

/// A valid row: received, answered after `n % 60` s, talked for 300 s, a counselling contact.
func csvRow(_ n: Int) -> String {
    let day = 1 + n % 28
    let second = n % 60
    return "c\(n),1712,phone,2023-03-\(day < 10 ? "0" : "")\(day)T10:00:\(second < 10 ? "0" : "")\(second)+01:00,answered,\(n % 60),300,counselling\n"
}

/// `rows` generated CSV rows, produced on demand in 64 KiB chunks (never the whole file in memory).
struct GeneratedCSV: ByteChunkSource {
    let rows: Int
    var next = 0
    var headerSent = false

    mutating func nextChunk() throws -> [UInt8]? {
        var chunk: [UInt8] = []
        if !headerSent {
            headerSent = true
            chunk += Array(csvHeader.utf8)
        }
        while chunk.count < 65_536 && next < rows {
            chunk += Array(csvRow(next).utf8)
            next += 1
        }
        return chunk.isEmpty ? nil : chunk
    }
}
