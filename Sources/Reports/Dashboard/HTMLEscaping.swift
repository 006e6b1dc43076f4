import Foundation

/// Escaping and number formatting for the HTML and SVG renderers.
///
/// Every piece of text that reaches a page goes through `HTML.escape`: campaign names, helpline and channel
/// names come from users. The output is also valid XML (the pages are XHTML-compatible so tests can parse them).
public enum HTML {
    /// `text` safe inside an element or a double- or single-quoted attribute: `& < > " '` become character
    /// references, and control characters that XML forbids become U+FFFD.
    public static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0xFFFE...0xFFFF).contains(scalar.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `text` shortened to `limit` characters with an ellipsis (for chart labels; the full text goes in tables).
    static func truncated(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(max(1, limit - 1))) + "…"
    }
}

/// Number formats used on the dashboard (independent of the process locale).
enum DashboardFormat {
    /// `1234567` → `1,234,567`.
    static func int(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { grouped += "," }
            grouped.append(c)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// Rounded to a whole number, grouped: `412.4` → `412`.
    static func whole(_ value: Double) -> String { int(Int(value.rounded())) }

    /// Signed whole number: `+412`, `-12`, `0`.
    static func signed(_ value: Double) -> String {
        let rounded = Int(value.rounded())
        return (rounded > 0 ? "+" : "") + int(rounded)
    }

    /// `€9,982` (whole euros) or `€24.20` below 100.
    static func euros(_ value: Double) -> String {
        if value.magnitude < 100 { return "€" + String(format: "%.2f", value) }
        return "€" + whole(value)
    }

    /// `+31.1%`, `-4.0%`.
    static func percent(_ value: Double) -> String { ReportText.percent(value) }

    /// SVG coordinates: at most one decimal, no trailing `.0`.
    static func coordinate(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.1f", rounded)
    }
}

/// Months as `YYYY-MM` strings.
enum MonthMath {
    static func parse(_ month: String) -> (year: Int, month: Int)? {
        let parts = month.prefix(7).split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m)
        else { return nil }
        return (y, m)
    }

    static func format(year: Int, month: Int) -> String {
        String(format: "%04d-%02d", year, month)
    }

    /// The month `offset` months after `month`.
    static func adding(_ offset: Int, to month: String) -> String? {
        guard let (y, m) = parse(month) else { return nil }
        let index = y * 12 + (m - 1) + offset
        return format(year: index / 12, month: index % 12 + 1)
    }

    /// Every month from `first` to `last`, inclusive (empty when `first` is after `last`).
    static func range(_ first: String, _ last: String) -> [String] {
        guard let (y0, m0) = parse(first), let (y1, m1) = parse(last) else { return [] }
        let start = y0 * 12 + m0 - 1
        let end = y1 * 12 + m1 - 1
        guard start <= end else { return [] }
        return (start...end).map { format(year: $0 / 12, month: $0 % 12 + 1) }
    }

    static let names = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// `2023-03` → `Mar 2023`.
    static func label(_ month: String) -> String {
        guard let (y, m) = parse(month) else { return month }
        return "\(names[m - 1]) \(y)"
    }

    /// `2023-03-01` → `1 Mar 2023`.
    static func dayLabel(_ date: String) -> String {
        let parts = date.split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m)
        else { return date }
        return "\(d) \(names[m - 1]) \(y)"
    }
}

extension MonthMath {
    /// The last day of `month`: `2024-02` → `2024-02-29`.
    static func lastDay(of month: String) -> String? {
        guard let next = adding(1, to: month), let (y, m) = parse(next) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let firstOfNext = calendar.date(from: DateComponents(year: y, month: m, day: 1)),
            let last = calendar.date(byAdding: .day, value: -1, to: firstOfNext)
        else { return nil }
        return month + String(format: "-%02d", calendar.component(.day, from: last))
    }
}
