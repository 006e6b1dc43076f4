import Foundation
import Testing

@testable import Reports

@Suite("Dashboard: the model's flags, withheld costs and the answered split")
struct DashboardFlagsTests {
    static func page(_ effect: DashboardData.CampaignEffect) -> String {
        var data = dashboardFixtureData()
        data.effects = [effect]
        return DashboardPage.render(data, options: DashboardOptions(publicMode: false))
    }

    @Test("a cost the model withheld (extrapolated baseline) is not recomputed from the campaign's cost; flags and the answered split are shown")
    func withheldCost() {
        var effect = DashboardData.CampaignEffect(
            campaignID: "lijn", extraContacts: 412, lower: 230, upper: 590, relativeUpliftPercent: 18.5, observedContacts: 2_900,
            expectedContacts: 2_488)
        effect.costFromModel = true
        effect.baselineExtrapolated = true
        effect.sensitivityDisagrees = true
        effect.placeboCalibrationFactor = 1.31
        effect.extraAnswered = 120
        effect.extraAnsweredLower = 40
        effect.extraAnsweredUpper = 200
        effect.extraUnanswered = 292
        let html = Self.page(effect)
        #expect(html.contains("not yet (baseline extrapolated)"))
        #expect(!html.contains("€60.68"), "25,000 / 412 must not be shown when the model withheld it")
        #expect(html.contains("baseline extrapolated · depends on the baseline specification · interval widened ×1.31 by placebos"))
        #expect(html.contains("+120") && html.contains("+292"))
        #expect(html.contains("Extra answered / unanswered"))
    }

    @Test("without the model's decision (supplied effects), the cost is still computed from the campaign's cost")
    func suppliedEffect() {
        let html = Self.page(
            DashboardData.CampaignEffect(
                campaignID: "lijn", extraContacts: 412, lower: 230, upper: 590, relativeUpliftPercent: 18.5, observedContacts: 2_900,
                expectedContacts: 2_488))
        #expect(html.contains("€60.68"), "25,000 / 412")
    }
}
