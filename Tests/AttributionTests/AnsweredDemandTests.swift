import Foundation
import Testing

@testable import Attribution

@Suite("Offered and answered extra contacts")
struct AnsweredDemandTests {
    /// Two years of about 30 contacts a day with one campaign of +40% for four weeks.
    static let scenario = SyntheticScenario(
        start: LocalDay(year: 2022, month: 1, day: 3)!, days: 730, level: 30, trendPerYear: 0, dayOfWeek: [-0.03, -0.06, -0.08, -0.15, -0.4, -0.5],
        fourier: [], holiday: 0, alpha: 0.03,
        campaigns: [
            SyntheticCampaign(
                window: CampaignWindow(id: "radio", start: LocalDay(year: 2023, month: 3, day: 6)!, end: LocalDay(year: 2023, month: 4, day: 2)!),
                gamma: log(1.4), lambda: 0)
        ])

    static func effect(_ series: DailySeries) throws -> CampaignEffect {
        var options = AttributionOptions()
        options.calibrateWithPlacebos = false
        let report = try CampaignAttribution.evaluate(
            series: series, campaigns: Self.scenario.campaigns.map(\.window), holidays: .none, options: options)
        return try #require(report.campaigns.first)
    }

    @Test("a line that answers 90% of whatever comes answers 90% of the extra demand, and no warning is given")
    func enoughCapacity() throws {
        let series = Self.scenario.simulate(seed: 7_500_001)
        let answered = series.counts.map { ($0 * 0.9).rounded() }
        let effect = try Self.effect(series)
        let demand = try #require(AnsweredDemand.estimate(effect: effect, seriesStart: series.start, received: series.counts, answered: answered))
        #expect(abs(demand.baselineAnswerRate - 0.9) < 0.01)
        #expect(abs(demand.extraAnsweredContacts - 0.9 * effect.upliftContacts) < 0.05 * effect.upliftContacts, "\(demand)")
        #expect(demand.extraAnsweredLow < demand.extraAnsweredContacts && demand.extraAnsweredContacts < demand.extraAnsweredHigh)
        #expect(demand.warning(for: effect) == nil)
    }

    @Test("a line at capacity answers almost none of the extra demand: the unanswered rest is reported and warned about")
    func overwhelmed() throws {
        let series = Self.scenario.simulate(seed: 7_500_002)
        // Capacity: the counsellors answer at most 26 a day, about a busy weekday's demand before the campaign.
        let answered = series.counts.map { min($0, 26) }
        let effect = try Self.effect(series)
        #expect(effect.significant)
        let demand = try #require(AnsweredDemand.estimate(effect: effect, seriesStart: series.start, received: series.counts, answered: answered))
        #expect(demand.extraUnansweredContacts > 0.5 * effect.upliftContacts, "\(demand) of \(effect.upliftContacts)")
        let warning = try #require(demand.warning(for: effect))
        #expect(warning.contains("most of the extra demand went unanswered"))
    }

    @Test("no baseline days before the campaign, or series of different lengths: no estimate")
    func undefined() throws {
        let series = Self.scenario.simulate(seed: 7_500_003)
        let effect = try Self.effect(series)
        #expect(AnsweredDemand.estimate(effect: effect, seriesStart: series.start, received: series.counts, answered: []) == nil)
        #expect(AnsweredDemand.estimate(effect: effect, seriesStart: effect.start, received: series.counts, answered: series.counts) == nil)
    }
}
