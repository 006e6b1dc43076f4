import Foundation
import HelplineDomain
import SampleData
import Testing

@Suite("The demo's sample data set")
struct SampleDataTests {
    static let data = SampleDataSet()

    /// Every chunk of a source, concatenated.
    static func bytes(_ source: some ByteChunkSource) throws -> [UInt8] {
        var source = source
        var out: [UInt8] = []
        while let chunk = try source.nextChunk() { out.append(contentsOf: chunk) }
        return out
    }

    @Test("the same seed gives the same bytes, whatever the chunk size; another seed gives other data")
    func deterministic() throws {
        let a = try Self.bytes(SampleDataSet(seed: 7).contactsCSV())
        let b = try Self.bytes(SampleDataSet(seed: 7).contactsCSV(chunkSize: 1_000))
        #expect(a == b)
        #expect(SampleDataSet(seed: 7).campaignsJSON() == SampleDataSet(seed: 7).campaignsJSON())
        let c = try Self.bytes(SampleDataSet(seed: 8).contactsCSV())
        #expect(a != c)
    }

    @Test(
        "every row is a valid contact; the rows add up to the daily counts; 1712's phone line has the published months",
        arguments: [SampleDataSet.defaultSeed, 1, 42])
    func validAndCalibrated(seed: UInt64) throws {
        let data = SampleDataSet(seed: seed)
        var importer = try ContactCSVImporter(source: data.contactsCSV(), eventSource: SampleDataSet.eventSource)
        var rows = 0
        var invalid: [String] = []
        var perMonth: [String: Int] = [:]
        var ids = Set<String>()
        while let row = try importer.next() {
            rows += 1
            switch row {
            case .success(let contact):
                ids.insert(contact.streamId)
                guard case .contact(_, _, .received(let received)) = contact.events[0].body else {
                    invalid.append("line \(contact.line): first event is not ContactReceived")
                    continue
                }
                _ = received
            case .failure(let error):
                if invalid.count < 5 { invalid.append(error.description) }
            }
        }
        #expect(invalid.isEmpty, "\(invalid)")
        #expect(rows == data.contactCount)
        #expect(ids.count == rows, "contact ids are unique")
        // Months as the report counts them: the local date written in received_at (Brussels time).
        let csv = String(decoding: try Self.bytes(data.contactsCSV()), as: UTF8.self)
        for line in csv.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            perMonth["\(fields[1])/\(fields[2])/\(fields[3].prefix(7))", default: 0] += 1
        }
        #expect(perMonth["1712/phone/2023-07"] == 710)
        #expect(perMonth["1712/phone/2022-07"] == 628)
        #expect(perMonth["1712/phone/2023-03"] == 903)
        #expect(perMonth["1712/phone/2023-02"] == 689)
        for target in SampleDataSet.calibration {
            #expect(data.monthlyTotal(helpline: target.helpline, channel: target.channel, year: target.year, month: target.month) == target.contacts)
        }
        #expect(perMonth["nupraatikerover/chat/2019-01"] ?? 0 > 0)
        #expect(perMonth["1712/chat/2023-12"] ?? 0 > 0)
    }

    @Test("the seeds' figures: 710 vs 628 is +13.1% year on year, 903 vs 689 is +31.1% month on month")
    func publishedChanges() {
        func change(_ a: Int, _ b: Int) -> Double { (100 * Double(a - b) / Double(b) * 10).rounded() / 10 }
        let d = Self.data
        let july23 = d.monthlyTotal(helpline: "1712", channel: .phone, year: 2023, month: 7)
        let july22 = d.monthlyTotal(helpline: "1712", channel: .phone, year: 2022, month: 7)
        let march = d.monthlyTotal(helpline: "1712", channel: .phone, year: 2023, month: 3)
        let february = d.monthlyTotal(helpline: "1712", channel: .phone, year: 2023, month: 2)
        #expect(change(july23, july22) == 13.1)
        #expect(change(march, february) == 31.1)
    }

    @Test("the campaign file parses and holds the seed documents' campaigns with their costs and reach")
    func campaigns() throws {
        let file = try CampaignFile.parse(json: Self.data.campaignsJSON())
        #expect(file == Self.data.campaigns)
        let byId = Dictionary(uniqueKeysWithValues: file.campaigns.map { ($0.id, $0) })
        let influencer = try #require(byId["nupraatikerover-wat-draag-jij-mee"])
        #expect(influencer.costs.map(\.amountCents) == [998_200])
        #expect(influencer.reach.map(\.value) == [300_000, 106_000])
        #expect(influencer.plannedStart?.description == "2022-12-01")
        #expect(influencer.channels.map(\.channel) == [.influencer, .socialVideo])
        let bus = try #require(byId["lijn-1712-veilige-thuis"])
        #expect(bus.plannedStart?.description == "2023-03-01" && bus.plannedEnd?.description == "2023-05-31")
        #expect(bus.startedAt?.description == "2023-02-28T23:00:00Z")
        #expect(bus.stoppedAt?.description == "2023-05-31T21:59:59Z")
        #expect(bus.channels.contains { $0.channel == .busTram })
        #expect(bus.costs.isEmpty, "the documents give no cost for the bus campaign")
        #expect(byId["nupraatikerover-chatmarathon-2021"]?.costs.map(\.amountCents) == [422_900])
        #expect(byId["nupraatikerover-muurschildering-2023"]?.costs.map(\.amountCents) == [6_300_000])
        #expect(byId["1712-kindermishandeling-neemt-geen-vakantie"]?.stoppedAt == nil, "still running in the documents")
        #expect(byId["nupraatikerover-t-day-2022"]?.startedAt == nil, "the documents give no date")
        #expect(file.campaigns.count == 10)
    }

    @Test("realistic shape: weekday pattern, holidays, growth, CHI-like contact types")
    func shape() throws {
        let phone = try #require(Self.data.dailyCounts(helpline: "1712", channel: .phone))
        let weekdays = phone.filter { $0.weekday <= 5 }.map(\.contacts)
        let weekends = phone.filter { $0.weekday > 5 }.map(\.contacts)
        let weekdayMean = Double(weekdays.reduce(0, +)) / Double(weekdays.count)
        let weekendMean = Double(weekends.reduce(0, +)) / Double(weekends.count)
        #expect(weekdayMean > 2.5 * weekendMean)
        let christmas = phone.filter { $0.date.month == 12 && $0.date.day == 25 }.map(\.contacts)
        #expect(Double(christmas.reduce(0, +)) / Double(christmas.count) < 0.6 * weekdayMean)
        let y2019 = phone.filter { $0.date.year == 2019 }.reduce(0) { $0 + $1.contacts }
        let y2023 = phone.filter { $0.date.year == 2023 }.reduce(0) { $0 + $1.contacts }
        #expect(y2023 > y2019)
        #expect((100_000...180_000).contains(Self.data.contactCount))

        let csv = String(decoding: try Self.bytes(Self.data.contactsCSV()), as: UTF8.self)
        var types: [String: Int] = [:]
        var outcomes: [String: Int] = [:]
        var busTram = 0
        for line in csv.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            outcomes[String(f[4]), default: 0] += 1
            if !f[7].isEmpty { types[String(f[7]), default: 0] += 1 }
            if f[10] == "bus_tram" { busTram += 1 }
        }
        let classified = Double(types.values.reduce(0, +))
        let counselling = Double(types["counselling"] ?? 0) / classified
        #expect((0.5...0.7).contains(counselling), "counselling share \(counselling)")
        #expect((types["silent"] ?? 0) > 0 && (types["prank"] ?? 0) > 0 && (types["hang_up"] ?? 0) > 0)
        let answered = Double(outcomes["answered"] ?? 0) / Double(Self.data.contactCount)
        #expect((0.5...0.85).contains(answered), "answered share \(answered)")
        #expect((outcomes["abandoned"] ?? 0) > 0 && (outcomes["rejected"] ?? 0) > 0)
        #expect(busTram > 20, "contacts brought by the bus campaign say so")
    }

    @Test("generation is fast: the whole data set in a few seconds even in a debug build")
    func fast() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let size = try Self.bytes(SampleDataSet(seed: 99).contactsCSV()).count
        let elapsed = clock.now - started
        #expect(size > 5_000_000)
        #expect(elapsed < .seconds(30), "\(elapsed)")
    }
}
