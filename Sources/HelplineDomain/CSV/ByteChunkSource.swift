import Foundation

/// A source of bytes read in chunks (a file, standard input, memory). Returning nil means the end.
public protocol ByteChunkSource {
    mutating func nextChunk() throws -> [UInt8]?
}

/// Reads a `FileHandle` (a file or standard input) in chunks of 64 KiB.
public struct FileHandleChunkSource: ByteChunkSource {
    public let handle: FileHandle
    public let chunkSize: Int

    public init(handle: FileHandle, chunkSize: Int = 65_536) {
        self.handle = handle
        self.chunkSize = chunkSize
    }

    public mutating func nextChunk() throws -> [UInt8]? {
        guard let data = try handle.read(upToCount: chunkSize), !data.isEmpty else { return nil }
        return [UInt8](data)
    }
}

/// Serves bytes already in memory in chunks of a given size (useful in tests to split input at
/// every possible boundary).
public struct InMemoryChunkSource: ByteChunkSource {
    private let bytes: [UInt8]
    private let chunkSize: Int
    private var offset = 0

    public init<Bytes: Sequence>(_ bytes: Bytes, chunkSize: Int = 65_536) where Bytes.Element == UInt8 {
        self.bytes = Array(bytes)
        self.chunkSize = max(1, chunkSize)
    }

    public init(_ text: String, chunkSize: Int = 65_536) { self.init(Array(text.utf8), chunkSize: chunkSize) }

    public mutating func nextChunk() throws -> [UInt8]? {
        guard offset < bytes.count else { return nil }
        let end = min(bytes.count, offset + chunkSize)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }
}
