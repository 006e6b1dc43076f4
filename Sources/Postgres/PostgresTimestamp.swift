import Foundation
import TimeArithmetic

/// Text conversion of `timestamptz` values in the session settings this library uses (`TimeZone=UTC`,
/// `DateStyle=ISO`), at microsecond precision, including dates before 1970.
enum PostgresTimestamp {
    /// `2023-03-01 09:15:00.250000+00`
    static func format(_ date: Date) -> String {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let total = Int64(micros)
        let (days, microsOfDay) = floorDivide(total, 86_400_000_000)
        let civil = CivilCalendar.civilFromDays(days)
        let (year, month, day) = (Int64(civil.year), Int64(civil.month), Int64(civil.day))
        let seconds = microsOfDay / 1_000_000
        let fraction = microsOfDay % 1_000_000
        // Year 0 and before are BC in PostgreSQL's numbering (year 0 = 1 BC); years past 9999 take more digits.
        let bc = year <= 0
        let shownYear = bc ? 1 - year : year
        var yearWidth = 4
        while shownYear >= Self.powerOfTen(yearWidth) { yearWidth += 1 }
        // Written digit by digit (string interpolation per field showed in append profiles).
        return String(unsafeUninitializedCapacity: 25 + yearWidth + (bc ? 3 : 0)) { out in
            var i = 0
            func digits(_ value: Int64, _ width: Int) {
                var v = value
                for k in stride(from: width - 1, through: 0, by: -1) {
                    out[i + k] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
                i += width
            }
            func char(_ c: Unicode.Scalar) {
                out[i] = UInt8(ascii: c)
                i += 1
            }
            digits(shownYear, yearWidth)
            char("-")
            digits(month, 2)
            char("-")
            digits(day, 2)
            char(" ")
            digits(seconds / 3600, 2)
            char(":")
            digits(seconds / 60 % 60, 2)
            char(":")
            digits(seconds % 60, 2)
            char(".")
            digits(fraction, 6)
            for c in bc ? "+00 BC".unicodeScalars : "+00".unicodeScalars { char(c) }
            return i
        }
    }

    /// Parses `YYYY-MM-DD[ HH:MM:SS[.ffffff]][±HH[:MM[:SS]]]`, and `infinity`/`-infinity`.
    /// A timestamp without offset (type `timestamp`) or a `date` is read as UTC.
    static func parse(_ text: String) -> Date? {
        if text == "infinity" { return .distantFuture }
        if text == "-infinity" { return .distantPast }
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int64? {
            guard index + digits <= bytes.count else { return nil }
            var value: Int64 = 0
            for i in index..<(index + digits) {
                let b = bytes[i]
                guard b >= 48, b <= 57 else { return nil }
                value = value * 10 + Int64(b - 48)
            }
            index += digits
            return value
        }
        func expect(_ c: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == c else { return false }
            index += 1
            return true
        }
        var yearDigits = 0
        while index + yearDigits < bytes.count, bytes[index + yearDigits] != UInt8(ascii: "-") { yearDigits += 1 }
        guard yearDigits >= 4, let year = number(yearDigits), expect(UInt8(ascii: "-")), let month = number(2),
            expect(UInt8(ascii: "-")), let day = number(2)
        else { return nil }
        var micros: Int64 = 0
        if expect(UInt8(ascii: " ")) || expect(UInt8(ascii: "T")) {
            guard let h = number(2), expect(UInt8(ascii: ":")), let m = number(2), expect(UInt8(ascii: ":")), let s = number(2)
            else { return nil }
            micros = ((h * 60 + m) * 60 + s) * 1_000_000
            if expect(UInt8(ascii: ".")) {
                var scale: Int64 = 100_000
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                    micros += Int64(bytes[index] - 48) * scale
                    scale /= 10
                    index += 1
                }
            }
        }
        var offsetSeconds: Int64 = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign: Int64 = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let oh = number(2) else { return nil }
            var off = oh * 3600
            if expect(UInt8(ascii: ":")) {
                guard let om = number(2) else { return nil }
                off += om * 60
                if expect(UInt8(ascii: ":")) {
                    guard let os = number(2) else { return nil }
                    off += os
                }
            }
            offsetSeconds = sign * off
        }
        var bc = false
        if index < bytes.count, text.hasSuffix(" BC") {
            bc = true
            index = bytes.count
        }
        guard index == bytes.count, (1...12).contains(month), (1...31).contains(day) else { return nil }
        let days = CivilCalendar.daysFromCivil(Int(bc ? 1 - year : year), Int(month), Int(day))
        let total = days * 86_400_000_000 + micros - offsetSeconds * 1_000_000
        return Date(timeIntervalSince1970: Double(total) / 1_000_000)
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b
        let r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    private static func powerOfTen(_ exponent: Int) -> Int64 {
        (0..<exponent).reduce(1) { value, _ in value * 10 }
    }
}
