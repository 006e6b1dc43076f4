import Foundation
import Testing

@testable import Attribution

@Suite("A recorded closure with no contact at all")
struct FullClosureTests {
    static var scenario: SyntheticScenario {
        var s = SyntheticScenario.recoveryStudy
        s.start = LocalDay(year: 2021, month: 1, day: 4)!
        return s
    }

    static let outage = BaselineEvent(
        id: "outage", kind: .closure, start: LocalDay(year: 2022, month: 6, day: 7)!, end: LocalDay(year: 2022, month: 6, day: 9)!,
        label: "Telephony outage")

    static func fit(_ series: DailySeries, events: [BaselineEvent]) throws -> AttributionReport {
        var options = AttributionOptions()
        options.calibrateWithPlacebos = false
        return try CampaignAttribution.evaluate(
            series: series, campaigns: scenario.campaigns.map(\.window), holidays: scenario.holidays, events: events, options: options)
    }

    @Test("its days are left out of the likelihood: the fit succeeds, and the campaigns come out as without those days")
    func leftOut() throws {
        let original = Self.scenario.simulate(seed: 7_600_001)
        var counts = original.counts
        let first = original.index(of: Self.outage.start)
        for i in first...(first + 2) { counts[i] = 0 }
        let closed = DailySeries(start: original.start, counts: counts)
        #expect(GLMFitter.fullClosureColumns(y: counts, x: try Self.design(closed)) == [try Self.design(closed).index(of: "event:outage")!])

        let withEvent = try Self.fit(closed, events: [Self.outage])
        let untouched = try Self.fit(original, events: [])
        for (a, b) in zip(withEvent.campaigns, untouched.campaigns) {
            // Three days of about 25 contacts out of 1,095 days: each campaign's estimate moves by a few contacts at most.
            #expect(
                abs(a.upliftContacts - b.upliftContacts) < 0.05 * max(20, abs(b.upliftContacts)),
                "\(a.id): \(a.upliftContacts) vs \(b.upliftContacts)")
            #expect(abs(a.upliftStandardError / b.upliftStandardError - 1) < 0.05)
        }
    }

    @Test("a closure with contacts on some of its days is estimated like any event")
    func partial() throws {
        let original = Self.scenario.simulate(seed: 7_600_002)
        var counts = original.counts
        let first = original.index(of: Self.outage.start)
        counts[first] = 0
        counts[first + 1] = 0
        counts[first + 2] = 4
        let x = try Self.design(DailySeries(start: original.start, counts: counts))
        #expect(GLMFitter.fullClosureColumns(y: counts, x: x).isEmpty)
        _ = try Self.fit(DailySeries(start: original.start, counts: counts), events: [Self.outage])
    }

    /// The design as the fit builds it, with the outage's column.
    static func design(_ series: DailySeries) throws -> DesignMatrix {
        DesignBuilder(start: series.start, days: series.count, holidays: scenario.holidays, fourierTerms: 2, events: [outage]).build(
            campaigns: [], lambdas: [])
    }
}
