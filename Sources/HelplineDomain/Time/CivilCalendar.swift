/// Proleptic Gregorian calendar arithmetic (H. Hinnant's algorithms), without Foundation.
enum CivilCalendar {
    static func isLeapYear(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: isLeapYear(y) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a valid date.
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let m = Int64(month)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day count since 1970-01-01.
    static func civilFromDays(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(y + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }
}

/// Appends `value` (>= 0) zero-padded to `width` digits, without intermediate strings.
@inline(__always)
func appendPadded(_ value: Int, width: Int, to out: inout String) {
    guard value >= 0, value < 100_000_000 else {
        out += String(value)
        return
    }
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 8) { buffer in
        var v = value
        var count = 0
        repeat {
            buffer[7 - count] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            count += 1
        } while v > 0
        while count < width && count < 8 {
            buffer[7 - count] = UInt8(ascii: "0")
            count += 1
        }
        out += String(decoding: UnsafeBufferPointer(rebasing: buffer[(8 - count)..<8]), as: UTF8.self)
    }
}
