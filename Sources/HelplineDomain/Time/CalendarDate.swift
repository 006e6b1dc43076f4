import TimeArithmetic

/// A calendar date without time or zone (`YYYY-MM-DD`), used for planned campaign dates.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid Gregorian date, or nil (e.g. for February 30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, day <= CivilCalendar.daysInMonth(year, month) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
            let y = RFC3339.digits(b, 0, 4), let m = RFC3339.digits(b, 5, 2), let d = RFC3339.digits(b, 8, 2)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Midnight UTC at the start of this date.
    public var startOfDayUTC: Timestamp {
        Timestamp(secondsSinceEpoch: CivilCalendar.daysFromCivil(year, month, day) * 86_400)
    }

    /// The date of `timestamp` in UTC.
    public init(utcDateOf timestamp: Timestamp) {
        let micros = timestamp.microsecondsSinceEpoch
        let days = micros >= 0 ? micros / 86_400_000_000 : (micros - 86_399_999_999) / 86_400_000_000
        let (y, m, d) = CivilCalendar.civilFromDays(days)
        self.year = y
        self.month = m
        self.day = d
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        var out = ""
        appendPadded(year, width: 4, to: &out)
        out += "-"
        appendPadded(month, width: 2, to: &out)
        out += "-"
        appendPadded(day, width: 2, to: &out)
        return out
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a valid date YYYY-MM-DD, got \(text)")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
