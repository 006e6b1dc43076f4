import HelplineDomain

/// Writes campaign definitions as a campaign file (`{"campaigns": [...]}`), one member per line, in a fixed
/// order, so the file reads well and is the same byte for byte every time.
enum CampaignJSON {
    static func file(_ campaigns: [CampaignDefinition]) -> String {
        var out = "{\n  \"campaigns\": [\n"
        for (i, c) in campaigns.enumerated() {
            var members: [(String, String)] = [("id", string(c.id)), ("name", string(c.name))]
            if let owner = c.owner { members.append(("owner", string(owner))) }
            members.append(("helplines", "[" + c.helplines.map(string).joined(separator: ", ") + "]"))
            if !c.targetGroups.isEmpty {
                members.append(("targetGroups", "[" + c.targetGroups.map { string($0.rawValue) }.joined(separator: ", ") + "]"))
            }
            if !c.channels.isEmpty {
                let items = c.channels.map { ch in
                    "{\"channel\": \(string(ch.channel.rawValue))" + (ch.region.map { ", \"region\": \(string($0))" } ?? "") + "}"
                }
                members.append(("channels", list(items)))
            }
            if let d = c.plannedStart { members.append(("plannedStart", string(d.description))) }
            if let d = c.plannedEnd { members.append(("plannedEnd", string(d.description))) }
            if let t = c.startedAt { members.append(("startedAt", string(t.description))) }
            if let t = c.stoppedAt { members.append(("stoppedAt", string(t.description))) }
            if !c.costs.isEmpty {
                members.append(
                    (
                        "costs",
                        list(
                            c.costs.map {
                                "{\"item\": \(string($0.item)), \"amountCents\": \($0.amountCents), \"currency\": \(string($0.currency.code))}"
                            })
                    ))
            }
            if !c.reach.isEmpty {
                members.append(
                    (
                        "reach",
                        list(
                            c.reach.map {
                                "{\"metric\": \(string($0.metric.rawValue)), \"value\": \(number($0.value)), \"source\": \(string($0.source))}"
                            })
                    ))
            }
            if !c.notes.isEmpty {
                members.append(("notes", list(c.notes.map { "{\"kind\": \(string($0.kind.rawValue)), \"text\": \(string($0.text))}" })))
            }
            out += "    {\n" + members.map { "      \(string($0.0)): \($0.1)" }.joined(separator: ",\n") + "\n    }"
            out += i == campaigns.count - 1 ? "\n" : ",\n"
        }
        return out + "  ]\n}\n"
    }

    static func string(_ s: String) -> String {
        var out = ""
        CanonicalJSON.writeString(s, into: &out)
        return out
    }

    static func number(_ d: Double) -> String { d == d.rounded() && abs(d) < 9e15 ? String(Int64(d)) : "\(d)" }

    static func list(_ items: [String]) -> String { "[\n" + items.map { "        " + $0 }.joined(separator: ",\n") + "\n      ]" }
}
