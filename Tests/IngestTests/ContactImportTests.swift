import Foundation
import HelplineDomain
import PostgresTestSupport
import Synchronization
import Testing

@testable import EventStore
@testable import Ingest

@Suite("Contact CSV import")
struct ContactImportTests {
    @Test("importing the same file twice adds nothing the second time")
    func reimport() async throws {
        try await withImporter { importer, store in
            let csv = csvHeader + (0..<200).map(csvRow).joined()
            let first = try await importer.importCSV(from: InMemoryChunkSource(csv))
            #expect(first.rowsImported == 200)
            #expect(first.eventsWritten == 200 * 4)
            let count = try await store.count()
            let second = try await importer.importCSV(from: InMemoryChunkSource(csv))
            #expect(second.rowsImported == 0)
            #expect(second.rowsAlreadyPresent == 200)
            #expect(second.eventsWritten == 0)
            #expect(try await store.count() == count)
            // The contact's stream holds its events in order, at positions 1…4.
            let stream = try await store.readStream("contact-1712-c7")
            #expect(stream.map(\.type) == ["ContactReceived", "ContactAnswered", "ContactEnded", "ContactClassified"])
            #expect(stream.map(\.streamPosition) == [1, 2, 3, 4])
        }
    }

    @Test("a file with 3 bad lines is refused, nothing is written, and all 3 are reported with line numbers")
    func badLinesRefuse() async throws {
        try await withImporter { importer, store in
            var lines = (0..<10).map(csvRow)
            lines[2] = "c2,1712,fax,2023-03-01T10:00:00+01:00,answered,5,300,counselling\n"
            lines[5] = "c5,1712,phone,2023-02-30T10:00:00+01:00,answered,5,300,counselling\n"
            lines[8] = "c8,1712,phone,2023-03-01T10:00:00+01:00,answered,-4,300,counselling\n"
            let refused = await #expect(throws: ContactImportRefused.self) {
                try await importer.importCSV(from: InMemoryChunkSource(csvHeader + lines.joined()))
            }
            #expect(refused?.invalidRows == 3)
            #expect(refused?.rowErrors.map(\.line) == [4, 7, 10])
            #expect(refused?.rowErrors[0].problems.first?.column == "channel")
            #expect(refused?.rowErrors[1].problems.first?.column == "received_at")
            #expect(refused?.rowErrors[2].problems.first?.column == "wait_seconds")
            #expect(refused?.description.contains("line 7") == true)
            let count = try await store.count()
            #expect(count == 0)
        }
    }

    @Test("with skipInvalid the good rows are imported and the rejects are written to a file")
    func skipInvalid() async throws {
        try await withImporter { importer, store in
            var lines = (0..<10).map(csvRow)
            lines[3] = "c3,1712,phone,yesterday,answered,5,300,counselling\n"
            let rejects = FileManager.default.temporaryDirectory.appendingPathComponent("rejects-\(UUID()).csv")
            defer { try? FileManager.default.removeItem(at: rejects) }
            let summary = try await importer.importCSV(
                from: InMemoryChunkSource(csvHeader + lines.joined()), options: ContactImportOptions(skipInvalid: true, rejectsFile: rejects))
            #expect(summary.rowsImported == 9)
            #expect(summary.rowsRejected == 1)
            #expect(summary.line.contains("1 rejected"))
            #expect(try await store.count() == 9 * 4)
            let text = try String(contentsOf: rejects, encoding: .utf8)
            #expect(text.hasPrefix("line,problems\n5,"))
            #expect(text.contains("received_at"))
        }
    }

    @Test("a bad header refuses the file before anything is read")
    func badHeader() async throws {
        try await withImporter { importer, store in
            let refused = await #expect(throws: ContactImportRefused.self) {
                try await importer.importCSV(from: InMemoryChunkSource("contact_id,helpline,channel,received_at,phone_number\n"))
            }
            #expect(refused?.description.contains("phone_number") == true)
            let count = try await store.count()
            #expect(count == 0)
        }
    }

    @Test("a re-import whose values changed is refused instead of silently keeping either version")
    func changedReimport() async throws {
        try await withImporter { importer, store in
            _ = try await importer.importCSV(from: InMemoryChunkSource(csvHeader + csvRow(1)))
            let changed = csvRow(1).replacingOccurrences(of: "counselling", with: "prank")
            let refused = await #expect(throws: ContactImportRefused.self) {
                try await importer.importCSV(from: InMemoryChunkSource(csvHeader + changed + csvRow(2)))
            }
            #expect(refused?.conflicts.count == 1)
            #expect(try await store.count() == 4)
        }
    }

    @Test("a contact that already has live events gets the imported events after them")
    func appendsAfterLiveEvents() async throws {
        try await withImporter { importer, store in
            try await store.append(
                to: "contact-1712-c1",
                events: [NewEvent(id: UUID(), type: "ContactVoided", occurredAt: Date(), data: "{\"reason\": \"test\"}")])
            let summary = try await importer.importCSV(from: InMemoryChunkSource(csvHeader + csvRow(1)))
            #expect(summary.eventsWritten == 4)
            #expect(try await store.readStream("contact-1712-c1").map(\.streamPosition) == [1, 2, 3, 4, 5])
        }
    }
}

@Suite("Contact CSV import at scale")
struct ContactImportScaleTests {
    @Test("a 1,000,000-row file imports with flat memory")
    func millionRows() async throws {
        try await HorizonLock.run { try await millionRowsBody() }
    }

    func millionRowsBody() async throws {
        let rows = Int(ProcessInfo.processInfo.environment["HELPLINE_IMPORT_TEST_ROWS"] ?? "") ?? 1_000_000
        // Write the file first (about 90 MB), then import it from disk as a user would.
        let file = URL(fileURLWithPath: "/tmp/import-\(UUID().uuidString.prefix(8)).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let writer = try FileHandle(forWritingTo: file)
        var generator = GeneratedCSV(rows: rows)
        while let chunk = try generator.nextChunk() { writer.write(Data(chunk)) }
        try writer.close()
        let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        try await withImporter { importer, store in
            let before = ProcessMemory.residentBytes()
            let peak = Locked(before)
            var options = ContactImportOptions()
            options.progress = { _ in peak.withLock { $0 = max($0, ProcessMemory.residentBytes()) } }
            // As `helpline-stats import contacts FILE` reads a regular file: straight into the store.
            let summary = try await importer.importCSV(
                opening: { FileHandleChunkSource(handle: try FileHandle(forReadingFrom: file)) }, options: options)
            #expect(summary.copiedDirectly)
            let after = ProcessMemory.residentBytes()
            let maxRSS = max(peak.withLock { $0 }, after)
            print(
                "import of a \(rows)-row file (\(size / 1_048_576) MiB): \(summary.line); RSS before \(before / 1_048_576) MiB, peak during import \(maxRSS / 1_048_576) MiB, VmHWM \(ProcessMemory.field("VmHWM:") / 1_048_576) MiB"
            )
            #expect(summary.rowsImported == rows)
            #expect(try await store.count() == rows * 4)
            #expect(maxRSS - before < 64 * 1_048_576, "memory grew by \((maxRSS - before) / 1_048_576) MiB")
        }
    }
}
