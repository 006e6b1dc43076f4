import Attribution
import Foundation
import Testing

/// Known effects are recovered (one seeded run; the 200-run study is `attribution-recovery`).
@Suite struct RecoveryTests {
    @Test(arguments: [UInt64(7), 2024])
    func trueExtraContactsWithinThreeStandardErrors(seed: UInt64) throws {
        let scenario = SyntheticScenario.recoveryStudy
        let truth = scenario.trueUplift()
        let series = scenario.simulate(seed: seed)
        var options = AttributionOptions()
        options.placeboRuns = 10
        let report = try CampaignAttribution.evaluate(
            series: series, campaigns: scenario.campaigns.map(\.window), holidays: scenario.holidays, options: options)
        #expect(report.campaigns.map(\.id) == ["A", "B", "C", "D"])
        for (j, c) in report.campaigns.enumerated() {
            #expect(c.upliftStandardError > 0)
            #expect(
                abs(c.upliftContacts - truth[j]) <= 3 * c.upliftStandardError,
                "\(c.id): estimate \(c.upliftContacts), truth \(truth[j]), SE \(c.upliftStandardError)")
            #expect(c.upliftLow < c.upliftContacts && c.upliftContacts < c.upliftHigh)
            #expect(abs(c.expectedContacts + c.upliftContacts - c.fittedContacts) < 1e-6)
            #expect(abs(c.upliftPercent - 100 * c.upliftContacts / c.expectedContacts) < 1e-9)
        }
        #expect(report.campaigns[0].overlapsWith == ["B"])
        #expect(report.campaigns[1].overlapsWith == ["A"])
        #expect(report.campaigns[3].overlapsWith.isEmpty)
        let alpha = try #require(report.model.alpha)
        #expect(alpha > 0.02 && alpha < 0.1, "α \(alpha)")
        #expect(report.model.fourierTerms == 2)
        #expect(report.model.diagnostics.n == 1095)
        // Up to 10 placebos per campaign, each of the campaign's own length on a quiet stretch.
        #expect(report.checks.placeboRuns >= 20 && report.checks.placeboRuns <= 40, "\(report.checks.placeboRuns) placebos")
        #expect(Double(report.checks.placeboSignificant) <= 0.2 * Double(report.checks.placeboRuns))
        let mape = try #require(report.checks.backtestMeanAbsPercentError)
        #expect(mape > 0 && mape < 20, "backtest MAPE \(mape)")
        // B's held-out weeks fall inside A, which the days before them cannot estimate: B has no backtest.
        #expect(report.checks.backtestCampaigns == 3)
        let coverage = try #require(report.checks.backtestIntervalCoverage)
        #expect(coverage >= 0.7, "backtest 95% prediction coverage \(coverage)")
        let noise = try #require(report.checks.backtestNoiseMeanAbsPercentError)
        #expect(noise > 2 && noise < mape * 3, "noise MAPE \(noise), MAPE \(mape)")
        // Costs were given, and the strong campaigns' intervals are above zero.
        let a = report.campaigns[0]
        #expect(a.significant)
        let cpc = try #require(a.costPerExtraContactEur)
        #expect(abs(cpc - 25_000 / a.upliftContacts) < 1e-9)
        #expect(a.costPerExtraContactLowEur! < cpc && cpc < a.costPerExtraContactHighEur!)
    }

    @Test func quasiPoissonAndPoissonFamiliesRun() throws {
        let scenario = SyntheticScenario.recoveryStudy
        let series = scenario.simulate(seed: 3)
        var options = AttributionOptions()
        options.placeboRuns = 0
        options.backtestWeeks = 0
        options.fixedCarryOver = ["A": 0, "B": 0, "C": 0.7, "D": 0]
        options.family = .quasiPoisson
        let qp = try CampaignAttribution.evaluate(
            series: series, campaigns: scenario.campaigns.map(\.window), holidays: scenario.holidays, options: options)
        options.family = .poisson
        let p = try CampaignAttribution.evaluate(
            series: series, campaigns: scenario.campaigns.map(\.window), holidays: scenario.holidays, options: options)
        #expect(qp.model.alpha == nil && qp.model.scale > 1.2, "overdispersed data: φ \(qp.model.scale)")
        #expect(p.model.scale == 1)
        for j in 0..<4 {
            // Same mean model, so the same point estimates; quasi-Poisson intervals are √φ wider.
            #expect(abs(qp.campaigns[j].upliftContacts - p.campaigns[j].upliftContacts) < 1e-6)
            let ratio = qp.campaigns[j].upliftStandardError / p.campaigns[j].upliftStandardError
            #expect(abs(ratio - qp.model.scale.squareRoot()) < 1e-6)
            #expect(qp.campaigns[j].carryOverLambda == options.fixedCarryOver[qp.campaigns[j].id])
        }
    }
}
