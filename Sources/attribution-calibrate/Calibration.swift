import Attribution

/// Runs one scenario and summarises it.
enum Calibration {
    struct CampaignLine {
        var id: String
        var truth: Double
        var meanEstimate: Double
        var biasPercent: Double
        var coverage: Double
        var narrowCoverage: Double
        var significantShare: Double
        var meanCalibration: Double
        var extrapolatedShare: Double
    }

    struct Result {
        var done: Int
        var failures: Int
        var meanLag1: Double
        var placeboFalsePositive: Double
        var pooledCoverage: Double
        var pooledNarrowCoverage: Double
        var campaigns: [CampaignLine]
    }

    /// What one fit contributes.
    struct Run: Sendable {
        var uplift: [Double]
        var se: [Double]
        var low: [Double]
        var high: [Double]
        var significant: [Bool]
        var calibration: [Double]
        var extrapolated: [Bool]
        var lag1: Double
        var placeboRuns: Int
        var placeboSignificant: Int
    }

    static func fit(_ scenario: SyntheticScenario, seed: UInt64, variant: Variant) -> Run? {
        let series = scenario.simulate(seed: seed)
        var options = AttributionOptions()
        options.backtestWeeks = 0
        options.sensitivity = false
        if variant.modelBased {
            options.allowForSerialCorrelation = false
            options.calibrateWithPlacebos = false
        }
        if variant.linearTrend { options.trend = .linear }
        guard
            let report = try? CampaignAttribution.evaluate(
                series: series, campaigns: scenario.campaigns.map(\.window), holidays: scenario.holidays,
                events: variant.withoutEvents ? [] : scenario.recordedEvents,
                options: options)
        else { return nil }
        let c = report.campaigns
        return Run(
            uplift: c.map(\.upliftContacts), se: c.map(\.upliftStandardError), low: c.map(\.upliftLow), high: c.map(\.upliftHigh),
            significant: c.map(\.significant), calibration: c.map(\.placeboCalibrationFactor), extrapolated: c.map(\.baselineExtrapolated),
            lag1: report.model.diagnostics.residualAutocorrelation.first ?? 0, placeboRuns: report.checks.placeboRuns,
            placeboSignificant: report.checks.placeboSignificant)
    }

    /// The method with parts switched off, to show that the checks fail without them.
    struct Variant: Sendable {
        var modelBased = false
        var linearTrend = false
        var withoutEvents = false
    }

    static func run(_ sc: CalibrationScenario, runs: Int, firstSeed: UInt64, variant: Variant) async -> Result {
        let scenario = sc.scenario
        // Two fits at a time (two cores).
        var fits: [Run?] = []
        await withTaskGroup(of: (Int, Run?).self) { group in
            var next = 0
            var collected = [Run?](repeating: nil, count: runs)
            func add(_ group: inout TaskGroup<(Int, Run?)>) {
                let r = next
                next += 1
                group.addTask { (r, fit(scenario, seed: firstSeed + UInt64(r), variant: variant)) }
            }
            for _ in 0..<min(2, runs) { add(&group) }
            while let (r, run) = await group.next() {
                collected[r] = run
                if next < runs { add(&group) }
            }
            fits = collected
        }
        let truth = scenario.trueUplift()
        let ok = fits.compactMap { $0 }
        let critical = 1.959963984540054
        var lines: [CampaignLine] = []
        var covered = 0
        var narrowCovered = 0
        for (j, c) in scenario.campaigns.enumerated() {
            let n = Double(max(1, ok.count))
            let estimates = ok.map { $0.uplift[j] }
            let mean = estimates.reduce(0, +) / n
            let cov = ok.filter { $0.low[j] <= truth[j] && truth[j] <= $0.high[j] }.count
            let narrow = ok.filter { abs($0.uplift[j] - truth[j]) <= critical * $0.se[j] / 1.5 }.count
            covered += cov
            narrowCovered += narrow
            lines.append(
                CampaignLine(
                    id: c.window.id, truth: truth[j], meanEstimate: mean,
                    biasPercent: truth[j] == 0 ? .nan : (mean - truth[j]) / truth[j] * 100, coverage: Double(cov) / n,
                    narrowCoverage: Double(narrow) / n, significantShare: Double(ok.filter { $0.significant[j] }.count) / n,
                    meanCalibration: ok.map { $0.calibration[j] }.reduce(0, +) / n,
                    extrapolatedShare: Double(ok.filter { $0.extrapolated[j] }.count) / n))
        }
        let intervals = Double(max(1, ok.count * scenario.campaigns.count))
        let placebos = ok.reduce(0) { $0 + $1.placeboRuns }
        return Result(
            done: ok.count, failures: runs - ok.count, meanLag1: ok.map(\.lag1).reduce(0, +) / Double(max(1, ok.count)),
            placeboFalsePositive: Double(ok.reduce(0) { $0 + $1.placeboSignificant }) / Double(max(1, placebos)),
            pooledCoverage: Double(covered) / intervals, pooledNarrowCoverage: Double(narrowCovered) / intervals, campaigns: lines)
    }
}
