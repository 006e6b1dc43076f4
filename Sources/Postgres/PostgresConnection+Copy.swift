import CLibPQ

extension PostgresConnection {
    /// Streams rows into `COPY … FROM STDIN` (text format) without holding them in memory: rows are encoded
    /// into chunks of about 256 KiB and sent as they come.
    ///
    /// - Parameters:
    ///   - query: the `COPY table (columns) FROM STDIN` statement (no parameters).
    ///   - rows: the rows, each field's text value or `nil` for NULL.
    /// - Returns: the number of rows copied.
    /// - Throws: ``PostgresError`` from the server (a bad row's error names its line in ``PostgresError/context``),
    ///   or the error `rows` threw; either way the COPY is aborted and nothing of it is kept.
    @discardableResult
    public func copyFrom<Rows: AsyncSequence>(_ query: PostgresQuery, rows: Rows) async throws -> Int
    where Rows.Element == [String?] {
        try await copyFrom(query, chunks: CopyTextChunks(rows: rows))
    }

    /// Streams pre-encoded COPY text-format data (`field\tfield\n…`) into `COPY … FROM STDIN`.
    @discardableResult
    public func copyFrom<Chunks: AsyncSequence>(_ query: PostgresQuery, chunks: Chunks) async throws -> Int
    where Chunks.Element == [UInt8] {
        try await withExclusiveAccess {
            try await cancellable {
                _ = try await onQueue { conn in
                    try Self.check(PQexecParams(conn, query.sql, 0, nil, nil, nil, nil, 0), on: conn, allowCopyIn: true)
                }
                do {
                    // Each chunk is sent (on the connection's queue) while the next one is produced, so that the
                    // client's encoding and the server's COPY overlap; at most two chunks are held.
                    var sending: Task<Void, any Error>?
                    do {
                        for try await chunk in chunks {
                            try await sending?.value
                            sending = Task { try await self.onQueue { conn in try Self.put(chunk, on: conn) } }
                        }
                        try await sending?.value
                    } catch {
                        _ = try? await sending?.value
                        throw error
                    }
                } catch {
                    let reason = "COPY aborted by the client: \(error)"
                    _ = try? await onQueue { conn in
                        _ = PQputCopyEnd(conn, reason)
                        while let result = PQgetResult(conn) { PQclear(result) }
                    }
                    throw error
                }
                return try await onQueue { conn in
                    guard PQputCopyEnd(conn, nil) == 1 else {
                        throw PostgresError(code: .connectionClosed, message: LibPQ.connectionMessage(conn))
                    }
                    var outcome: Result<Int, any Error> = .failure(
                        PostgresError(code: .unexpectedResponse, message: "COPY ended without a result"))
                    var first = true
                    while let result = PQgetResult(conn) {
                        if first {
                            first = false
                            outcome = Result { try Self.check(result, on: conn) }.map { PostgresRows(handle: $0).affectedRows }
                        } else {
                            PQclear(result)
                        }
                    }
                    return try outcome.get()
                }
            }
        }
    }
}

extension PostgresConnection {
    /// Hands one chunk of COPY data to libpq (blocks until the socket takes it).
    static func put(_ chunk: [UInt8], on conn: OpaquePointer) throws {
        let status = chunk.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(conn, $0.baseAddress, Int32($0.count)) }
        }
        guard status == 1 else {
            throw PostgresError(code: .connectionClosed, message: LibPQ.connectionMessage(conn))
        }
    }
}

/// Groups rows into COPY text-format chunks.
struct CopyTextChunks<Rows: AsyncSequence>: AsyncSequence where Rows.Element == [String?] {
    typealias Element = [UInt8]
    let rows: Rows
    static var chunkSize: Int { 256 * 1024 }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Rows.AsyncIterator
        var done = false

        mutating func next() async throws -> [UInt8]? {
            guard !done else { return nil }
            var buffer: [UInt8] = []
            buffer.reserveCapacity(CopyTextChunks.chunkSize + 4096)
            while buffer.count < CopyTextChunks.chunkSize {
                guard let row = try await base.next() else {
                    done = true
                    break
                }
                CopyText.append(row: row, to: &buffer)
            }
            return buffer.isEmpty ? nil : buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: rows.makeAsyncIterator()) }
}

/// PostgreSQL's COPY text format: tab-separated, `\N` for NULL, backslash escapes.
public enum CopyText {
    /// Appends one row, escaped, ending with a newline.
    public static func append(row: [String?], to buffer: inout [UInt8]) {
        for (index, field) in row.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: "\t")) }
            guard let field else {
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "N"))
                continue
            }
            append(field: field, to: &buffer)
        }
        buffer.append(UInt8(ascii: "\n"))
    }

    /// Appends one field's escaped text (no separator).
    public static func append(field: String, to buffer: inout [UInt8]) {
        var field = field
        field.withUTF8 { bytes in
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\\"): buffer.append(contentsOf: [92, 92])
                case UInt8(ascii: "\t"): buffer.append(contentsOf: [92, UInt8(ascii: "t")])
                case UInt8(ascii: "\n"): buffer.append(contentsOf: [92, UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): buffer.append(contentsOf: [92, UInt8(ascii: "r")])
                default: buffer.append(byte)
                }
            }
        }
    }
}
