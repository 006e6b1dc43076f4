import Foundation
import TimeArithmetic

/// An instant in UTC with microsecond precision (the precision of PostgreSQL `timestamptz`),
/// so that it survives storage and JSON exactly.
///
/// Its canonical text is RFC 3339 in UTC with a `Z` suffix, with fractional seconds only when
/// they are non-zero: 3 digits if the instant is a whole millisecond, otherwise 6
/// (`2023-03-01T09:15:00Z`, `2023-03-01T09:15:00.250Z`, `2023-03-01T09:15:00.000001Z`).
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) { self.microsecondsSinceEpoch = microsecondsSinceEpoch }

    /// The instant of `date`, rounded to the nearest microsecond.
    public init(_ date: Date) {
        microsecondsSinceEpoch = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// Whole seconds since the epoch.
    public init(secondsSinceEpoch: Int64) { microsecondsSinceEpoch = secondsSinceEpoch * 1_000_000 }

    /// The instant as a Foundation `Date` (which may lose sub-microsecond exactness in arithmetic).
    public var date: Date { Date(timeIntervalSince1970: Double(microsecondsSinceEpoch) / 1_000_000) }

    /// This instant moved by `seconds`.
    public func adding(seconds: Int) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: microsecondsSinceEpoch + Int64(seconds) * 1_000_000)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch }

    /// The canonical RFC 3339 UTC text.
    public var description: String {
        var out = ""
        out.reserveCapacity(27)
        write(into: &out)
        return out
    }

    /// Appends the canonical RFC 3339 UTC text to `out`.
    public func write(into out: inout String) {
        let micros = microsecondsSinceEpoch
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = Int(micros - seconds * 1_000_000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (y, m, d) = CivilCalendar.civilFromDays(days)
        appendPadded(y, width: 4, to: &out)
        out += "-"
        appendPadded(m, width: 2, to: &out)
        out += "-"
        appendPadded(d, width: 2, to: &out)
        out += "T"
        appendPadded(secondOfDay / 3600, width: 2, to: &out)
        out += ":"
        appendPadded(secondOfDay / 60 % 60, width: 2, to: &out)
        out += ":"
        appendPadded(secondOfDay % 60, width: 2, to: &out)
        if fraction != 0 {
            out += "."
            if fraction % 1000 == 0 {
                appendPadded(fraction / 1000, width: 3, to: &out)
            } else {
                appendPadded(fraction, width: 6, to: &out)
            }
        }
        out += "Z"
    }

    /// Parses RFC 3339 text with a `Z` or `±hh:mm` offset; see ``RFC3339``.
    public init?(rfc3339 text: String) {
        guard case .success(let t) = RFC3339.parseTimestamp(text) else { return nil }
        self = t
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        switch RFC3339.parseTimestamp(text) {
        case .success(let t): self = t
        case .failure(let reason):
            throw DecodingError.dataCorruptedError(in: container, debugDescription: reason.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
