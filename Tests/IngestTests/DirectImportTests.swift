import Foundation
import HelplineDomain
import Postgres
import PostgresTestSupport
import Testing

@testable import EventStore
@testable import Ingest

/// A file that can be read twice goes straight into `es.events` when its contacts are new (docs/IMPORT.md).
@Suite("Contact CSV import straight into the store")
struct DirectImportTests {
    /// Every stored event as text, in store order (global positions differ between databases).
    static func storedEvents(_ store: EventStore) async throws -> [String] {
        try await store.pool.query(
            """
            SELECT concat_ws('|', stream_id, stream_position, event_id, event_type, schema_version, occurred_at, data, metadata)
              FROM es.events ORDER BY global_position
            """
        ).map { try $0.decode(String.self, at: 0) }
    }

    @Test("a file of new contacts is copied straight in, with the same events, positions and order as through staging")
    func sameAsStaging() async throws {
        let csv = csvHeader + (0..<300).map(csvRow).joined()
        let (direct, directEvents) = try await withImporter { importer, store in
            (try await importer.importCSV(opening: { InMemoryChunkSource(csv, chunkSize: 4096) }), try await Self.storedEvents(store))
        }
        let (staged, stagedEvents) = try await withImporter { importer, store in
            (try await importer.importCSV(from: InMemoryChunkSource(csv, chunkSize: 4096)), try await Self.storedEvents(store))
        }
        #expect(direct.copiedDirectly && !staged.copiedDirectly)
        #expect(direct.rowsRead == 300 && direct.rowsImported == 300 && direct.eventsWritten == 1200)
        #expect(staged.rowsImported == 300 && staged.eventsWritten == 1200)
        #expect(directEvents.count == 1200)
        #expect(directEvents == stagedEvents)
    }

    @Test("a re-import, a contact listed twice, or one with live events falls back to staging and stores nothing twice")
    func fallsBackToStaging() async throws {
        try await withImporter { importer, store in
            let csv = csvHeader + (0..<50).map(csvRow).joined()
            let first = try await importer.importCSV(opening: { InMemoryChunkSource(csv) })
            #expect(first.copiedDirectly && first.eventsWritten == 200)

            // The same file again: the first COPY row hits a stored event id; staging finds every row present.
            let again = try await importer.importCSV(opening: { InMemoryChunkSource(csv) })
            #expect(!again.copiedDirectly)
            #expect(again.rowsAlreadyPresent == 50 && again.rowsImported == 0 && again.eventsWritten == 0)
            #expect(try await store.count() == 200)

            // New contacts, one of them listed twice: the second listing hits the first one's event ids.
            let twice = csvHeader + (100..<110).map(csvRow).joined() + csvRow(105)
            let deduplicated = try await importer.importCSV(opening: { InMemoryChunkSource(twice) })
            #expect(!deduplicated.copiedDirectly && deduplicated.eventsWritten == 40)
            #expect(try await store.readStream("contact-1712-c105").map(\.streamPosition) == [1, 2, 3, 4])

            // A contact with a live event: its stream position 1 is taken, so its imported events come after it.
            try await store.append(
                to: "contact-1712-c200",
                events: [NewEvent(id: UUID(), type: "ContactVoided", occurredAt: Date(), data: "{\"reason\": \"test\"}")])
            let live = try await importer.importCSV(opening: { InMemoryChunkSource(csvHeader + csvRow(200) + csvRow(201)) })
            #expect(!live.copiedDirectly && live.eventsWritten == 8)
            #expect(try await store.readStream("contact-1712-c200").map(\.streamPosition) == [1, 2, 3, 4, 5])
            #expect(try await store.count() == 200 + 40 + 1 + 8)
        }
    }

    @Test("a re-import is recognised from its first rows; a stored contact further down is refused by the keys")
    func storedContactsEarlyOrLate() async throws {
        try await withImporter { importer, store in
            _ = try await importer.importCSV(opening: { InMemoryChunkSource(csvHeader + csvRow(5_000)) })
            // Its first rows are stored: staging at once, without a direct attempt.
            let early = csvHeader + csvRow(5_000) + (0..<10).map(csvRow).joined()
            let summary = try await importer.importCSV(opening: { InMemoryChunkSource(early) })
            #expect(!summary.copiedDirectly && summary.rowsAlreadyPresent == 1 && summary.rowsImported == 10)
            // 1,200 new contacts, then the stored one: the pre-check sees only new ones, the COPY's keys refuse the
            // last row, its transaction rolls back, and staging imports the file.
            let late = csvHeader + (10_000..<11_200).map(csvRow).joined() + csvRow(5_000)
            let lateSummary = try await importer.importCSV(opening: { InMemoryChunkSource(late, chunkSize: 8_192) })
            #expect(!lateSummary.copiedDirectly)
            #expect(lateSummary.rowsImported == 1_200 && lateSummary.rowsAlreadyPresent == 1 && lateSummary.eventsWritten == 4_800)
            let count = try await store.count()
            #expect(count == 4 + 40 + 4_800)
        }
    }

    @Test("bad lines refuse the file on the direct path too, and nothing is written")
    func badLinesRefuse() async throws {
        try await withImporter { importer, store in
            var lines = (0..<20).map(csvRow)
            lines[7] = "c7,1712,fax,2023-03-01T10:00:00+01:00,answered,5,300,counselling\n"
            let refused = await #expect(throws: ContactImportRefused.self) {
                try await importer.importCSV(opening: { InMemoryChunkSource(csvHeader + lines.joined()) })
            }
            #expect(refused?.rowErrors.map(\.line) == [9])
            let count = try await store.count()
            #expect(count == 0)
        }
    }
}
