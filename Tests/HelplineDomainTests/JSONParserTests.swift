import Foundation
import HelplineDomain
import Testing

@Suite("Strict JSON parsing")
struct JSONParserTests {
    @Test("Numbers keep integers exact and strings unescape fully")
    func values() throws {
        let value = try JSONParser.parse(#"{"a":9007199254740993,"b":-1.5e2,"c":"\u00e9\ud83d\ude00\n\"","d":[true,false,null]}"#)
        #expect(
            value
                == .object([
                    ("a", .integer(9_007_199_254_740_993)), ("b", .double(-150)), ("c", .string("é😀\n\"")),
                    ("d", .array([.bool(true), .bool(false), .null])),
                ]))
    }

    @Test(
        "Malformed JSON is refused with its line, column and reason",
        arguments: [
            ("{\"a\":1,}", "malformed JSON at line 1, column 8: expected a string key"),
            ("{\"a\":1,\n \"a\":2}", "malformed JSON at line 2, column 2: duplicate key \"a\""),
            ("{\"a\":01}", "malformed JSON at line 1, column 7: expected ',' or '}' in object"),
            ("{\"a\":\"x", "malformed JSON at line 1, column 6: unterminated string"),
            ("{\"a\":\"\\ud800\"}", "malformed JSON at line 1, column 13: lone high surrogate in \\u escape"),
            ("{\"a\":NaN}", "malformed JSON at line 1, column 6: unexpected character 'N', expected a value"),
            ("{\"a\":1e999}", "malformed JSON at line 1, column 6: number out of range"),
            ("{} {}", "malformed JSON at line 1, column 4: unexpected content after the document"),
            ("", "malformed JSON at line 1, column 1: unexpected end of input, expected a value"),
        ])
    func malformed(text: String, message: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(text) }
        do { _ = try JSONParser.parse(text) } catch { #expect(error.description == message) }
    }

    @Test("Invalid UTF-8 inside a string is refused")
    func invalidUTF8() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test("Deep nesting is refused instead of overflowing the stack")
    func depth() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(deep) }
    }

    @Test("Malformed event documents give a message, never a crash")
    func eventSyntax() {
        #expect(decodeIssues(#"{"eventId": }"#) == ["malformed JSON at line 1, column 13: unexpected character '}', expected a value"])
    }

    @Test("Every truncation and byte mutation of a valid event is handled without crashing")
    func fuzz() {
        let valid = Array(everyEventType[5].canonicalJSON.utf8)
        for end in 0..<valid.count { _ = decodeIssues(String(decoding: valid[..<end], as: UTF8.self)) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var mutated = valid
            for _ in 0..<3 { mutated[Int.random(in: 0..<mutated.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
            _ = try? HelplineEvent.decode(json: mutated, now: testNow)
        }
    }

    @Test("Canonical JSON sorts keys, escapes control characters and writes whole doubles as integers")
    func canonical() {
        let value = JSONValue.object([("b", .double(3)), ("a", .string("x\u{1}\"\\")), ("aa", .double(0.1))])
        #expect(CanonicalJSON.string(value) == #"{"a":"x\u0001\"\\","aa":0.1,"b":3}"#)
    }
}
