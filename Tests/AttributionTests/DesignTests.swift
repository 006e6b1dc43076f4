import Attribution
import Foundation
import Testing

@Suite struct DesignTests {
    @Test func adstockIsNormalisedAndGeometric() {
        var on = [Double](repeating: 0, count: 200)
        for i in 10..<40 { on[i] = 1 }
        #expect(Adstock.transform(on, lambda: 0) == on)
        let z = Adstock.transform(on, lambda: 0.7)
        #expect(abs(z.reduce(0, +) - 30) < 1e-9, "carry-over keeps the total (mass) of the campaign")
        #expect(abs(z[10] - 0.3) < 1e-15)
        #expect(abs(z[41] / z[40] - 0.7) < 1e-12)
        #expect(abs(Adstock.halfLifeDays(lambda: 0.7) - 1.943_358_209_874_731_5) < 1e-12)
        #expect(Adstock.halfLifeDays(lambda: 0) == 0)
    }

    @Test func fourierTermsNeedAYear() {
        #expect(DesignBuilder.effectiveFourierTerms(requested: 3, days: 300) == 0)
        #expect(DesignBuilder.effectiveFourierTerms(requested: 3, days: 400) == 2)
        #expect(DesignBuilder.effectiveFourierTerms(requested: 3, days: 800) == 3)
    }

    @Test func columnsAndCarryOverFromBeforeTheData() throws {
        let start = try #require(LocalDay(iso: "2024-01-01"))
        let b = DesignBuilder(start: start, days: 400, holidays: .belgium(years: 2024...2025), fourierTerms: 2)
        #expect(
            b.base.names == [
                "intercept", "trend", "dow_tue", "dow_wed", "dow_thu", "dow_fri", "dow_sat", "dow_sun", "sin1", "cos1", "sin2", "cos2",
                "holiday:public holiday",
            ])
        // A campaign that began 10 days before the data: its carry-over is already built up on day 0.
        let early = CampaignWindow(id: "early", start: start.adding(days: -10), end: start.adding(days: 4))
        let z = b.campaignColumn(early, lambda: 0.5)
        #expect(abs(z[0] - (1 - pow(0.5, 11))) < 1e-12)
        #expect(b.onIndicator(early).prefix(6) == [1, 1, 1, 1, 1, 0])
        let x = b.build(campaigns: [early], lambdas: [0.5])
        #expect(x.names.last == "campaign:early")
        #expect(x[0, 0] == 1 && x[365, 1] == 365 / 365.25)
        #expect(x[0, 12] == 1, "1 January is a holiday")
    }
}
