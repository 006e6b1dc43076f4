import Foundation
import Testing

@testable import Reports

/// The example page of docs/images (illustrative figures in the shape of the demo data). Regenerate it with
/// `DASHBOARD_EXAMPLE=$PWD/docs/images/dashboard-example.html swift test --filter DashboardExample`, then the PNG with
/// `chromium-headless-shell --no-sandbox --hide-scrollbars --window-size=1280,1800 --screenshot=docs/images/dashboard-example.png FILE`.
@Test("the README example page renders well-formed, and is written out when DASHBOARD_EXAMPLE names a file")
func dashboardExamplePage() throws {
    var counts: [DashboardData.MonthlyCount] = []
    let months = MonthMath.range("2021-01", "2023-12")
    let season = [0.97, 0.93, 1.0, 0.98, 1.02, 0.99, 1.04, 1.0, 1.01, 1.03, 1.0, 0.95]
    for (i, month) in months.enumerated() {
        let m = Int(month.suffix(2))! - 1
        var phone = (Double(540 + 3 * i) * season[m]).rounded()
        switch month {
        case "2023-02": phone = 689
        case "2023-03": phone = 903
        case "2023-04": phone = 842
        case "2023-05": phone = 801
        case "2023-07": phone = 710
        case "2022-07": phone = 628
        default: break
        }
        counts.append(.init(month: month, helpline: "1712", channel: "phone", contacts: Int(phone)))
        if month >= "2021-06" {
            let k = i - 5
            let chat = k < 3 ? [4, 7, 9][k] : 10 + k + (["2023-03", "2023-04"].contains(month) ? 9 : 0)
            counts.append(.init(month: month, helpline: "1712", channel: "chat", contacts: chat))
        }
        let youth = month == "2022-12" ? 96 : month == "2023-01" ? 71 : 44 + (i * 7) % 11 + i / 6
        counts.append(.init(month: month, helpline: "nupraatikerover", channel: "chat", contacts: youth))
    }
    let campaigns: [DashboardData.Campaign] = [
        .init(
            id: "chat-1712", name: "1712 chat opens", helplines: ["1712"], channels: ["press", "website"], windowStart: "2021-06-01",
            windowEnd: "2021-06-30"),
        .init(
            id: "nupraatikerover-wat-draag-jij-mee", name: "Wat draag jij met je mee? (emotionele mishandeling)", helplines: ["nupraatikerover"],
            channels: ["influencer (Vlaanderen)", "social_video (Vlaanderen)"], windowStart: "2022-12-01", windowEnd: "2022-12-31",
            totalCostEUR: 9_982, totalReach: 406_000),
        .init(
            id: "lijn-1712-veilige-thuis", name: "Lijn 1712, bestemming Veilige thuis", helplines: ["1712"], channels: ["bus_tram (Vlaanderen)"],
            windowStart: "2023-03-01", windowEnd: "2023-05-31", totalCostEUR: 25_000, totalReach: 58_000),
    ]
    let effects: [DashboardData.CampaignEffect] = [
        .init(
            campaignID: "nupraatikerover-wat-draag-jij-mee", helpline: "nupraatikerover", channel: "chat", extraContacts: 41, lower: 19, upper: 64,
            relativeUpliftPercent: 74.5, observedContacts: 96, expectedContacts: 55),
        .init(
            campaignID: "lijn-1712-veilige-thuis", helpline: "1712", channel: "all", extraContacts: 455, lower: 262, upper: 648,
            relativeUpliftPercent: 19.6, observedContacts: 2_773, expectedContacts: 2_318),
        .init(
            campaignID: "lijn-1712-veilige-thuis", helpline: "1712", channel: "phone", extraContacts: 431, lower: 243, upper: 619,
            relativeUpliftPercent: 20.4, observedContacts: 2_546, expectedContacts: 2_115),
        .init(
            campaignID: "lijn-1712-veilige-thuis", helpline: "1712", channel: "chat", extraContacts: 24, lower: -6, upper: 55,
            relativeUpliftPercent: 11.8, observedContacts: 227, expectedContacts: 203,
            note: "the interval includes no effect"),
    ]
    let baselines = MonthMath.range("2023-01", "2023-08").enumerated().map { i, month in
        let expected = [745.0, 752, 768, 771, 776, 770, 784, 772][i]
        return DashboardData.BaselinePoint(helpline: "1712", month: month, expected: expected, lower: expected - 58, upper: expected + 58)
    }
    let data = DashboardData(
        generatedAt: Date(timeIntervalSince1970: 1_704_067_200), from: "2021-01", to: "2023-12", counts: counts, campaigns: campaigns,
        effects: effects, baselines: baselines)
    let html = DashboardPage.render(
        data,
        options: .init(
            publicMode: true, title: "Helpline contacts and campaigns (example)",
            intro:
                "Illustrative figures in the shape of the demo data: contacts per month to each helpline, by channel, with the periods when campaigns ran and the model's estimate of each campaign's effect."
        ))
    let tags = try dashboardParseTags(html)
    #expect(tags.filter { $0.name == "svg" && $0.attributes["role"] == "img" }.count == 3)
    if let out = ProcessInfo.processInfo.environment["DASHBOARD_EXAMPLE"] {
        try html.write(toFile: out, atomically: true, encoding: .utf8)
    }
}
