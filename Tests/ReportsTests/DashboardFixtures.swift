import Foundation

@testable import Reports

/// A tag in an HTML/XML string, as the dashboard tests see it.
struct DashboardTag {
    var name: String
    var attributes: [String: String]
    var isClosing: Bool
    var isSelfClosing: Bool
    /// Offset of `<` in the document's scalars.
    var start: Int
    /// Offset just after `>`.
    var end: Int
}

enum DashboardMarkupError: Error, CustomStringConvertible {
    case malformed(String, at: Int)
    var description: String {
        switch self {
        case .malformed(let what, let at): "not well-formed at \(at): \(what)"
        }
    }
}

/// A strict, tiny XML well-formedness check (FoundationXML on Linux recovers from errors instead of throwing, so it
/// cannot be used): every tag closes in order, attribute values are quoted and free of `<`, text holds no raw `<`,
/// and every `&` starts a valid character or entity reference. Returns the tags.
func dashboardParseTags(_ text: String) throws -> [DashboardTag] {
    let s = Array(text.unicodeScalars)
    var i = 0
    var tags: [DashboardTag] = []
    var stack: [String] = []
    func fail(_ what: String) -> DashboardMarkupError { .malformed(what, at: i) }
    func checkReference(_ at: Int) throws {
        var j = at + 1
        var name = ""
        while j < s.count, s[j] != ";", name.count < 12 {
            name.unicodeScalars.append(s[j])
            j += 1
        }
        guard j < s.count, s[j] == ";" else { throw fail("bare &") }
        let ok =
            ["amp", "lt", "gt", "quot", "apos"].contains(name)
            || (name.hasPrefix("#x") && UInt32(name.dropFirst(2), radix: 16) != nil)
            || (name.hasPrefix("#") && UInt32(name.dropFirst()) != nil)
        if !ok { throw fail("unknown entity &\(name);") }
    }
    while i < s.count {
        let c = s[i]
        if c == "&" {
            try checkReference(i)
            i += 1
            continue
        }
        guard c == "<" else {
            i += 1
            continue
        }
        let start = i
        if s.count > i + 9, String(String.UnicodeScalarView(s[i..<(i + 9)])) == "<!DOCTYPE" {
            while i < s.count, s[i] != ">" { i += 1 }
            i += 1
            continue
        }
        if i + 3 < s.count, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" {
            while i + 2 < s.count, !(s[i] == "-" && s[i + 1] == "-" && s[i + 2] == ">") { i += 1 }
            i += 3
            continue
        }
        i += 1
        let closing = i < s.count && s[i] == "/"
        if closing { i += 1 }
        var name = ""
        while i < s.count,
            s[i].properties.isAlphabetic || ("0"..."9").contains(s[i]) || s[i] == "-" || s[i] == ":"
        {
            name.unicodeScalars.append(s[i])
            i += 1
        }
        guard !name.isEmpty else { throw fail("raw < in text") }
        var attributes: [String: String] = [:]
        var selfClosing = false
        while true {
            while i < s.count, s[i] == " " || s[i] == "\n" || s[i] == "\t" { i += 1 }
            guard i < s.count else { throw fail("unterminated tag \(name)") }
            if s[i] == ">" {
                i += 1
                break
            }
            if s[i] == "/", i + 1 < s.count, s[i + 1] == ">" {
                selfClosing = true
                i += 2
                break
            }
            if closing { throw fail("attributes on a closing tag") }
            var key = ""
            while i < s.count, s[i] != "=", s[i] != " ", s[i] != ">", s[i] != "/" {
                key.unicodeScalars.append(s[i])
                i += 1
            }
            guard !key.isEmpty, i < s.count, s[i] == "=" else {
                throw fail("attribute \(key) without a value in <\(name)>")
            }
            i += 1
            guard i < s.count, s[i] == "\"" || s[i] == "'" else {
                throw fail("unquoted attribute \(key) in <\(name)>")
            }
            let quote = s[i]
            i += 1
            var value = ""
            while i < s.count, s[i] != quote {
                if s[i] == "<" { throw fail("< in attribute \(key)") }
                if s[i] == "&" { try checkReference(i) }
                value.unicodeScalars.append(s[i])
                i += 1
            }
            i += 1
            guard attributes[key] == nil else { throw fail("duplicate attribute \(key) in <\(name)>") }
            attributes[key] = value
        }
        tags.append(
            DashboardTag(
                name: name, attributes: attributes, isClosing: closing, isSelfClosing: selfClosing,
                start: start, end: i))
        if closing {
            guard stack.last == name else { throw fail("</\(name)> closes <\(stack.last ?? "nothing")>") }
            stack.removeLast()
        } else if !selfClosing {
            stack.append(name)
        }
    }
    guard stack.isEmpty else {
        throw DashboardMarkupError.malformed(
            "unclosed <\(stack.joined(separator: "> <"))>", at: s.count)
    }
    return tags
}

/// The text between a tag and its matching close (for `<title>`, `<desc>`, `<td>`), with entities left as they are.
func dashboardInnerText(_ text: String, of tag: DashboardTag, in tags: [DashboardTag]) -> String {
    guard let index = tags.firstIndex(where: { $0.start == tag.start }) else { return "" }
    var depth = 0
    for other in tags[(index + 1)...] {
        if other.name == tag.name && !other.isSelfClosing {
            if other.isClosing {
                if depth == 0 {
                    let scalars = Array(text.unicodeScalars)
                    return String(String.UnicodeScalarView(scalars[tag.end..<other.start]))
                }
                depth -= 1
            } else {
                depth += 1
            }
        }
    }
    return ""
}

/// The markup without tags: what a reader sees (entities still escaped).
func dashboardVisibleText(_ markup: String) -> String {
    var out = ""
    var inTag = false
    for c in markup {
        if c == "<" { inTag = true } else if c == ">" { inTag = false } else if !inTag { out.append(c) }
    }
    return out
}

let dashboardEvilName = "<script>alert(1)</script> & \"quotes\""

/// Two helplines over 2022–2023: 1712 (phone and chat) and nupraatikerover (chat only), with small chat counts in
/// early 2022; three campaigns (one with a hostile name, one before the range).
func dashboardFixtureData(effects: Bool = false) -> DashboardData {
    var counts: [DashboardData.MonthlyCount] = []
    for (i, month) in MonthMath.range("2022-01", "2023-12").enumerated() {
        counts.append(
            .init(
                month: month, helpline: "1712", channel: "phone",
                contacts: 600 + 10 * i + (month == "2023-03" ? 300 : 0)))
        // Chat opens small: below 10 in the first three months.
        counts.append(
            .init(month: month, helpline: "1712", channel: "chat", contacts: i < 3 ? 3 + i : 40 + i))
        counts.append(
            .init(
                month: month, helpline: "nupraatikerover", channel: "chat",
                contacts: month == "2022-12" ? 95 : 50 + i % 7))
    }
    let campaigns: [DashboardData.Campaign] = [
        .init(
            id: "old", name: "Old campaign", helplines: ["1712"], windowStart: "2018-01-01",
            windowEnd: "2018-02-28"),
        .init(
            id: "evil\"<id>", name: dashboardEvilName, helplines: ["nupraatikerover"],
            channels: ["influencer (Vlaanderen)"],
            windowStart: "2022-12-01",
            windowEnd: "2022-12-31", totalCostEUR: 9_982, totalReach: 406_000),
        .init(
            id: "lijn", name: "Lijn 1712, bestemming Veilige thuis", helplines: ["1712"],
            channels: ["bus_tram (Vlaanderen)"],
            windowStart: "2023-03-01",
            windowEnd: "2023-05-31", totalCostEUR: 25_000, totalReach: 58_000),
    ]
    var data = DashboardData(
        generatedAt: Date(timeIntervalSince1970: 1_700_000_000), from: "2022-01", to: "2023-12",
        counts: counts, campaigns: campaigns)
    if effects {
        data.effects = [
            .init(
                campaignID: "lijn", extraContacts: 412, lower: 230, upper: 590, relativeUpliftPercent: 18.5,
                observedContacts: 2_900,
                expectedContacts: 2_488),
            .init(
                campaignID: "evil\"<id>", extraContacts: 40, lower: -12, upper: 95,
                relativeUpliftPercent: 70, observedContacts: 95,
                expectedContacts: 55),
        ]
        data.baselines = MonthMath.range("2023-01", "2023-08").map { month in
            .init(helpline: "1712", month: month, expected: 820, lower: 760, upper: 880)
        }
    }
    return data
}
