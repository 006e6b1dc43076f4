import Foundation
import PostgresTestSupport
import Testing

@testable import Postgres

@Suite("COPY FROM STDIN")
struct CopyTests {
    @Test("200,000 rows stream in complete, while the sequence is still producing, with flat memory")
    func streamsManyRows() async throws {
        try await HorizonLock.run { try await streamsManyRowsBody() }
    }

    func streamsManyRowsBody() async throws {
        try await TestDatabase.withConnection { c, configuration in
            try await c.execute("CREATE TABLE t (n int8, label text, note text)")
            let observer = try await PostgresConnection.connect(configuration: configuration, logger: TestDatabase.logger)
            defer { Task { await observer.close() } }
            let total = 200_000
            let padding = String(repeating: "x", count: 200)
            let rssBefore = ProcessMemory.residentBytes()
            let progressSeen = ProgressBox()
            let rows = Generated { n -> [String?]? in
                if n == 150_000 {
                    // The server has already received most rows while we are still producing them.
                    let progress = try await observer.query("SELECT coalesce(max(tuples_processed), 0) FROM pg_stat_progress_copy")
                    await progressSeen.set(try progress[0].decode(Int.self, at: 0))
                }
                guard n <= total else { return nil }
                return [String(n), "row\t\(n)\nwith \\ escapes", n.isMultiple(of: 10) ? nil : padding]
            }
            let copied = try await c.copyFrom("COPY t (n, label, note) FROM STDIN", rows: rows)
            let rssAfter = ProcessMemory.residentBytes()
            #expect(copied == total)
            let check = try await c.query(
                "SELECT count(*), sum(n)::int8, count(*) FILTER (WHERE note IS NULL), min(label) FILTER (WHERE n = 7) FROM t")
            #expect(try check[0].decode(Int.self, at: 0) == total)
            #expect(try check[0].decode(Int.self, at: 1) == total * (total + 1) / 2)
            #expect(try check[0].decode(Int.self, at: 2) == total / 10)
            #expect(try check[0].decode(String.self, at: 3) == "row\t7\nwith \\ escapes")
            let seen = await progressSeen.value
            #expect(seen >= 100_000, "server had processed only \(seen) rows when the producer reached row 150,000")
            let growth = rssAfter - rssBefore
            print("COPY 200,000 rows (~\(total * 230 / 1_000_000) MB of text): RSS \(rssBefore / 1_048_576) MiB -> \(rssAfter / 1_048_576) MiB")
            #expect(growth < 64 * 1_048_576, "RSS grew by \(growth / 1_048_576) MiB")
        }
    }

    @Test("a bad row aborts the whole COPY with the row's error and keeps nothing")
    func badRowAborts() async throws {
        try await TestDatabase.withConnection { c, _ in
            try await c.execute("CREATE TABLE t (n int8 NOT NULL, label text)")
            let rows: [[String?]] = [["1", "a"], ["2", "b"], ["three", "c"], ["4", "d"]]
            let error = await #expect(throws: PostgresError.self) {
                try await c.copyFrom("COPY t (n, label) FROM STDIN", rows: rows.async)
            }
            #expect(error?.sqlState == "22P02")
            #expect(error?.context?.contains("line 3") == true, "context: \(error?.context ?? "nil")")
            #expect(error?.message.contains("three") == true)
            #expect(try await c.query("SELECT count(*) FROM t")[0].decode(Int.self, at: 0) == 0)
            // The connection is usable afterwards.
            #expect(try await c.copyFrom("COPY t (n, label) FROM STDIN", rows: [["5", nil]].async) == 1)
        }
    }

    @Test("an error thrown by the row sequence aborts the COPY and is rethrown")
    func producerErrorAborts() async throws {
        struct SourceBroke: Error {}
        try await TestDatabase.withConnection { c, _ in
            try await c.execute("CREATE TABLE t (n int8)")
            let rows = Generated { n -> [String?]? in
                if n == 1000 { throw SourceBroke() }
                return [String(n)]
            }
            await #expect(throws: SourceBroke.self) { try await c.copyFrom("COPY t FROM STDIN", rows: rows) }
            #expect(try await c.query("SELECT count(*) FROM t")[0].decode(Int.self, at: 0) == 0)
        }
    }

    @Test("a COPY sent through query() is refused, not left hanging")
    func copyThroughQueryIsRefused() async throws {
        try await TestDatabase.withConnection { c, _ in
            try await c.execute("CREATE TABLE t (n int8)")
            let error = await #expect(throws: PostgresError.self) { try await c.query("COPY t FROM STDIN") }
            #expect(error?.code == .unexpectedResponse)
            #expect(try await c.query("SELECT 1").count == 1)
        }
    }
}

/// An async sequence that calls `produce(1)`, `produce(2)`, … until it returns nil: rows made on demand.
struct Generated<Element>: AsyncSequence {
    let produce: (Int) async throws -> Element?

    struct AsyncIterator: AsyncIteratorProtocol {
        let produce: (Int) async throws -> Element?
        var n = 0
        mutating func next() async throws -> Element? {
            n += 1
            return try await produce(n)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(produce: produce) }
}

actor ProgressBox {
    var value = 0
    func set(_ v: Int) { value = v }
}

extension Array where Element: Sendable {
    /// The elements as an `AsyncSequence`.
    var async: AsyncStream<Element> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}
