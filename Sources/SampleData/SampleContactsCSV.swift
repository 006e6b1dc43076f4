import Attribution
import Foundation
import HelplineDomain

/// The sample contacts as contact CSV bytes, generated a day at a time: memory stays constant whatever the
/// size of the data set, and every day has its own random stream, so the bytes do not depend on the chunk size.
public struct SampleContactsCSV: ByteChunkSource, Sendable {
    static let header =
        "contact_id,helpline,channel,received_at,outcome,wait_seconds,duration_seconds,contact_type,contactor_role,age_band,heard_via\n"

    let data: SampleDataSet
    let chunkSize: Int
    private var day = 0
    private var headerWritten = false

    init(data: SampleDataSet, chunkSize: Int) {
        self.data = data
        self.chunkSize = max(1, chunkSize)
    }

    public mutating func nextChunk() -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(chunkSize + 16_384)
        if !headerWritten {
            ASCII.append(Self.header, to: &out)
            headerWritten = true
        }
        while out.count < chunkSize && day < SampleDataSet.dayCount {
            data.appendRows(day: day, to: &out)
            day += 1
        }
        return out.isEmpty ? nil : out
    }
}

/// One generated contact before it is written.
struct SampleContact {
    enum Outcome { case answered, abandoned, rejected }
    var line: Int
    var order: Int
    var secondOfDay: Int
    var outcome: Outcome
    var wait = 0
    var duration = 0
    var type: ContactType?
    var role: ContactorRole?
    var age: AgeBand?
    var heardVia: HeardVia?
}

extension SampleDataSet {
    /// Appends the CSV rows of day index `day`: every line's contacts, in time order.
    func appendRows(day: Int, to out: inout [UInt8]) {
        var contacts: [SampleContact] = []
        for l in SampleLine.all.indices {
            var mine = generateContacts(line: l, day: day)
            mine.sort { ($0.secondOfDay, $0.order) < ($1.secondOfDay, $1.order) }
            for i in mine.indices { mine[i].order = i + 1 }
            contacts.append(contentsOf: mine)
        }
        contacts.sort { ($0.secondOfDay, $0.line, $0.order) < ($1.secondOfDay, $1.line, $1.order) }
        let localDay = Self.firstDay.adding(days: day)
        for c in contacts {
            let line = SampleLine.all[c.line]
            appendContactId(line: c.line, day: day, number: c.order, to: &out)
            out.append(UInt8(ascii: ","))
            ASCII.append(line.helpline, to: &out)
            out.append(UInt8(ascii: ","))
            ASCII.append(line.channel.rawValue, to: &out)
            out.append(UInt8(ascii: ","))
            BrusselsTime.appendRFC3339(localDay, secondOfDay: c.secondOfDay, to: &out)
            out.append(UInt8(ascii: ","))
            switch c.outcome {
            case .answered:
                ASCII.append("answered,", to: &out)
                ASCII.append(c.wait, to: &out)
                out.append(UInt8(ascii: ","))
                ASCII.append(c.duration, to: &out)
            case .abandoned:
                ASCII.append("abandoned,", to: &out)
                ASCII.append(c.wait, to: &out)
                out.append(UInt8(ascii: ","))
            case .rejected:
                ASCII.append("rejected,,", to: &out)
            }
            out.append(UInt8(ascii: ","))
            if let type = c.type { ASCII.append(type.rawValue, to: &out) }
            out.append(UInt8(ascii: ","))
            if let role = c.role { ASCII.append(role.rawValue, to: &out) }
            out.append(UInt8(ascii: ","))
            if let age = c.age { ASCII.append(age.rawValue, to: &out) }
            out.append(UInt8(ascii: ","))
            if let heard = c.heardVia { ASCII.append(heard.rawValue, to: &out) }
            out.append(UInt8(ascii: "\n"))
        }
    }

    /// The contacts of one line on one day, in generation order.
    func generateContacts(line l: Int, day: Int) -> [SampleContact] {
        let count = counts[l][day]
        guard count > 0 else { return [] }
        let line = SampleLine.all[l]
        let localDay = Self.firstDay.adding(days: day)
        var g = SeededGenerator(seed: mixSeed(seed, UInt64(l + 1), UInt64(day + 1) << 8))
        let marathon = marathonDays[l].contains(localDay)
        let open = marathon || (localDay.isoWeekday <= 5 && !holidays.contains(localDay))
        let opens = marathon ? 12 * 3600 : line.opens
        let closes = marathon ? 23 * 3600 : line.closes
        let withinHours = marathon ? 0.97 : line.withinHours
        let effects = contributions[l][day]
        let campaignShare = 1 - exp(-effects.reduce(0) { $0 + $1.logEffect })
        let typeWeights = line.types.map(\.share)
        let earliest = 7 * 3600
        let latest = 23 * 3600

        var contacts: [SampleContact] = []
        contacts.reserveCapacity(count)
        for i in 0..<count {
            var contact = SampleContact(line: l, order: i, secondOfDay: 0, outcome: .rejected)
            if open && g.uniform() < withinHours {
                let position = (g.uniform() + g.uniform()) / 2
                contact.secondOfDay = opens + Int(position * Double(closes - opens))
                contact.outcome = g.uniform() < line.answered ? .answered : .abandoned
            } else if open {
                let before = max(0, opens - earliest)
                let after = max(0, latest - closes)
                let u = Int(g.uniform() * Double(before + after))
                contact.secondOfDay = u < before ? earliest + u : closes + (u - before)
            } else {
                contact.secondOfDay = 8 * 3600 + Int(g.uniform() * Double(14 * 3600))
            }
            contact.secondOfDay = min(contact.secondOfDay, 86_399)
            switch contact.outcome {
            case .answered:
                contact.wait = min(3_599, Int(g.exponential(mean: line.answeredWaitMean)))
                let t = g.pick(typeWeights)
                let (type, _, median) = line.types[t]
                contact.type = type
                contact.duration = max(3, min(14_400, Int(g.logNormal(median: median, sigma: 0.6))))
                if type == .counselling || type == .information {
                    contact.role = g.pick(line.roles)
                    contact.age = type == .information ? .unknown : g.pick(line.ages)
                    if campaignShare > 0, g.uniform() < 0.7 * campaignShare {
                        let effect = SampleCampaigns.effects[effects[g.pick(effects.map(\.logEffect))].effect]
                        contact.heardVia = effect.heardVia[g.integer(below: effect.heardVia.count)]
                    } else {
                        contact.heardVia = g.pick(line.heardVia)
                    }
                }
            case .abandoned:
                contact.wait = max(3, min(3_599, Int(g.exponential(mean: line.abandonedWaitMean))))
            case .rejected:
                break
            }
            contacts.append(contact)
        }
        return contacts
    }
}
