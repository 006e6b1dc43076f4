import Testing

@testable import Reports

/// The attacker of issue 13: it collects what the public dashboard publishes for every range a reader can request,
/// and solves the linear relations between the published figures (exact rational LP, `IntervalSolver.swift`) for the
/// interval of every withheld cell. It passes only if no withheld cell can be narrowed to fewer than `threshold`
/// possible values — the uncertainty a `<10` label gives by itself.
@Suite("Disclosure: differencing attack on the public dashboard's tables")
struct DifferencingAttackTests {
    /// Synthetic helplines with many small cells: months × channels, seeded.
    static func synthetic(seed: UInt64, months: Int, channels: [String]) -> [String: [String: Int]] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var table: [String: [String: Int]] = [:]
        for m in 0..<months {
            let month = "20\(23 + m / 12)-\(m % 12 < 9 ? "0" : "")\(m % 12 + 1)"
            var row: [String: Int] = [:]
            for channel in channels {
                // A third of the cells small (0–9), the rest 10–150.
                row[channel] = next(3) == 0 ? next(10) : 10 + next(140)
            }
            table[month] = row
        }
        return table
    }

    /// What the page for `months` publishes of each cell: its value, or the label's bounds.
    struct Published {
        var values: [String: Int] = [:]  // "month/channel" or "month/all" → value
        var primary: Set<String> = []
        var secondary: Set<String> = []
    }

    static func publish(_ table: [String: [String: Int]], months: [String], rules: Suppression, into published: inout Published) {
        let shown = Dictionary(uniqueKeysWithValues: months.map { ($0, table[$0]!) })
        let grid = ReleasedGrid(enabled: rules.isEnabled).grid(shown)
        for month in months {
            let row = table[month]!
            for (channel, value) in row.map({ ($0.key, $0.value) }) + [(Suppression.totalColumn, row.values.reduce(0, +))] {
                let key = "\(month)/\(channel)"
                switch grid.hidden[.init(row: month, column: channel)] {
                case .primary: published.primary.insert(key)
                case .secondary: published.secondary.insert(key)
                case nil: published.values[key] = value
                }
            }
        }
    }

    /// Every withheld cell whose feasible set, given everything published, has fewer than `threshold` integers.
    static func recoverable(_ table: [String: [String: Int]], _ published: Published, threshold t: Int) -> [String] {
        let months = table.keys.sorted()
        let channels = table.values.first!.keys.sorted()
        var index: [String: Int] = [:]
        for month in months { for channel in channels { index["\(month)/\(channel)"] = index.count } }
        var system = LinearSystem(unknowns: index.count)
        for month in months {
            let cells = channels.map { index["\(month)/\($0)"]! }
            for channel in channels + [Suppression.totalColumn] {
                let key = "\(month)/\(channel)"
                let terms = channel == Suppression.totalColumn ? cells.map { ($0, 1) } : [(index[key]!, 1)]
                if let value = published.values[key] {
                    system.equal(terms, value)
                } else if published.primary.contains(key) {
                    system.between(terms, 0, t - 1)
                }
                // An `x` (a withheld total) says nothing more: it may be below the threshold.
            }
        }
        let withheld = published.primary.union(published.secondary).filter { !$0.hasSuffix("/" + Suppression.totalColumn) }.sorted()
        guard case .bounds(let intervals) = feasibleIntervals(of: system, for: withheld.map { index[$0]! }) else {
            Issue.record("the published figures contradict each other")
            return withheld
        }
        var out: [String] = []
        for (key, interval) in zip(withheld, intervals) {
            // A secondary cell has no upper bound unless the figures give one; a primary one always has its label's.
            guard let upper = interval.integerUpper else { continue }
            let lower = interval.integerLower ?? 0
            if upper - lower + 1 < t { out.append("\(key) ∈ [\(lower), \(upper)]") }
        }
        return out
    }

    @Test("every range a reader can ask for, together: no withheld cell narrows below the threshold (three seeds)")
    func everyRangeTogether() {
        let rules = Suppression.publicOutput
        for seed: UInt64 in [11, 1712, 2023] {
            let table = Self.synthetic(seed: seed, months: 18, channels: ["chat", "email", "phone"])
            let months = table.keys.sorted()
            var published = Published()
            for from in months.indices {
                for to in from..<months.count { Self.publish(table, months: Array(months[from...to]), rules: rules, into: &published) }
            }
            // A cell shown on one page and withheld on another is published: count it as shown.
            published.primary.subtract(published.values.keys)
            published.secondary.subtract(published.values.keys)
            #expect(!published.primary.isEmpty, "the synthetic table has small cells")
            let leaks = Self.recoverable(table, published, threshold: rules.threshold)
            #expect(leaks.isEmpty, "seed \(seed): \(leaks.prefix(5))")
        }
    }

    @Test("the attacker finds a leak when one exists: a page that withholds a lone small cell")
    func attackerCanWin() {
        let table: [String: [String: Int]] = ["2023-03": ["phone": 120, "email": 60, "chat": 4]]
        var published = Published()
        published.values = ["2023-03/phone": 120, "2023-03/email": 60, "2023-03/all": 184]
        published.primary = ["2023-03/chat"]
        #expect(Self.recoverable(table, published, threshold: 10) == ["2023-03/chat ∈ [4, 4]"])
    }
}
