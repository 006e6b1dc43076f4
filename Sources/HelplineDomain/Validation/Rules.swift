/// The limits every event and import is checked against. They are part of the documented
/// contract (`docs/EVENTS.md`).
public enum ValidationRules {
    /// Maximum length of an identifier (helpline, contact id, campaign id, source, owner).
    public static let maxIdentifierLength = 64
    /// Waits and durations must be below this many seconds (24 hours).
    public static let maxSeconds = 86_400
    /// Maximum length, in characters, of a campaign name, cost item, reach source or
    /// cancellation reason.
    public static let maxShortTextLength = 200
    /// Maximum length, in characters, of a campaign region.
    public static let maxRegionLength = 100
    /// Maximum length, in characters, of a baseline event's label.
    public static let maxLabelLength = 100
    /// Maximum length, in characters, of a campaign note.
    public static let maxNoteLength = 2_000
    /// Maximum amount, in cents, of one cost item (10 billion in the currency's main unit).
    public static let maxAmountCents: Int64 = 1_000_000_000_000
    /// Earliest accepted instant: 1990-01-01T00:00:00Z.
    public static let earliestInstant = Timestamp(microsecondsSinceEpoch: 631_152_000_000_000)
    /// How far in the future an instant may lie relative to `now`.
    public static let maxFutureMicroseconds: Int64 = 86_400_000_000
    /// Earliest and latest accepted calendar date (planned campaign dates).
    public static let dateRange = CalendarDate(year: 1990, month: 1, day: 1)!...CalendarDate(year: 2100, month: 12, day: 31)!

    /// Whether `s` is a valid identifier: 1...64 characters of `[A-Za-z0-9._:-]`.
    public static func isValidIdentifier(_ s: String) -> Bool {
        identifierProblem(s) == nil
    }

    /// Why `s` is not a valid identifier, or nil. An identifier that looks like personal data (a phone or national
    /// register number, an e-mail address, an IBAN) is refused without repeating it.
    static func identifierProblem(_ s: String) -> String? {
        let utf8 = s.utf8
        if utf8.isEmpty { return "must not be empty" }
        if let kind = personalData(inIdentifier: s) {
            return "looks like \(kind) (value not shown): identifiers must be opaque ids, never a caller's number or address"
        }
        if utf8.count > maxIdentifierLength {
            return "must be at most \(maxIdentifierLength) characters of [A-Za-z0-9._:-], got \(s.count) characters"
        }
        for b in utf8 where !isIdentifierByte(b) {
            return "must contain only [A-Za-z0-9._:-], got \(quoted(s))"
        }
        return nil
    }

    @inline(__always)
    static func isIdentifierByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// Why `s` is not acceptable as bounded text, or nil. Text must not be blank, must not exceed
    /// `maxLength` characters and may contain control characters only if `allowNewlines` (and
    /// then only line feeds and tabs).
    static func textProblem(_ s: String, maxLength: Int, allowNewlines: Bool = false) -> String? {
        if s.allSatisfy(\.isWhitespace) { return "must not be empty" }
        let count = s.count
        if count > maxLength { return "must be at most \(maxLength) characters, got \(count)" }
        for scalar in s.unicodeScalars {
            let v = scalar.value
            let isControl = v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029
            if isControl && !(allowNewlines && (scalar == "\n" || scalar == "\t")) {
                return "must not contain control characters" + (allowNewlines ? " other than line feed and tab" : "")
            }
        }
        return nil
    }

    /// Why `s` looks like it holds contact details (an e-mail address, a phone number, an IBAN), or nil: an `@`, an IBAN
    /// with a valid check (one word or in groups), or nine or more
    /// digits separated only by spaces, `.`, `/`, `(`, `)` or `+` (`0470 12 34 56`, `+32 470/12.34.56`). A dash ends a
    /// run, so dates and year ranges (`2020-03-16`, `2020-2021`) pass; a phone number written with dashes does too —
    /// the rule is a guard against mistakes, not a proof of anonymity.
    static func contactDetailsProblem(_ s: String) -> String? {
        if s.contains("@") { return "must not hold an e-mail address or other contact details (found \"@\")" }
        // An IBAN, as one word or in groups of four (BE68 5390 0754 7034).
        let words = s.split(whereSeparator: { $0.isWhitespace || ",;\"'".contains($0) }).map(String.init)
        for start in words.indices {
            var joined = ""
            for word in words[start...].prefix(9) {
                joined += word
                if isIBAN(joined) { return "must not hold a bank account number (an IBAN) or other personal data" }
            }
        }
        var run = 0
        for c in s {
            if c.isASCII && c.isNumber {
                run += 1
                if run >= 9 { return "must not hold a phone number or other contact details (found 9 or more digits in a row)" }
            } else if !" ./()+".contains(c) {
                run = 0
            }
        }
        return nil
    }

    /// What kind of personal data the identifier `s` looks like, or nil:
    /// - a phone number: with the separators ` .-/()_` removed, 7 or more digits, with or without a leading `+` or
    ///   `00` (`0470123456`, `+32-470-12-34-56`); so is a Belgian national register number (11 digits);
    /// - the same for any part after a `:` (`tel:0470123456`);
    /// - an e-mail address (an `@`);
    /// - an IBAN: two letters, two check digits and 10–30 letters or digits whose ISO 13616 check (mod 97) holds.
    /// An id such as `call-0001`, `gen-1712-2023-03-phone-12`, a UUID or a date (`2023-03-01`) passes; a running number
    /// made of digits only (`2023-03-0001`) does not: prefix it with letters (`c-2023-03-0001`).
    static func personalData(inIdentifier s: String) -> String? {
        if s.contains("@") { return "an e-mail address" }
        if isDate(s) { return nil }
        for part in [Substring(s)] + s.split(separator: ":").dropFirst() {
            let stripped = part.filter { !" .-/()_".contains($0) }
            var digits = Substring(stripped)
            if digits.hasPrefix("+") { digits = digits.dropFirst() } else if digits.hasPrefix("00") { digits = digits.dropFirst(2) }
            if digits.count >= 7, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                return stripped.count == 11 && !stripped.hasPrefix("+") ? "a phone or national register number" : "a phone number"
            }
            if isIBAN(stripped) { return "an IBAN" }
        }
        return nil
    }

    /// Whether `s` is a date `YYYY-MM-DD`.
    static func isDate(_ s: String) -> Bool {
        let u = Array(s.utf8)
        return u.count == 10 && u[4] == UInt8(ascii: "-") && u[7] == UInt8(ascii: "-")
            && u.enumerated().allSatisfy { i, b in i == 4 || i == 7 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) }
    }

    /// Whether `s` (separators removed) is an IBAN with a valid check: `BE68539007547034`.
    static func isIBAN(_ s: String) -> Bool {
        let u = Array(s.uppercased().unicodeScalars)
        guard (14...34).contains(u.count), u[0...1].allSatisfy({ ("A"..."Z").contains($0) }), u[2...3].allSatisfy({ ("0"..."9").contains($0) }),
            u.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) })
        else { return false }
        var remainder = 0
        for c in u[4...] + u[0..<4] {
            let value = ("0"..."9").contains(c) ? Int(c.value - 48) : Int(c.value - 55)
            remainder = (value < 10 ? remainder * 10 + value : remainder * 100 + value) % 97
        }
        return remainder == 1
    }

    /// Quotes a value for an error message, cutting it to 40 characters. A value that looks like personal data is
    /// not repeated: error messages go to logs, error files and API clients.
    static func quoted(_ s: String) -> String {
        if personalData(inIdentifier: s) != nil || contactDetailsProblem(s) != nil { return "(a value that looks like personal data, not shown)" }
        let cut = s.count > 40 ? String(s.prefix(40)) + "…" : s
        var out = ""
        CanonicalJSON.writeString(cut, into: &out)
        return out
    }
}
