// Seeded recovery study for the Attribution module: simulate the method notes' scenario many
// times, fit, and report bias and 95% interval coverage of each campaign's extra contacts.
//
// Usage: attribution-recovery [replications] [first-seed] [delta|bootstrap-carryover:B|bootstrap:B] [--timing] [--true-carry-over] [--penalty=X] [--no-carry-over-uncertainty]
//        attribution-recovery --perf   (fit time, 5 years x 10 campaigns)
import Attribution
import TimeArithmetic
import Foundation

let args = CommandLine.arguments.dropFirst()
if args.contains("--perf") {
    Timing.run(repeats: 11)
    exit(0)
}
let positional = args.filter { !$0.hasPrefix("--") }
let replications = positional.count > 0 ? Int(positional[positional.startIndex])! : 200
let firstSeed = positional.count > 1 ? UInt64(positional[positional.startIndex + 1])! : 1
let methodArg = positional.count > 2 ? positional[positional.startIndex + 2] : "delta"

var options = AttributionOptions()
options.placeboRuns = 0
options.backtestWeeks = 0
if methodArg.hasPrefix("bootstrap-carryover:") {
    options.intervals = .bootstrapForCarryOver(replicates: Int(methodArg.split(separator: ":")[1])!)
} else if methodArg.hasPrefix("bootstrap:") {
    options.intervals = .bootstrap(replicates: Int(methodArg.split(separator: ":")[1])!)
}

let scenario = SyntheticScenario.recoveryStudy
if let p = args.first(where: { $0.hasPrefix("--penalty=") }) {
    options.carryOverPenalty = Double(p.dropFirst("--penalty=".count))!
}
if args.contains("--no-carry-over-uncertainty") { options.includeCarryOverUncertainty = false }
if args.contains("--true-carry-over") {
    // Diagnostic: hold every campaign's carry-over at its true value (no selection).
    for c in scenario.campaigns { options.fixedCarryOver[c.window.id] = c.lambda }
}
let truth = scenario.trueUplift()
let ids = scenario.campaigns.map(\.window.id)
var estimates = [[Double]](repeating: [], count: ids.count)
var covered = [Int](repeating: 0, count: ids.count)
var within3SE = [Int](repeating: 0, count: ids.count)
var lambdas = [[Double]](repeating: [], count: ids.count)
var failures = 0
var alphas: [Double] = []
let clock = ContinuousClock()
var fitTimes: [Double] = []
for r in 0..<replications {
    let seed = firstSeed + UInt64(r)
    let series = scenario.simulate(seed: seed)
    do {
        var t0 = clock.now
        let report = try CampaignAttribution.evaluate(
            series: series, campaigns: scenario.campaigns.map(\.window), holidays: scenario.holidays, options: options)
        let elapsed = clock.now - t0
        fitTimes.append(elapsed.milliseconds)
        t0 = clock.now
        alphas.append(report.model.alpha ?? .nan)
        for (j, c) in report.campaigns.enumerated() {
            estimates[j].append(c.upliftContacts)
            lambdas[j].append(c.carryOverLambda)
            if c.upliftLow <= truth[j] && truth[j] <= c.upliftHigh { covered[j] += 1 }
            if abs(c.upliftContacts - truth[j]) <= 3 * c.upliftStandardError { within3SE[j] += 1 }
        }
    } catch {
        failures += 1
        print("seed \(seed): \(error)")
    }
}

func f(_ v: Double, _ d: Int) -> String { String(format: "%.\(d)f", v) }
let done = replications - failures
print(
    "attribution-recovery: \(replications) replications (seeds \(firstSeed)...\(firstSeed + UInt64(replications) - 1)), intervals: \(methodArg), carry-over penalty: \(options.carryOverPenalty), carry-over uncertainty: \(options.includeCarryOverUncertainty), failures: \(failures)"
)
print(
    "scenario: 3 years from \(scenario.start), NB2 alpha \(scenario.alpha), mean \(f(scenario.trueMeans.reduce(0, +) / Double(scenario.days), 1)) contacts/day"
)
print("mean estimated alpha: \(f(alphas.reduce(0, +) / Double(max(1, alphas.count)), 4))")
print("campaign  gamma  lambda  true-extra  mean-estimate  bias%   coverage95  within3SE  lambda-hat(median, share in [0.6,0.8])")
for j in ids.indices {
    let e = estimates[j]
    let mean = e.reduce(0, +) / Double(max(1, e.count))
    let bias = (mean - truth[j]) / truth[j] * 100
    let l = lambdas[j].sorted()
    let median = l.isEmpty ? .nan : l[l.count / 2]
    let share = Double(l.filter { $0 >= 0.6 && $0 <= 0.8 }.count) / Double(max(1, l.count))
    print(
        "\(ids[j].padding(toLength: 8, withPad: " ", startingAt: 0))  \(f(scenario.campaigns[j].gamma, 2))   \(f(scenario.campaigns[j].lambda, 1))     \(f(truth[j], 1))       \(f(mean, 1))         \(f(bias, 2))   \(f(Double(covered[j]) / Double(max(1, done)), 3))       \(f(Double(within3SE[j]) / Double(max(1, done)), 3))      \(f(median, 1)), \(f(share, 3))"
    )
}
if args.contains("--timing") {
    let sorted = fitTimes.sorted()
    print("fit time per evaluate (ms): median \(f(sorted[sorted.count / 2], 1)), max \(f(sorted.last ?? .nan, 1))")
}
