// Exact LP-relaxation interval solver ("attacker" for published tables).
//
// For every requested unknown x_j it computes min x_j and max x_j over all
// real x satisfying the bounds, equalities and ≤-inequalities of a
// `LinearSystem`, with a two-phase (artificial-variable) bounded-variable
// primal simplex over exact rationals. Bland's rule (lowest-index entering
// column, lowest-index blocking variable among ratio ties) guarantees
// termination under degeneracy. Phase 1 runs once; each of the 2·k
// objectives then warm-starts from the previous optimal (hence feasible) basis.
//
// Self-contained: this file plus Rational.swift, no dependencies.

// MARK: - Problem description

public struct LinearSystem: Sendable {
    public struct Term: Sendable, Hashable {
        public let unknown: Int
        public let coefficient: Int
        public init(unknown: Int, coefficient: Int) {
            self.unknown = unknown
            self.coefficient = coefficient
        }
    }

    public enum Relation: Sendable, Hashable {
        case equal  // Σ a_j x_j = b
        case atMost  // Σ a_j x_j ≤ b
    }

    public struct Constraint: Sendable, Hashable {
        public let terms: [Term]
        public let relation: Relation
        public let rhs: Int
    }

    public let unknownCount: Int
    /// nil = unbounded below. Defaults to 0 (counts).
    public private(set) var lowerBounds: [Int?]
    /// nil = unbounded above (the default).
    public private(set) var upperBounds: [Int?]
    public private(set) var constraints: [Constraint] = []

    public init(unknowns: Int) {
        precondition(unknowns >= 0, "LinearSystem: negative number of unknowns")
        unknownCount = unknowns
        lowerBounds = Array(repeating: 0, count: unknowns)
        upperBounds = Array(repeating: nil, count: unknowns)
    }

    /// Sets both bounds of x_j (nil = infinite on that side).
    public mutating func bound(_ j: Int, lower: Int?, upper: Int?) {
        check(j)
        lowerBounds[j] = lower
        upperBounds[j] = upper
    }

    /// Σ coefficient·x_unknown = rhs, terms given as (unknown, coefficient).
    public mutating func equal(_ terms: [(Int, Int)], _ rhs: Int) {
        add(terms, .equal, rhs)
    }

    /// Σ coefficient·x_unknown ≤ rhs.
    public mutating func atMost(_ terms: [(Int, Int)], _ rhs: Int) {
        add(terms, .atMost, rhs)
    }

    /// Σ coefficient·x_unknown ≥ rhs.
    public mutating func atLeast(_ terms: [(Int, Int)], _ rhs: Int) {
        add(
            terms.map { ($0.0, Rational.checkedNegate($0.1, "atLeast")) }, .atMost,
            Rational.checkedNegate(rhs, "atLeast"))
    }

    /// lower ≤ Σ coefficient·x_unknown ≤ upper (e.g. a value published after
    /// rounding to base 5: `between([(j, 1)], 5*k - 2, 5*k + 2)`).
    public mutating func between(_ terms: [(Int, Int)], _ lower: Int, _ upper: Int) {
        atLeast(terms, lower)
        atMost(terms, upper)
    }

    /// Σ_{j ∈ unknowns} x_j = rhs (a published total).
    public mutating func sum(_ unknowns: [Int], equals rhs: Int) {
        equal(unknowns.map { ($0, 1) }, rhs)
    }

    /// x_j = value (a published cell).
    public mutating func value(_ j: Int, equals value: Int) {
        equal([(j, 1)], value)
    }

    /// Exact check of a candidate point against bounds and constraints.
    public func isSatisfied(by x: [Rational]) -> Bool {
        guard x.count == unknownCount else { return false }
        for j in 0..<unknownCount {
            if let l = lowerBounds[j], x[j] < Rational(l) { return false }
            if let u = upperBounds[j], Rational(u) < x[j] { return false }
        }
        for c in constraints {
            var s = Rational.zero
            for t in c.terms { s += Rational(t.coefficient) * x[t.unknown] }
            switch c.relation {
            case .equal: if s != Rational(c.rhs) { return false }
            case .atMost: if Rational(c.rhs) < s { return false }
            }
        }
        return true
    }

    private func check(_ j: Int) {
        precondition(j >= 0 && j < unknownCount, "LinearSystem: unknown \(j) out of range 0..<\(unknownCount)")
    }

    private mutating func add(_ terms: [(Int, Int)], _ relation: Relation, _ rhs: Int) {
        for t in terms { check(t.0) }
        constraints.append(
            Constraint(
                terms: terms.map { Term(unknown: $0.0, coefficient: $0.1) },
                relation: relation, rhs: rhs))
    }
}

// MARK: - Results

public struct FeasibleInterval: Sendable, Hashable, CustomStringConvertible {
    public let unknown: Int
    /// min x_j over the LP relaxation; nil = unbounded below.
    public let lower: Rational?
    /// max x_j over the LP relaxation; nil = unbounded above.
    public let upper: Rational?
    /// An optimal point attaining `lower` / `upper` (only if witnesses were requested).
    public let lowerWitness: [Rational]?
    public let upperWitness: [Rational]?

    /// upper − lower, nil when either side is unbounded.
    public var width: Rational? {
        guard let lower, let upper else { return nil }
        return upper - lower
    }

    /// The LP pins the unknown to a single value: recovered exactly.
    public var isExact: Bool { lower != nil && lower == upper }

    /// ceil(lower): smallest integer value the unknown can take (nil = unbounded).
    public var integerLower: Int? { lower?.ceiling }
    /// floor(upper): largest integer value the unknown can take (nil = unbounded).
    public var integerUpper: Int? { upper?.floor }

    /// floor(upper) − ceil(lower); negative means no integer fits the LP interval.
    public var integerWidth: Int? {
        guard let l = integerLower, let u = integerUpper else { return nil }
        return u - l
    }

    public func contains(_ v: Rational) -> Bool {
        if let lower, v < lower { return false }
        if let upper, upper < v { return false }
        return true
    }

    public var description: String {
        "x\(unknown) ∈ [\(lower.map { "\($0)" } ?? "-∞"), \(upper.map { "\($0)" } ?? "+∞")]"
    }
}

public enum IntervalResult: Sendable, Hashable {
    case infeasible
    /// One interval per requested unknown, in request order.
    case bounds([FeasibleInterval])

    public var intervals: [FeasibleInterval]? {
        if case .bounds(let b) = self { return b }
        return nil
    }

    public var isInfeasible: Bool { self == .infeasible }
}

/// Exact [min, max] of each requested unknown (all unknowns if `unknowns` is nil)
/// over the LP relaxation of `system`.
public func feasibleIntervals(
    of system: LinearSystem, for unknowns: [Int]? = nil,
    witnesses: Bool = false
) -> IntervalResult {
    let targets = unknowns ?? Array(0..<system.unknownCount)
    for j in targets {
        precondition(j >= 0 && j < system.unknownCount, "feasibleIntervals: unknown \(j) out of range")
    }
    var solver = SimplexSolver(system)
    guard solver.phaseOne() else { return .infeasible }
    var out: [FeasibleInterval] = []
    out.reserveCapacity(targets.count)
    for j in targets {
        let lo = solver.optimize(unknown: j, maximize: false)
        let loW = (witnesses && lo != nil) ? solver.currentPoint() : nil
        let hi = solver.optimize(unknown: j, maximize: true)
        let hiW = (witnesses && hi != nil) ? solver.currentPoint() : nil
        out.append(FeasibleInterval(unknown: j, lower: lo, upper: hi, lowerWitness: loW, upperWitness: hiW))
    }
    return .bounds(out)
}

// MARK: - Simplex

/// Bounded-variable primal simplex on a dense tableau in canonical form.
///
/// Every column y_k has bounds 0 ≤ y_k ≤ upper[k] (upper may be infinite), so
/// box bounds such as "< 10" cost no rows. Row `rowCount` of `cells` holds the
/// reduced costs of the current objective; `value` holds the basic variables'
/// values; non-basic columns sit at 0 or (if `atUpper`) at their upper bound.
struct SimplexSolver {
    /// x_j = offset + Σ sign·y_column.
    private struct Substitution {
        var offset: Int
        var columns: [(column: Int, sign: Int)]
    }

    private let system: LinearSystem
    private var substitution: [Substitution] = []
    private var rowCount = 0
    private var columnCount = 0
    private var cells: [Rational] = []  // (rowCount + 1) × columnCount, row-major
    private var value: [Rational] = []  // value of the basic variable of each row
    private var basis: [Int] = []  // basic column of each row
    private var isBasic: [Bool] = []
    private var upper: [Rational?] = []  // column upper bounds (lower bounds are 0)
    private var atUpper: [Bool] = []  // non-basic column held at its upper bound

    init(_ system: LinearSystem) {
        self.system = system
    }

    // MARK: Set-up and phase 1

    /// Builds the standard form and drives it to a feasible basis. Returns false if infeasible.
    mutating func phaseOne() -> Bool {
        // 1. Substitute every unknown by non-negative (possibly bounded) columns.
        var columnUpper: [Rational?] = []
        for j in 0..<system.unknownCount {
            let col = columnUpper.count
            switch (system.lowerBounds[j], system.upperBounds[j]) {
            case (let l?, let u):
                substitution.append(Substitution(offset: l, columns: [(col, 1)]))
                if let u {
                    let span = Rational.add(u, Rational.checkedNegate(l, "bound"), "bound")
                    if span < 0 { return false }  // lower > upper
                    columnUpper.append(Rational(span))
                } else {
                    columnUpper.append(nil)
                }
            case (nil, let u?):  // x = u − y
                substitution.append(Substitution(offset: u, columns: [(col, -1)]))
                columnUpper.append(nil)
            case (nil, nil):  // x = y⁺ − y⁻
                substitution.append(Substitution(offset: 0, columns: [(col, 1), (col + 1, -1)]))
                columnUpper.append(contentsOf: [nil, nil])
            }
        }
        let structuralCount = columnUpper.count
        var rows: [(coeffs: [Int: Rational], rhs: Rational, isEquality: Bool)] = []
        for c in system.constraints {
            var coeffs: [Int: Rational] = [:]
            var rhs = Rational(c.rhs)
            for t in c.terms where t.coefficient != 0 {
                let s = substitution[t.unknown]
                rhs -= Rational(t.coefficient) * Rational(s.offset)
                for (k, sign) in s.columns {
                    coeffs[k, default: .zero] += Rational(sign < 0 ? Rational.checkedNegate(t.coefficient, "term") : t.coefficient)
                }
            }
            rows.append((coeffs.filter { !$0.value.isZero }, rhs, c.relation == .equal))
        }

        // 2. Slacks for ≤ rows; make every rhs ≥ 0; artificials where no +1 slack can start basic.
        rowCount = rows.count
        let slackCount = rows.filter { !$0.isEquality }.count
        let needsArtificial = rows.map { $0.isEquality || $0.rhs < .zero }
        let artificialCount = needsArtificial.filter { $0 }.count
        let firstArtificial = structuralCount + slackCount
        columnCount = firstArtificial + artificialCount
        upper = columnUpper + [Rational?](repeating: nil, count: slackCount + artificialCount)
        atUpper = [Bool](repeating: false, count: columnCount)
        cells = [Rational](repeating: .zero, count: (rowCount + 1) * columnCount)
        value = [Rational](repeating: .zero, count: rowCount)
        basis = [Int](repeating: -1, count: rowCount)
        var nextSlack = structuralCount
        var nextArtificial = firstArtificial
        for (i, r) in rows.enumerated() {
            let negate = r.rhs < .zero
            let base = i * columnCount
            for (k, v) in r.coeffs { cells[base + k] = negate ? -v : v }
            value[i] = negate ? -r.rhs : r.rhs
            if !r.isEquality {
                cells[base + nextSlack] = negate ? -Rational.one : .one
                if !negate { basis[i] = nextSlack }
                nextSlack += 1
            }
            if needsArtificial[i] {
                cells[base + nextArtificial] = .one
                basis[i] = nextArtificial
                nextArtificial += 1
            }
        }
        isBasic = [Bool](repeating: false, count: columnCount)
        for b in basis { isBasic[b] = true }

        // 3. Phase 1: minimise the sum of the artificials.
        guard artificialCount > 0 else { return true }
        var cost = [Rational](repeating: .zero, count: columnCount)
        for k in firstArtificial..<columnCount { cost[k] = .one }
        setObjective(cost)
        let bounded = runSimplex(enteringLimit: columnCount)
        precondition(bounded, "IntervalSolver: phase 1 cannot be unbounded")
        for i in 0..<rowCount where basis[i] >= firstArtificial && !value[i].isZero {
            return false  // min Σ artificials > 0
        }

        // 4. Pivot the remaining (zero-valued) artificials out; their rows, if they
        //    have no other non-zero entry, are linear combinations of the others.
        var keep = [Bool](repeating: true, count: rowCount)
        for i in 0..<rowCount where basis[i] >= firstArtificial {
            if let k = (0..<firstArtificial).first(where: { !cells[i * columnCount + $0].isZero }) {
                let entering = currentValue(ofNonBasic: k)
                pivot(row: i, column: k)  // degenerate: no value changes
                value[i] = entering
            } else {
                keep[i] = false
            }
        }
        compact(keepRows: keep, keepColumns: firstArtificial)
        return true
    }

    /// Removes rows not in `keepRows` and all columns ≥ `keepColumns` (the artificials).
    private mutating func compact(keepRows: [Bool], keepColumns: Int) {
        var newCells: [Rational] = []
        newCells.reserveCapacity((rowCount + 1) * keepColumns)
        var newBasis: [Int] = []
        var newValue: [Rational] = []
        for i in 0...rowCount where i == rowCount || keepRows[i] {
            let base = i * columnCount
            newCells.append(contentsOf: cells[base..<(base + keepColumns)])
            if i < rowCount {
                newBasis.append(basis[i])
                newValue.append(value[i])
            }
        }
        cells = newCells
        basis = newBasis
        value = newValue
        rowCount = newBasis.count
        columnCount = keepColumns
        upper.removeSubrange(keepColumns...)
        atUpper.removeSubrange(keepColumns...)
        isBasic.removeSubrange(keepColumns...)
    }

    // MARK: Phase 2

    /// min (or max) of x_j, starting from the current feasible basis; nil when unbounded.
    mutating func optimize(unknown j: Int, maximize: Bool) -> Rational? {
        var cost = [Rational](repeating: .zero, count: columnCount)
        for (k, sign) in substitution[j].columns { cost[k] = Rational(maximize ? -sign : sign) }
        setObjective(cost)
        guard runSimplex(enteringLimit: columnCount) else { return nil }
        return currentValue(ofUnknown: j)
    }

    /// The current basic solution mapped back to the original unknowns.
    func currentPoint() -> [Rational] {
        (0..<system.unknownCount).map { currentValue(ofUnknown: $0) }
    }

    private func currentValue(ofUnknown j: Int) -> Rational {
        let s = substitution[j]
        var x = Rational(s.offset)
        for (k, sign) in s.columns {
            let v = isBasic[k] ? value[basis.firstIndex(of: k)!] : currentValue(ofNonBasic: k)
            x += sign > 0 ? v : -v
        }
        return x
    }

    private func currentValue(ofNonBasic k: Int) -> Rational {
        atUpper[k] ? upper[k]! : .zero
    }

    // MARK: Core

    /// Reduced-cost row := c − c_B·B⁻¹A.
    private mutating func setObjective(_ cost: [Rational]) {
        let obj = rowCount * columnCount
        for k in 0..<columnCount { cells[obj + k] = cost[k] }
        for i in 0..<rowCount {
            let cb = cost[basis[i]]
            if cb.isZero { continue }
            let base = i * columnCount
            for k in 0..<columnCount where !cells[base + k].isZero {
                cells[obj + k] = cells[obj + k].subtractingProduct(cb, cells[base + k])
            }
        }
    }

    /// Bounded-variable primal simplex with Bland's rule: the entering column is
    /// the lowest-index improving one; among blocking variables (basic ones
    /// reaching a bound, or the entering one reaching its own upper bound) the
    /// lowest column index leaves. Returns false if the objective is unbounded below.
    private mutating func runSimplex(enteringLimit: Int) -> Bool {
        let obj = rowCount * columnCount
        while true {
            var entering = -1
            for k in 0..<enteringLimit where !isBasic[k] && upper[k] != .zero {
                let d = cells[obj + k].signum
                if (d < 0 && !atUpper[k]) || (d > 0 && atUpper[k]) {
                    entering = k
                    break
                }
            }
            if entering < 0 { return true }
            let increasing = !atUpper[entering]

            // Ratio test. The entering variable moves by t ≥ 0 in its direction;
            // basic variable i changes by −rate·t with rate = ±α_i,entering.
            var step: Rational? = upper[entering]
            var blocking = entering  // column index of the blocking variable
            var blockingRow = -1
            var leavesAtUpper = false
            for i in 0..<rowCount {
                let a = cells[i * columnCount + entering]
                if a.isZero { continue }
                let rate = increasing ? a : -a
                let limit: Rational
                let toUpper: Bool
                if rate.signum > 0 {
                    limit = value[i] / rate
                    toUpper = false
                } else if let u = upper[basis[i]] {
                    limit = (u - value[i]) / (-rate)
                    toUpper = true
                } else {
                    continue
                }
                if step == nil || limit < step! || (limit == step! && basis[i] < blocking) {
                    step = limit
                    blocking = basis[i]
                    blockingRow = i
                    leavesAtUpper = toUpper
                }
            }
            guard let t = step else { return false }  // unbounded direction

            if !t.isZero {
                let move = increasing ? t : -t
                for i in 0..<rowCount {
                    let a = cells[i * columnCount + entering]
                    if !a.isZero { value[i] = value[i].subtractingProduct(a, move) }
                }
            }
            if blockingRow < 0 {  // bound flip, no basis change
                atUpper[entering].toggle()
                continue
            }
            let enteringValue = increasing ? t : upper[entering]! - t
            let leaving = basis[blockingRow]
            pivot(row: blockingRow, column: entering)
            value[blockingRow] = enteringValue
            atUpper[leaving] = leavesAtUpper
            atUpper[entering] = false
        }
    }

    /// Gauss–Jordan pivot on (row, column) over all rows including the objective row.
    private mutating func pivot(row r: Int, column c: Int) {
        let w = columnCount
        let rows = rowCount + 1
        cells.withUnsafeMutableBufferPointer { t in
            let pr = r * w
            let inv = t[pr + c].reciprocal
            var nonzero: [Int] = []
            for k in 0..<w where !t[pr + k].isZero {
                t[pr + k] = t[pr + k] * inv
                nonzero.append(k)
            }
            for i in 0..<rows where i != r {
                let base = i * w
                let f = t[base + c]
                if f.isZero { continue }
                for k in nonzero {
                    t[base + k] = t[base + k].subtractingProduct(f, t[pr + k])
                }
                t[base + c] = .zero
            }
        }
        isBasic[basis[r]] = false
        basis[r] = c
        isBasic[c] = true
    }
}
