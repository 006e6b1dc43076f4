import Attribution
import Foundation
import HelplineDomain

/// The demo's sample data set: three contact lines — helpline 1712 on the phone and by chat, and the youth
/// chat Nupraatikerover.be — from January 2019 to December 2023, generated deterministically from a seed, and the
/// campaigns of the seed documents.
///
/// Daily contacts follow a negative binomial model with a slow trend, weekday and yearly patterns, Belgian public
/// holidays and campaign effects with carry-over. Four months of 1712's phone line are then set to the figures
/// the seed documents report (see ``calibration``), spread over their days by largest-remainder rounding.
///
/// ```swift
/// let data = SampleDataSet(seed: 1712)
/// try await importer.importCSV(from: data.contactsCSV())          // a ByteChunkSource, constant memory
/// try await recorder.importFile(json: data.campaignsJSON())
/// ```
///
/// See docs/SAMPLE_DATA.md.
public struct SampleDataSet: Sendable {
    /// A month whose total on one line is fixed to a published figure.
    public struct Calibration: Sendable, Hashable {
        public let helpline: String
        public let channel: ContactChannel
        public let year: Int
        public let month: Int
        /// Offered contacts (received, answered or not) in the month, in Brussels local days.
        public let contacts: Int
    }

    public static let defaultSeed: UInt64 = 1712
    public static let firstDay = LocalDay(year: 2019, month: 1, day: 1)!
    public static let lastDay = LocalDay(year: 2023, month: 12, day: 31)!
    /// The `source` recorded on the imported contact events.
    public static let eventSource = "sample-data"

    /// 1712's phone line in the seed documents: 710 calls in July 2023 (+13% on July 2022's 628) and 903 in
    /// March 2023 (+31% on February's 689).
    public static let calibration: [Calibration] = [
        Calibration(helpline: "1712", channel: .phone, year: 2022, month: 7, contacts: 628),
        Calibration(helpline: "1712", channel: .phone, year: 2023, month: 2, contacts: 689),
        Calibration(helpline: "1712", channel: .phone, year: 2023, month: 3, contacts: 903),
        Calibration(helpline: "1712", channel: .phone, year: 2023, month: 7, contacts: 710),
    ]

    public let seed: UInt64
    /// The lines, in a fixed order.
    public var lines: [SampleLine] { SampleLine.all }
    /// Offered contacts per line and day (index 0 = ``firstDay``).
    let counts: [[Int]]
    /// Per line and day, the campaign effects at work: (index into ``SampleCampaigns/effects``, log contribution).
    let contributions: [[[(effect: Int, logEffect: Double)]]]
    let holidays: Set<LocalDay>
    let marathonDays: [Set<LocalDay>]

    /// Days from ``firstDay`` to ``lastDay``.
    public static var dayCount: Int { firstDay.days(to: lastDay) + 1 }

    public init(seed: UInt64 = SampleDataSet.defaultSeed) {
        self.seed = seed
        let days = Self.dayCount
        let holidays = Set(HolidayCalendar.belgium(from: Self.firstDay, through: Self.lastDay).holidays.map(\.date))
        self.holidays = holidays
        var marathonDays = Array(repeating: Set<LocalDay>(), count: SampleLine.all.count)
        for m in SampleCampaigns.marathons {
            var d = m.first
            while d <= m.last {
                marathonDays[m.line].insert(d)
                d = d.adding(days: 1)
            }
        }
        self.marathonDays = marathonDays

        var contributions = Array(repeating: Array(repeating: [(effect: Int, logEffect: Double)](), count: days), count: SampleLine.all.count)
        for (e, effect) in SampleCampaigns.effects.enumerated() {
            let gamma = log(1 + effect.uplift)
            var z = 0.0
            for i in 0..<days {
                let day = Self.firstDay.adding(days: i)
                let on = day >= effect.first && day <= effect.last ? 1.0 : 0.0
                z = effect.lambda * z + (1 - effect.lambda) * on
                if z * gamma > 1e-4 { contributions[effect.line][i].append((e, gamma * z)) }
            }
        }
        self.contributions = contributions

        var counts: [[Int]] = []
        for (l, line) in SampleLine.all.enumerated() {
            var generator = SeededGenerator(seed: mixSeed(seed, UInt64(l + 1)))
            let means = (0..<days).map { Self.mean(line: l, day: $0, holidays: holidays, marathonDays: marathonDays, contributions: contributions) }
            var series = means.map { generator.negativeBinomial(mean: $0, alpha: line.alpha) }
            for target in Self.calibration where target.helpline == line.helpline && target.channel == line.channel {
                Self.calibrate(&series, means: means, year: target.year, month: target.month, to: target.contacts)
            }
            counts.append(series)
        }
        self.counts = counts
    }

    /// The model's expected contacts of line `l` on day index `i`.
    static func mean(
        line l: Int, day i: Int, holidays: Set<LocalDay>, marathonDays: [Set<LocalDay>], contributions: [[[(effect: Int, logEffect: Double)]]]
    ) -> Double {
        let line = SampleLine.all[l]
        let day = firstDay.adding(days: i)
        var mean = line.level * exp(line.trendPerYear * Double(i) / 365.25) * line.weekday[day.isoWeekday - 1] * line.season(day)
        if holidays.contains(day) && !marathonDays[l].contains(day) { mean *= line.holiday }
        return mean * exp(contributions[l][i].reduce(0) { $0 + $1.logEffect })
    }

    /// The model's expected contacts of line `l` in a month, before sampling and calibration.
    func expectedMonthly(line l: Int, year: Int, month: Int) -> Double {
        let start = Self.firstDay.days(to: LocalDay(year: year, month: month, day: 1)!)
        return (start..<(start + LocalDay.daysInMonth(year: year, month: month))).reduce(0) {
            $0 + Self.mean(line: l, day: $1, holidays: holidays, marathonDays: marathonDays, contributions: contributions)
        }
    }

    /// Sets the month's total to `total`, keeping each day's share of the sampled month (plus half a contact,
    /// so that a day with none can receive some), with largest-remainder rounding; ties go to the earlier day.
    static func calibrate(_ series: inout [Int], means: [Double], year: Int, month: Int, to total: Int) {
        let first = firstDay.days(to: LocalDay(year: year, month: month, day: 1)!)
        let range = first..<(first + LocalDay.daysInMonth(year: year, month: month))
        let weights = range.map { Double(series[$0]) + 0.5 }
        let sum = weights.reduce(0, +)
        let exact = weights.map { Double(total) * $0 / sum }
        var rounded = exact.map { Int($0.rounded(.down)) }
        let missing = total - rounded.reduce(0, +)
        let order = exact.indices.sorted { a, b in
            let fa = exact[a] - Double(rounded[a])
            let fb = exact[b] - Double(rounded[b])
            return fa != fb ? fa > fb : a < b
        }
        for k in order.prefix(missing) { rounded[k] += 1 }
        for (offset, i) in range.enumerated() { series[i] = rounded[offset] }
    }

    /// The index of `line` in ``lines``, if the data set has it.
    func lineIndex(helpline: String, channel: ContactChannel) -> Int? {
        SampleLine.all.firstIndex { $0.helpline == helpline && $0.channel == channel }
    }

    /// Offered contacts per local day of one line (with the ISO weekday, 1 = Monday), nil for a line the data
    /// set does not have.
    public func dailyCounts(helpline: String, channel: ContactChannel) -> [(date: CalendarDate, weekday: Int, contacts: Int)]? {
        guard let l = lineIndex(helpline: helpline, channel: channel) else { return nil }
        return counts[l].enumerated().map {
            let day = Self.firstDay.adding(days: $0.offset)
            return (SampleCampaigns.date(day), day.isoWeekday, $0.element)
        }
    }

    /// Offered contacts of one line in one month (0 outside the data set).
    public func monthlyTotal(helpline: String, channel: ContactChannel, year: Int, month: Int) -> Int {
        guard let l = lineIndex(helpline: helpline, channel: channel), let first = LocalDay(year: year, month: month, day: 1) else { return 0 }
        let start = Self.firstDay.days(to: first)
        let end = start + LocalDay.daysInMonth(year: year, month: month)
        return (max(0, start)..<min(end, Self.dayCount)).reduce(0) { $0 + counts[l][$1] }
    }

    /// Contacts in the whole data set (rows of ``contactsCSV(chunkSize:)``).
    public var contactCount: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

    /// The last year with data.
    public static var lastYear: Int { lastDay.year }

    /// The contact id of the `number`-th contact (1-based, in time order) of `line` on day index `day`:
    /// `s1712-tel-20230301-0007`. The seed is part of the id, so data sets of two seeds never mix unnoticed.
    func contactId(line: Int, day: Int, number: Int) -> String {
        var out: [UInt8] = []
        appendContactId(line: line, day: day, number: number, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func appendContactId(line: Int, day: Int, number: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "s"))
        ASCII.append(String(seed), to: &out)
        out.append(UInt8(ascii: "-"))
        ASCII.append(SampleLine.all[line].code, to: &out)
        out.append(UInt8(ascii: "-"))
        let (y, m, d) = Self.firstDay.adding(days: day).components
        ASCII.append(y * 10_000 + m * 100 + d, width: 8, to: &out)
        out.append(UInt8(ascii: "-"))
        ASCII.append(number, width: 4, to: &out)
    }

    /// The helpline and contact id of the first and the last contact rows. The import is all or nothing, so
    /// when both are stored the whole data set is.
    public var boundaryContacts: [(helpline: String, contactId: String)] {
        var result: [(String, String)] = []
        for day in [0, Self.dayCount - 1] {
            let lines = day == 0 ? Array(SampleLine.all.indices) : Array(SampleLine.all.indices.reversed())
            if let l = lines.first(where: { counts[$0][day] > 0 }) {
                result.append((SampleLine.all[l].helpline, contactId(line: l, day: day, number: day == 0 ? 1 : counts[l][day])))
            }
        }
        return result
    }

    /// The seed encoded in a sample contact id (`s1712-tel-…` → 1712), nil for other ids.
    public static func seed(ofContactId id: String) -> UInt64? {
        guard id.hasPrefix("s"), let dash = id.firstIndex(of: "-") else { return nil }
        return UInt64(id[id.index(after: id.startIndex)..<dash])
    }

    /// The contacts as a contact CSV file (`import contacts` format), generated chunk by chunk in constant memory.
    public func contactsCSV(chunkSize: Int = 65_536) -> SampleContactsCSV { SampleContactsCSV(data: self, chunkSize: chunkSize) }

    /// The campaigns of the seed documents.
    public var campaigns: CampaignFile { CampaignFile(campaigns: SampleCampaigns.definitions) }

    /// The campaigns as a campaign file (`import campaigns` format), UTF-8 JSON.
    public func campaignsJSON() -> [UInt8] { Array(CampaignJSON.file(SampleCampaigns.definitions).utf8) }
}
