import Attribution
import Foundation
import Testing

/// The expected baseline per month (docs/STATISTICS.md, "Expected baseline"): what the dashboard draws as the band.
@Suite struct MonthlyBaselineTests {
    static let scenario = SyntheticScenario.recoveryStudy
    /// Months with a campaign day or a carry-over tail (C's λ = 0.7 runs into November).
    static let campaignMonths: Set = ["2022-03", "2022-04", "2022-05", "2022-10", "2022-11", "2023-06", "2023-07"]

    static func monthlySums(_ values: [Double]) -> [String: Double] {
        var out: [String: Double] = [:]
        for (i, v) in values.enumerated() {
            let d = scenario.start.adding(days: i).components
            out[String(format: "%04d-%02d", d.year, d.month), default: 0] += v
        }
        return out
    }

    /// One simulated series of the scenario and its fit (no placebos or backtests: they do not touch the baseline).
    static func evaluate(seed: UInt64) throws -> (DailySeries, AttributionReport) {
        let series = scenario.simulate(seed: seed)
        var options = AttributionOptions()
        options.placeboRuns = 0
        options.backtestWeeks = 0
        let report = try CampaignAttribution.evaluate(
            series: series, campaigns: scenario.campaigns.map(\.window), holidays: scenario.holidays, options: options)
        return (series, report)
    }

    @Test("one row per calendar month of the data; days and observed contacts add up to the series")
    func coversTheData() throws {
        let (series, report) = try Self.evaluate(seed: 11)
        let months = report.baseline.map(\.month)
        // 2021-01-04 … 2024-01-03: January 2021 to January 2024, partial at both ends.
        #expect(months.first == "2021-01" && months.last == "2024-01" && months.count == 37)
        #expect(months == months.sorted() && Set(months).count == months.count)
        #expect(report.baseline.first?.days == 28 && report.baseline.last?.days == 3)
        #expect(report.baseline.map(\.days).reduce(0, +) == series.count)
        #expect(report.baseline.map(\.observedContacts).reduce(0, +) == series.counts.reduce(0, +))
        for month in report.baseline {
            #expect(month.lower <= month.expectedContacts && month.expectedContacts <= month.upper, "\(month)")
            // A prediction interval: at least as wide as the Poisson noise of the month's count alone.
            let poissonHalfWidth = 1.959 * month.expectedContacts.squareRoot()
            #expect(month.upper - month.expectedContacts >= poissonHalfWidth, "\(month)")
        }
    }

    @Test("the band follows the true counterfactual, sits below the months campaigns lifted, and holds the months without one")
    func followsTheCounterfactual() throws {
        let (_, report) = try Self.evaluate(seed: 2024)
        let truth = Self.monthlySums(Self.scenario.trueBaselineMeans)
        var truthInside = 0
        var quietInside = 0
        var quiet = 0
        for month in report.baseline {
            let expected = try #require(truth[month.month])
            if month.lower <= expected && expected <= month.upper { truthInside += 1 }
            // Within 8% of the true counterfactual (the coefficients are estimates), campaign months included: the
            // campaigns are not in the baseline.
            #expect(abs(month.expectedContacts - expected) <= 0.08 * expected, "\(month.month): \(month.expectedContacts) vs \(expected)")
            if Self.campaignMonths.contains(month.month) { continue }
            quiet += 1
            if month.lower <= month.observedContacts && month.observedContacts <= month.upper { quietInside += 1 }
        }
        #expect(truthInside == report.baseline.count)
        // A 95% interval: a month or two of thirty may fall outside by chance.
        #expect(quietInside >= quiet - 3, "\(quietInside) of \(quiet) months without a campaign inside the band")
        // The strong campaigns (A +28%, C +35%) lifted their months above the expected baseline.
        for strong in ["2022-03", "2022-10"] {
            let month = try #require(report.baseline.first { $0.month == strong })
            #expect(month.observedContacts > month.expectedContacts * 1.1, "\(month)")
        }
    }
}
