import Testing

@testable import Reports

/// A running campaign's figures grow by the day: comparing the public page from one day to the next would give
/// daily counts. In public mode its effect is not shown until it has ended (docs/DISCLOSURE.md).
@Suite("Public dashboard: running campaigns")
struct DashboardRunningCampaignTests {
    static func data(status: String) -> DashboardData {
        DashboardData(
            counts: [DashboardData.MonthlyCount(month: "2023-07", helpline: "1712", channel: "phone", contacts: 710)],
            campaigns: [
                DashboardData.Campaign(
                    id: "c1", name: "Bus ads", helplines: ["1712"], windowStart: "2023-07-01", windowEnd: status == "running" ? nil : "2023-07-31",
                    status: status)
            ],
            effects: [
                DashboardData.CampaignEffect(
                    campaignID: "c1", helpline: "1712", channel: "all", extraContacts: 83.4, lower: 40.2, upper: 126.6,
                    relativeUpliftPercent: 13.3, observedContacts: 710, expectedContacts: 626.6)
            ])
    }

    @Test("running: the public page shows no figure of its effect, nor its uplift chart row; a token shows them")
    func runningIsNotPublic() {
        let publicPage = DashboardPage.render(Self.data(status: "running"), options: .init(publicMode: true))
        #expect(publicPage.contains("not public while the campaign runs"))
        #expect(!publicPage.contains("+83"))
        #expect(!publicPage.contains("626"))
        let internalPage = DashboardPage.render(Self.data(status: "running"), options: .init(publicMode: false))
        #expect(internalPage.contains("+83"))
        #expect(!internalPage.contains("not public while the campaign runs"))
    }

    @Test("stopped: the public page shows the effect, rounded, without observed or expected counts")
    func stoppedIsPublic() {
        let page = DashboardPage.render(Self.data(status: "stopped"), options: .init(publicMode: true))
        #expect(page.contains("+80"), "rounded to 10 (docs/DISCLOSURE.md)")
        #expect(!page.contains("+83") && !page.contains("626") && !page.contains("710 /"))
        #expect(!page.contains("not public while the campaign runs"))
    }
}
