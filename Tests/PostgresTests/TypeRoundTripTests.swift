import Foundation
import PostgresTestSupport
import Testing

@testable import Postgres

@Suite("Typed values round-trip through PostgreSQL")
struct TypeRoundTripTests {
    /// Sends `value` as a parameter cast to `sqlType` and decodes the result.
    func roundTrip<T: PostgresEncodable & PostgresDecodable>(
        _ value: T, as sqlType: String, on connection: PostgresConnection
    ) async throws -> T {
        let rows = try await connection.query("SELECT \(value)::\(unescaped: sqlType) AS v")
        return try rows[0].decode(T.self, column: "v")
    }

    func expectRoundTrip<T: PostgresEncodable & PostgresDecodable & Equatable>(
        _ value: T, as sqlType: String, on connection: PostgresConnection, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let back = try await roundTrip(value, as: sqlType, on: connection)
        #expect(back == value, sourceLocation: sourceLocation)
    }

    @Test("scalars: Bool, Int, Int32, Int16, Int64, Double, Decimal, String, UUID")
    func scalars() async throws {
        try await TestDatabase.withConnection { c, _ in
            try await expectRoundTrip(true, as: "bool", on: c)
            try await expectRoundTrip(false, as: "bool", on: c)
            try await expectRoundTrip(Int.max, as: "int8", on: c)
            try await expectRoundTrip(Int.min, as: "int8", on: c)
            try await expectRoundTrip(Int32.min, as: "int4", on: c)
            try await expectRoundTrip(Int16(-7), as: "int2", on: c)
            try await expectRoundTrip(Int64(1) << 40, as: "int8", on: c)
            try await expectRoundTrip(0.1 + 0.2, as: "float8", on: c)
            try await expectRoundTrip(-1.5e-300, as: "float8", on: c)
            try await expectRoundTrip(Double.infinity, as: "float8", on: c)
            let nan = try await roundTrip(Double.nan, as: "float8", on: c)
            #expect(nan.isNaN)
            let cents = Decimal(string: "12345678901234567890.12")!
            try await expectRoundTrip(cents, as: "numeric", on: c)
            let id = UUID()
            try await expectRoundTrip(id, as: "uuid", on: c)
        }
    }

    @Test("strings: empty, unicode, quotes and backslashes, 1 MiB")
    func strings() async throws {
        try await TestDatabase.withConnection { c, _ in
            try await expectRoundTrip("", as: "text", on: c)
            let unicode = "Nupraatikerover — 1712 ☎︎ 👩🏽‍⚕️ Zoë ñ 日本語"
            try await expectRoundTrip(unicode, as: "text", on: c)
            let tricky = "it's a \"quote\" \\ backslash\ttab\nnewline"
            try await expectRoundTrip(tricky, as: "text", on: c)
            let big = String(repeating: "abcdefghij", count: 104_858)
            try await expectRoundTrip(big, as: "text", on: c)
        }
    }

    @Test("bytea: empty, every byte value, 4 MiB")
    func bytea() async throws {
        try await TestDatabase.withConnection { c, _ in
            try await expectRoundTrip(Data(), as: "bytea", on: c)
            let all = Data((0...255).map { UInt8($0) })
            try await expectRoundTrip(all, as: "bytea", on: c)
            var generator = SystemRandomNumberGenerator()
            let large = Data((0..<(4 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) })
            try await expectRoundTrip(large, as: "bytea", on: c)
        }
    }

    @Test("timestamps: time zones, microseconds, before 1970, infinity")
    func timestamps() async throws {
        try await TestDatabase.withConnection { c, _ in
            let rows = try await c.query(
                """
                SELECT '2023-03-01 09:15:00.123456+01'::timestamptz AS a,
                       '1969-07-20 20:17:40-05'::timestamptz AS b,
                       '1900-01-01 00:00:00+00'::timestamptz AS c,
                       'infinity'::timestamptz AS d,
                       '2023-07-01 12:00:00 Europe/Brussels'::timestamptz AS e
                """)
            let row = rows[0]
            #expect(try row.decode(Date.self, column: "a") == Date(timeIntervalSince1970: 1_677_658_500.123456))
            #expect(try row.decode(Date.self, column: "b") == Date(timeIntervalSince1970: -14_182_940 + 5 * 3600))
            #expect(try row.decode(Date.self, column: "c") == Date(timeIntervalSince1970: -2_208_988_800))
            #expect(try row.decode(Date.self, column: "d") == .distantFuture)
            #expect(try row.decode(Date.self, column: "e").timeIntervalSince1970 == 1_688_205_600)
            for seconds in [-2_208_988_800.000001, -1.5, 0, 1_700_000_000.654321, 4_102_444_800] {
                let date = Date(timeIntervalSince1970: seconds)
                let back = try await roundTrip(date, as: "timestamptz", on: c)
                #expect(abs(back.timeIntervalSince1970 - seconds) < 1e-6, "\(seconds)")
            }
        }
    }

    @Test("timestamps before year 1 are sent as BC, and after year 9999 with more digits")
    func timestampsOutsideFourDigitYears() async throws {
        try await TestDatabase.withConnection { c, _ in
            // 44 BC (year -43 proleptic) and 12345 AD, read back as PostgreSQL prints them.
            let early = Date(timeIntervalSince1970: -63_517_788_000)
            let late = Date(timeIntervalSince1970: 327_403_479_845)
            #expect(PostgresTimestamp.format(early) == "0044-03-15 10:00:00.000000+00 BC")
            let rows = try await c.query("SELECT \(early)::timestamptz::text, \(late)::timestamptz::text")
            #expect(try rows[0].decode(String.self, at: 0) == "0044-03-15 10:00:00+00 BC")
            #expect(try rows[0].decode(String.self, at: 1) == "12345-01-02 03:04:05+00")
        }
    }

    @Test("JSON: jsonb into Decodable, and Encodable into jsonb")
    func json() async throws {
        struct Payload: Codable, Equatable, Sendable {
            var channel: String
            var waits: [Int]
            var note: String?
        }
        try await TestDatabase.withConnection { c, _ in
            let payload = Payload(channel: "chat", waits: [1, 2, 3], note: "ünïcode \"q\"")
            let rows = try await c.query("SELECT \(try PostgresJSONB(payload)) AS doc, \(try PostgresJSONB(payload))->>'channel' AS ch")
            #expect(try rows[0].decodeJSON(Payload.self, column: "doc") == payload)
            #expect(try rows[0].decode(String.self, column: "ch") == "chat")
            let raw = try await c.query("SELECT '{\"b\":1,\"a\":[true,null]}'::jsonb AS doc")
            #expect(try raw[0].decode(String.self, column: "doc") == "{\"a\": [true, null], \"b\": 1}")
        }
    }

    @Test("arrays of ints, strings with commas and quotes, optionals with NULL, UUIDs, dates")
    func arrays() async throws {
        try await TestDatabase.withConnection { c, _ in
            try await expectRoundTrip([1, -2, 3], as: "int8[]", on: c)
            try await expectRoundTrip([Int](), as: "int8[]", on: c)
            let strings = ["a,b", "say \"hi\"", "back\\slash", "", "NULL", "{braces}"]
            try await expectRoundTrip(strings, as: "text[]", on: c)
            let optionals: [Int?] = [1, nil, 3]
            try await expectRoundTrip(optionals, as: "int8[]", on: c)
            let ids = [UUID(), UUID()]
            try await expectRoundTrip(ids, as: "uuid[]", on: c)
            let dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -86_400.5)]
            try await expectRoundTrip(dates, as: "timestamptz[]", on: c)
            let doubles = [0.5, -1e10]
            try await expectRoundTrip(doubles, as: "float8[]", on: c)
        }
    }

    @Test("NULL decodes as nil into an optional and is a typed error naming the column otherwise")
    func nulls() async throws {
        try await TestDatabase.withConnection { c, _ in
            let none: Int? = nil
            let rows = try await c.query("SELECT \(none)::int8 AS missing, NULL::text AS t")
            #expect(try rows[0].decode(Int?.self, column: "missing") == nil)
            #expect(try rows[0].decode(String?.self, column: "t") == nil)
            let error = #expect(throws: PostgresDecodingError.self) { try rows[0].decode(Int.self, column: "missing") }
            #expect(error?.kind == .unexpectedNull)
            #expect(error?.column == "missing")
            #expect(error?.description.contains("\"missing\"") == true)
        }
    }

    @Test("a wrong type is a typed error naming the column and both types")
    func wrongType() async throws {
        try await TestDatabase.withConnection { c, _ in
            let rows = try await c.query("SELECT 'x'::text AS name, 5::int8 AS n, 7::int8 AS big")
            let asInt = #expect(throws: PostgresDecodingError.self) { try rows[0].decode(Int.self, column: "name") }
            #expect(asInt?.kind == .typeMismatch)
            #expect(asInt?.column == "name")
            #expect(asInt?.postgresType == .text)
            let asString = #expect(throws: PostgresDecodingError.self) { try rows[0].decode(String.self, column: "n") }
            #expect(asString?.kind == .typeMismatch)
            #expect(asString?.description.contains("int8") == true)
            let asInt32 = #expect(throws: PostgresDecodingError.self) { try rows[0].decode(Int32.self, column: "big") }
            #expect(asInt32?.kind == .typeMismatch)
            let missing = #expect(throws: PostgresDecodingError.self) { try rows[0].decode(Int.self, column: "nope") }
            #expect(missing?.kind == .missingColumn)
        }
    }

    @Test("many rows decode by index and name")
    func manyRows() async throws {
        try await TestDatabase.withConnection { c, _ in
            let rows = try await c.query("SELECT g AS n, 'row ' || g AS label FROM generate_series(1, \(5000)) g")
            #expect(rows.count == 5000)
            #expect(rows.columns == ["n", "label"])
            var sum = 0
            for row in rows { sum += try row.decode(Int.self, at: 0) }
            #expect(sum == 5000 * 5001 / 2)
            #expect(try rows[4999].decode(String.self, column: "label") == "row 5000")
        }
    }
}
