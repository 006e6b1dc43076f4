import HelplineDomain
import Testing

/// Reads all records as (line, fields) with the given chunk size.
private func records(_ text: String, chunkSize: Int = 65_536) throws -> [(line: Int, fields: [String], error: String?)] {
    try records(Array(text.utf8), chunkSize: chunkSize)
}

private func records(_ data: [UInt8], chunkSize: Int = 65_536) throws -> [(line: Int, fields: [String], error: String?)] {
    var reader = CSVReader(source: InMemoryChunkSource(data, chunkSize: chunkSize))
    var result: [(Int, [String], String?)] = []
    while let record = try reader.next() {
        result.append((record.line, (0..<record.count).map { record.string($0) ?? "<invalid UTF-8>" }, record.syntaxError?.reason))
    }
    return result
}

@Suite("Streaming RFC 4180 reader")
struct CSVReaderTests {
    @Test("Quoted fields, doubled quotes, empty fields and a missing final newline")
    func quoting() throws {
        let result = try records("a,\"b,c\",\"say \"\"hi\"\"\",,\nx,y,z,w,v")
        #expect(result.map(\.fields) == [["a", "b,c", "say \"hi\"", "", ""], ["x", "y", "z", "w", "v"]])
        #expect(result.map(\.line) == [1, 2])
    }

    @Test("CRLF and LF line ends are both accepted")
    func lineEnds() throws {
        #expect(try records("a,b\r\nc,d\ne,f\r\n").map(\.fields) == [["a", "b"], ["c", "d"], ["e", "f"]])
    }

    @Test("A newline inside quotes stays in the field and the next record gets the right physical line")
    func embeddedNewline() throws {
        let result = try records("h1,h2\n\"multi\nline\r\ntext\",x\nlast,y\n")
        #expect(result.map(\.fields) == [["h1", "h2"], ["multi\nline\r\ntext", "x"], ["last", "y"]])
        #expect(result.map(\.line) == [1, 2, 5])
    }

    @Test("A UTF-8 byte order mark is skipped, even when split across chunks")
    func bom() throws {
        let data: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a,b\n".utf8)
        for size in 1...4 { #expect(try records(data, chunkSize: size).map(\.fields) == [["a", "b"]]) }
    }

    @Test("Every chunk size gives the same records")
    func chunkBoundaries() throws {
        let text = "id,text\r\n1,\"a \"\"quoted\"\"\r\nvalue\"\r\n2,plain\n3,\"\"\n"
        let expected = try records(text).map { "\($0.line):\($0.fields)" }
        for size in 1...text.utf8.count { #expect(try records(text, chunkSize: size).map { "\($0.line):\($0.fields)" } == expected) }
    }

    @Test("Syntax problems are reported on the record and reading continues")
    func syntaxProblems() throws {
        let result = try records("a\"b,c\n\"x\"y,z\nok,1\n\"open")
        #expect(
            result.map(\.error) == [
                "a double quote inside an unquoted field (quote the whole field and double the quote)",
                "characters after the closing quote of a quoted field", nil,
                "quoted field is not closed before the end of the file",
            ])
        #expect(result[2].fields == ["ok", "1"])
    }

    @Test("Invalid UTF-8 in a field is detected")
    func invalidUTF8() throws {
        #expect(try records([0x61, 0x2C, 0xC3, 0x28, 0x0A]).first?.fields == ["a", "<invalid UTF-8>"])
    }
}
