/// A streaming RFC 4180 reader: comma-separated fields, optional double quotes around a field,
/// `""` for a quote inside a quoted field, records ended by CRLF or LF, line breaks allowed inside
/// quoted fields, an optional UTF-8 byte order mark at the start. It works on bytes in constant
/// memory and reports the physical line on which each record starts.
///
/// Syntax problems (a quote inside an unquoted field, text after a closing quote, a bare carriage
/// return, an unterminated quoted field at the end) do not stop reading: they are reported on the
/// record (``CSVRecord/syntaxError``) and reading continues with the next record.
public struct CSVReader<Source: ByteChunkSource> {
    private var source: Source
    private var chunk: [UInt8] = []
    private var pos = 0
    private var atEnd = false
    private var started = false
    private var line = 1
    private var record = CSVRecord()

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted, carriageReturn }

    public init(source: Source) { self.source = source }

    /// The physical line the reader is at (the line after the last record read).
    public var currentLine: Int { line }

    private static var comma: UInt8 { UInt8(ascii: ",") }
    private static var quote: UInt8 { UInt8(ascii: "\"") }
    private static var lf: UInt8 { UInt8(ascii: "\n") }
    private static var cr: UInt8 { UInt8(ascii: "\r") }

    /// Loads the next chunk; false at the end of input.
    private mutating func refill() throws -> Bool {
        if atEnd { return false }
        guard let next = try source.nextChunk() else {
            atEnd = true
            return false
        }
        chunk = next
        pos = 0
        if !started {
            // Gather at least three bytes to recognise a byte order mark split across chunks.
            while chunk.count < 3, let more = try source.nextChunk() { chunk += more }
            started = true
            if chunk.count >= 3, chunk[0] == 0xEF, chunk[1] == 0xBB, chunk[2] == 0xBF { pos = 3 }
        }
        return true
    }

    /// The next record, or nil at the end of the input. Throws only the source's errors.
    public mutating func next() throws -> CSVRecord? {
        record.reset(line: line)
        var state = State.fieldStart
        var consumed = false
        while true {
            if pos >= chunk.count {
                if try refill() { continue }
                switch state {
                case .fieldStart:
                    if !consumed { return nil }
                case .quoted:
                    record.flag("quoted field is not closed before the end of the file")
                case .unquoted, .quoteInQuoted, .carriageReturn:
                    break
                }
                record.endField()
                return record
            }
            consumed = true
            switch state {
            case .fieldStart:
                let b = chunk[pos]
                if b == Self.quote {
                    state = .quoted
                    pos += 1
                } else if b == Self.comma {
                    record.endField()
                    pos += 1
                } else if b == Self.lf {
                    record.endField()
                    pos += 1
                    line += 1
                    return record
                } else if b == Self.cr {
                    state = .carriageReturn
                    pos += 1
                } else {
                    state = .unquoted
                }
            case .unquoted:
                let start = pos
                var stop: UInt8 = 0
                chunk.withUnsafeBufferPointer { buffer in
                    while pos < buffer.count {
                        let b = buffer[pos]
                        if b == Self.comma || b == Self.lf || b == Self.cr || b == Self.quote {
                            stop = b
                            break
                        }
                        pos += 1
                    }
                }
                record.bytes.append(contentsOf: chunk[start..<pos])
                guard pos < chunk.count else { continue }
                pos += 1
                switch stop {
                case Self.comma:
                    record.endField()
                    state = .fieldStart
                case Self.lf:
                    record.endField()
                    line += 1
                    return record
                case Self.cr:
                    state = .carriageReturn
                default:
                    record.flag("a double quote inside an unquoted field (quote the whole field and double the quote)")
                    record.bytes.append(Self.quote)
                }
            case .quoted:
                let start = pos
                var newlines = 0
                chunk.withUnsafeBufferPointer { buffer in
                    while pos < buffer.count {
                        let b = buffer[pos]
                        if b == Self.quote { break }
                        if b == Self.lf { newlines += 1 }
                        pos += 1
                    }
                }
                line += newlines
                record.bytes.append(contentsOf: chunk[start..<pos])
                if pos < chunk.count {
                    pos += 1
                    state = .quoteInQuoted
                }
            case .quoteInQuoted:
                let b = chunk[pos]
                if b == Self.quote {
                    record.bytes.append(Self.quote)
                    state = .quoted
                    pos += 1
                } else if b == Self.comma {
                    record.endField()
                    state = .fieldStart
                    pos += 1
                } else if b == Self.lf {
                    record.endField()
                    pos += 1
                    line += 1
                    return record
                } else if b == Self.cr {
                    state = .carriageReturn
                    pos += 1
                } else {
                    record.flag("characters after the closing quote of a quoted field")
                    state = .unquoted
                }
            case .carriageReturn:
                if chunk[pos] == Self.lf {
                    pos += 1
                    record.endField()
                    line += 1
                    return record
                }
                record.flag("a carriage return not followed by a line feed")
                record.endField()
                return record
            }
        }
    }
}
