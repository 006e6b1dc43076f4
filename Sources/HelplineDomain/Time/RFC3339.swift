import TimeArithmetic

/// A hand-written RFC 3339 parser working on UTF-8 bytes, fast enough for millions of CSV rows
/// (no `DateFormatter`, no allocation).
///
/// Accepted: `YYYY-MM-DD`, then `T` (or `t` or a space), `hh:mm:ss`, an optional fraction of 1
/// to 6 digits, and an offset `Z`, `z` or `±hh:mm`. The date must exist (no February 30), hours
/// 00–23, minutes and seconds 00–59 (no leap second), offsets up to ±23:59.
public enum RFC3339 {
    /// Why a text is not an acceptable timestamp.
    public struct Failure: Error, Sendable, Hashable {
        /// A human sentence, e.g. `missing the UTC offset (e.g. +01:00 or Z)`.
        public var message: String
    }

    static let expected = "must be an RFC 3339 timestamp with an offset, e.g. 2023-03-01T09:15:00+01:00"

    /// Parses `text`.
    public static func parseTimestamp(_ text: String) -> Result<Timestamp, Failure> {
        var copy = text
        return copy.withUTF8 { parseTimestamp($0) }
    }

    /// Parses the bytes of one timestamp.
    public static func parseTimestamp(_ b: UnsafeBufferPointer<UInt8>) -> Result<Timestamp, Failure> {
        func fail(_ m: String) -> Result<Timestamp, Failure> { .failure(Failure(message: m)) }
        let n = b.count
        guard n >= 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2)
        else { return fail(expected) }
        guard (1...12).contains(month), day >= 1, day <= CivilCalendar.daysInMonth(year, month) else {
            return fail("\(text(b, 0, 10)) is not a valid date")
        }
        guard n >= 11 else { return fail("missing the time and UTC offset; " + expected) }
        let sep = b[10]
        guard sep == UInt8(ascii: "T") || sep == UInt8(ascii: "t") || sep == UInt8(ascii: " "), n >= 19,
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let hour = digits(b, 11, 2), let minute = digits(b, 14, 2), let second = digits(b, 17, 2)
        else { return fail(expected) }
        guard hour < 24, minute < 60, second < 60 else { return fail("\(text(b, 11, 8)) is not a valid time of day") }
        var i = 19
        var micros = 0
        if i < n, b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < n, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") { i += 1 }
            let count = i - start
            guard count >= 1 else { return fail("digits expected after the decimal point; " + expected) }
            guard count <= 6 else { return fail("fractional seconds beyond microseconds are not accepted") }
            micros = digits(b, start, count)!
            for _ in count..<6 { micros *= 10 }
        }
        guard i < n else { return fail("missing the UTC offset (e.g. +01:00 or Z)") }
        var offsetSeconds = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard n - i >= 6, b[i + 3] == UInt8(ascii: ":"), let oh = digits(b, i + 1, 2), let om = digits(b, i + 4, 2), oh < 24, om < 60
            else { return fail("invalid UTC offset; expected Z or ±hh:mm") }
            offsetSeconds = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        default:
            return fail("invalid UTC offset; expected Z or ±hh:mm")
        }
        guard i == n else { return fail("unexpected characters after the UTC offset") }
        let days = CivilCalendar.daysFromCivil(year, month, day)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        return .success(Timestamp(microsecondsSinceEpoch: seconds * 1_000_000 + Int64(micros)))
    }

    /// The decimal value of `count` ASCII digits at `start`, or nil if any is not a digit.
    @inline(__always)
    static func digits<C: RandomAccessCollection>(_ b: C, _ start: Int, _ count: Int) -> Int? where C.Element == UInt8, C.Index == Int {
        var value = 0
        for k in start..<(start + count) {
            let d = b[b.startIndex + k] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            value = value * 10 + Int(d)
        }
        return value
    }

    private static func text(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[start..<(start + count)]), as: UTF8.self)
    }
}
