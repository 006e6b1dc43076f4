import Attribution
import Foundation

/// Fit-time measurement: 5 years of daily data with 10 campaigns (some overlapping, three with
/// carry-over), NB2 with α and every carry-over selected.
enum Timing {
    static func scenario() -> SyntheticScenario {
        let start = LocalDay(year: 2020, month: 1, day: 6)!
        var campaigns: [SyntheticCampaign] = []
        for k in 0..<10 {
            let s = start.adding(days: 300 + k * 150 + (k % 3 == 1 ? -100 : 0))
            let w = CampaignWindow(id: "c\(k)", start: s, end: s.adding(days: 20 + 3 * k), costCents: 1_000_000)
            campaigns.append(SyntheticCampaign(window: w, gamma: 0.1 + 0.02 * Double(k), lambda: k % 3 == 0 ? 0.7 : 0))
        }
        var sc = SyntheticScenario.recoveryStudy
        sc.start = start
        sc.days = 1827
        sc.campaigns = campaigns
        return sc
    }

    static func run(repeats: Int) {
        let sc = scenario()
        let series = sc.simulate(seed: 1)
        let clock = ContinuousClock()
        func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
        for (label, checks) in [("fit + lambda/alpha selection + delta intervals", false), ("same + 20 placebos + backtests", true)] {
            var options = AttributionOptions()
            if !checks {
                options.placeboRuns = 0
                options.backtestWeeks = 0
            }
            var times: [Double] = []
            var cpu: [Double] = []
            var last: AttributionReport? = nil
            for _ in 0..<repeats {
                let t0 = clock.now
                let c0 = Foundation.clock()
                last = try? CampaignAttribution.evaluate(
                    series: series, campaigns: sc.campaigns.map(\.window), holidays: sc.holidays, options: options)
                cpu.append(Double(Foundation.clock() - c0) / Double(CLOCKS_PER_SEC) * 1000)
                times.append(ms(clock.now - t0))
            }
            times.sort()
            cpu.sort()
            let p = last?.model.diagnostics.p ?? 0
            print(
                "timing 5 years (\(series.count) days) x 10 campaigns, p=\(p), \(label): median \(String(format: "%.1f", times[times.count / 2])) ms, max \(String(format: "%.1f", times.last!)) ms wall; CPU median \(String(format: "%.1f", cpu[cpu.count / 2])) ms; \(repeats) runs"
            )
        }
    }
}
