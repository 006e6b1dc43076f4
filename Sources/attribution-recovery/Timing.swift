import Attribution
import TimeArithmetic
import Foundation

/// Fit-time measurement: 5 years of daily data with 10 campaigns (some overlapping, three with
/// carry-over), NB2 with α and every carry-over selected.
enum Timing {
    static func run(repeats: Int) {
        let sc = SyntheticScenario.fitTiming
        let series = sc.simulate(seed: 1)
        let clock = ContinuousClock()
        func ms(_ d: Duration) -> Double { d.milliseconds }
        for (label, checks) in [
            ("fit + lambda/alpha selection + sensitivity refits + robust delta intervals", false),
            ("same + placebo calibration (up to 60 per campaign) + backtests", true),
        ] {
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
