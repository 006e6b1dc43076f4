import Attribution
import HelplineDomain

/// Europe/Brussels wall-clock time without the system's time-zone database, so the data set is the same on every
/// machine: CET (+01:00) in winter, CEST (+02:00) from the last Sunday of March to the last Sunday of October.
///
/// The generator never places a contact between 00:00 and 07:00, so the one-hour gaps and overlaps of the
/// clock changes (at 02:00 and 03:00) never arise.
enum BrusselsTime {
    /// The UTC offset in seconds of a local time at or after 07:00 on `day`.
    static func offsetSeconds(on day: LocalDay) -> Int {
        let year = day.year
        let start = lastSunday(year: year, month: 3)
        let end = lastSunday(year: year, month: 10)
        return day >= start && day < end ? 7_200 : 3_600
    }

    /// The instant of `secondOfDay` local time on `day`.
    static func timestamp(_ day: LocalDay, secondOfDay: Int) -> Timestamp {
        let seconds = Int64(day.daysSinceEpoch) * 86_400 + Int64(secondOfDay - offsetSeconds(on: day))
        return Timestamp(secondsSinceEpoch: seconds)
    }

    static func lastSunday(year: Int, month: Int) -> LocalDay {
        let last = LocalDay(year: year, month: month, day: LocalDay.daysInMonth(year: year, month: month))!
        return last.adding(days: -(last.isoWeekday % 7))
    }

    /// Appends `2023-03-01T09:15:07+01:00` for `secondOfDay` on `day`.
    static func appendRFC3339(_ day: LocalDay, secondOfDay: Int, to out: inout [UInt8]) {
        let (y, m, d) = day.components
        ASCII.append(y, width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        ASCII.append(m, width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        ASCII.append(d, width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        ASCII.append(secondOfDay / 3600, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        ASCII.append(secondOfDay / 60 % 60, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        ASCII.append(secondOfDay % 60, width: 2, to: &out)
        out.append(contentsOf: offsetSeconds(on: day) == 7_200 ? Array("+02:00".utf8) : Array("+01:00".utf8))
    }
}

/// Writing numbers and text as bytes, without intermediate strings.
enum ASCII {
    /// Appends `value` (>= 0) in decimal, zero-padded to `width` digits.
    @inline(__always)
    static func append(_ value: Int, width: Int = 1, to out: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var v = max(0, value)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                count += 1
            } while v > 0 && count < 10
            while count < width && count < 10 {
                buffer[count] = UInt8(ascii: "0")
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[i]) }
        }
    }

    static func append(_ text: String, to out: inout [UInt8]) { out.append(contentsOf: text.utf8) }
}
