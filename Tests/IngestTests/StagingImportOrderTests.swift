import Dispatch
import Foundation
import HelplineDomain
import Postgres
import PostgresTestSupport
import Testing

@testable import EventStore
@testable import Ingest

/// Hands out its chunks, but after the first one waits (at most 10 s) until the test lets it go on: the import is then
/// in the middle of its COPY.
private struct PausingChunkSource: ByteChunkSource {
    let chunks: [[UInt8]]
    let paused: DispatchSemaphore
    let resume: DispatchSemaphore
    var index = 0

    mutating func nextChunk() throws -> [UInt8]? {
        guard index < chunks.count else { return nil }
        if index == 1 {
            paused.signal()
            _ = resume.wait(timeout: .now() + 10)
        }
        defer { index += 1 }
        return chunks[index]
    }
}

@Suite("Staging import: catch-up order agrees with stream order")
struct StagingImportOrderTests {
    @Test("an append to a contact's stream while the import copies its file sorts before the import's later positions")
    func concurrentAppendSortsFirst() async throws {
        try await HorizonLock.run {
            try await withImporter { importer, store in
                try await importer.importCSV(from: InMemoryChunkSource(csvHeader + "x,1712,phone,2023-05-02T10:00:00+02:00,,,,\n"))
                let paused = DispatchSemaphore(value: 0)
                let resume = DispatchSemaphore(value: 0)
                let source = PausingChunkSource(
                    chunks: [Array(csvHeader.utf8), Array("x,1712,phone,2023-05-02T10:00:00+02:00,answered,20,300,counselling\n".utf8)],
                    paused: paused, resume: resume)
                let importing = Task { try await importer.importCSV(from: source) }
                let deadline = ContinuousClock.now + .seconds(10)
                while paused.wait(timeout: .now()) == .timedOut {
                    try #require(ContinuousClock.now < deadline, "the import did not reach its COPY")
                    try await Task.sleep(for: .milliseconds(10))
                }
                // Another writer appends to the same stream and commits while the import's COPY is under way.
                let stream = HelplineEvent.contactStreamId(helpline: "1712", contactId: "x")
                try await store.append(
                    to: stream,
                    events: [NewEvent(id: UUID(), type: "ContactVoided", occurredAt: Date(), data: #"{"reason": "test call"}"#)])
                resume.signal()
                let summary = try await importing.value
                #expect(summary.eventsWritten > 0)
                let order = try await store.pool.query(
                    """
                    SELECT array_agg(stream_position ORDER BY transaction_id, global_position)
                      FROM es.events WHERE stream_id = \(stream)
                    """)[0].decode([Int].self, at: 0)
                #expect(order == order.sorted(), "catch-up order \(order) must follow the stream's positions")
                #expect(order.count == summary.eventsWritten + 2)
            }
        }
    }
}
