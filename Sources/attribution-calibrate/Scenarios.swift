import Attribution

/// One simulated setting of the calibration grid.
struct CalibrationScenario: Sendable {
    let name: String
    let what: String
    let scenario: SyntheticScenario

    /// The recovery design (A/B overlapping, C with carry-over, D) under the given noise.
    static func recovery(level: Double = 26, rho: Double, sd: Double = 0.2, alpha: Double = 0.03) -> SyntheticScenario {
        var s = SyntheticScenario.recoveryStudy
        s.level = level
        s.alpha = rho == 0 ? 0.05 : alpha
        s.latentRho = rho
        s.latentSD = rho == 0 ? 0 : sd
        return s
    }

    static func day(_ y: Int, _ m: Int, _ d: Int) -> LocalDay { LocalDay(year: y, month: m, day: d)! }

    static func campaign(_ id: String, _ start: LocalDay, _ end: LocalDay, gamma: Double, lambda: Double = 0) -> SyntheticCampaign {
        SyntheticCampaign(window: CampaignWindow(id: id, start: start, end: end, costCents: 1_000_000), gamma: gamma, lambda: lambda)
    }

    /// A COVID-like +35% from 2020-03-16 to 2021-06-30, recorded as an event; two campaigns with no effect.
    static var levelShift: SyntheticScenario {
        var s = recovery(rho: 0.3)
        s.start = day(2019, 9, 2)
        s.levelShifts = [(s.start.days(to: day(2020, 3, 16)), s.start.days(to: day(2021, 6, 30)), 0.30)]
        s.recordedEvents = [
            BaselineEvent(id: "lockdown", kind: .levelShift, start: day(2020, 3, 16), end: day(2021, 6, 30), label: "COVID-19 measures")
        ]
        s.campaigns = [
            campaign("nov2020", day(2020, 11, 2), day(2020, 11, 29), gamma: 0),
            campaign("may2022", day(2022, 5, 2), day(2022, 5, 29), gamma: 0),
            campaign("oct2021", day(2021, 10, 4), day(2021, 10, 31), gamma: 0.2, lambda: 0.7),
        ]
        return s
    }

    /// +10%/yr, flat from the third year; a campaign in the last six weeks of the data.
    static var trendKink: SyntheticScenario {
        var s = recovery(rho: 0.3)
        s.trendPerYear = 0.10
        s.trendKink = (730, -0.10)
        let end = s.start.adding(days: s.days - 1)
        s.campaigns = [
            campaign("A", day(2022, 3, 1), day(2022, 4, 15), gamma: 0.25),
            campaign("late", end.adding(days: -41), end, gamma: 0.15),
        ]
        return s
    }

    /// A campaign still running on the last day of data, overlapping one that ended just before.
    static var endOfData: SyntheticScenario {
        var s = recovery(rho: 0.3)
        let end = s.start.adding(days: s.days - 1)
        s.campaigns = [
            campaign("A", day(2022, 3, 1), day(2022, 4, 15), gamma: 0.25),
            campaign("previous", end.adding(days: -70), end.adding(days: -20), gamma: 0.15, lambda: 0.5),
            campaign("running", end.adding(days: -27), end, gamma: 0.2),
        ]
        return s
    }

    static var zeroEffect: SyntheticScenario {
        var s = recovery(rho: 0.3)
        s.campaigns = s.campaigns.map {
            var c = $0
            c.gamma = 0
            c.lambda = 0
            return c
        }
        return s
    }

    static let grid: [CalibrationScenario] = [
        CalibrationScenario(name: "iid-25", what: "independent NB2 days, 25/day", scenario: recovery(rho: 0)),
        CalibrationScenario(name: "ar0.3-25", what: "latent AR(1) rho 0.3, 25/day", scenario: recovery(rho: 0.3)),
        CalibrationScenario(name: "ar0.5-25", what: "latent AR(1) rho 0.5, 25/day", scenario: recovery(rho: 0.5)),
        CalibrationScenario(name: "ar0.3-5", what: "latent AR(1) rho 0.3, 5/day", scenario: recovery(level: 5.2, rho: 0.3)),
        CalibrationScenario(name: "ar0.5-80", what: "latent AR(1) rho 0.5, 80/day", scenario: recovery(level: 83, rho: 0.5)),
        CalibrationScenario(name: "level-shift", what: "+35% 2020-03-16..2021-06-30 (recorded), rho 0.3", scenario: levelShift),
        CalibrationScenario(name: "trend-kink", what: "+10%/yr then flat, campaign in the last 6 weeks, rho 0.3", scenario: trendKink),
        CalibrationScenario(name: "end-of-data", what: "campaign running at the end, carry-over before it, rho 0.3", scenario: endOfData),
        CalibrationScenario(name: "zero-effect", what: "four campaigns without effect, rho 0.3", scenario: zeroEffect),
    ]

    /// The CI subset: enough intervals to tell a 1.5x too narrow SE from a right one.
    static let ci = ["ar0.5-25", "zero-effect"]
}
