// Exact rational numbers over `Int` with overflow-checked arithmetic.
//
// Invariants: `denominator > 0`, `gcd(|numerator|, denominator) == 1`, and
// zero is stored as 0/1. Every operation cross-cancels before multiplying so
// intermediates stay as small as possible; any remaining overflow traps with
// a message naming the operation (it never wraps silently).

public struct Rational: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    public static let zero = Rational(unchecked: 0, 1)
    public static let one = Rational(unchecked: 1, 1)

    /// Already-reduced value with a positive denominator (internal fast path).
    @inline(__always)
    init(unchecked numerator: Int, _ denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public init(_ value: Int) {
        self.init(unchecked: value, 1)
    }

    public init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0, "Rational: zero denominator")
        guard numerator != 0 else {
            self.init(unchecked: 0, 1)
            return
        }
        let g = Rational.gcd(numerator, denominator)
        var n = numerator / g
        var d = denominator / g
        if d < 0 {
            n = Rational.checkedNegate(n, "init")
            d = Rational.checkedNegate(d, "init")
        }
        self.init(unchecked: n, d)
    }

    public var isZero: Bool { numerator == 0 }
    public var isInteger: Bool { denominator == 1 }
    public var signum: Int { numerator > 0 ? 1 : (numerator < 0 ? -1 : 0) }

    /// Largest integer ≤ self.
    public var floor: Int {
        let q = numerator / denominator
        return (numerator % denominator != 0 && numerator < 0) ? q - 1 : q
    }

    /// Smallest integer ≥ self.
    public var ceiling: Int {
        let q = numerator / denominator
        return (numerator % denominator != 0 && numerator > 0) ? q + 1 : q
    }

    public var description: String {
        denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)"
    }

    // MARK: Arithmetic

    public static prefix func - (x: Rational) -> Rational {
        Rational(unchecked: checkedNegate(x.numerator, "negate"), x.denominator)
    }

    public static func + (a: Rational, b: Rational) -> Rational {
        if a.numerator == 0 { return b }
        if b.numerator == 0 { return a }
        if a.denominator == 1 && b.denominator == 1 {
            return Rational(unchecked: add(a.numerator, b.numerator, "+"), 1)
        }
        // a/b + c/d with g = gcd(b, d): (a·(d/g) + c·(b/g)) / (b/g · d)
        let g = gcd(a.denominator, b.denominator)
        if g == 1 {
            let n = add(mul(a.numerator, b.denominator, "+"), mul(b.numerator, a.denominator, "+"), "+")
            return Rational(unchecked: n, mul(a.denominator, b.denominator, "+"))
        }
        let bg = a.denominator / g
        let dg = b.denominator / g
        let t = add(mul(a.numerator, dg, "+"), mul(b.numerator, bg, "+"), "+")
        if t == 0 { return .zero }
        // gcd(t, b·d/g) = gcd(t, g) because gcd(t, bg) = gcd(t, dg) = 1.
        let g2 = gcd(t, g)
        return Rational(unchecked: t / g2, mul(bg, b.denominator / g2, "+"))
    }

    public static func - (a: Rational, b: Rational) -> Rational {
        a + (-b)
    }

    public static func * (a: Rational, b: Rational) -> Rational {
        if a.numerator == 0 || b.numerator == 0 { return .zero }
        if a.denominator == 1 && b.denominator == 1 {
            return Rational(unchecked: mul(a.numerator, b.numerator, "*"), 1)
        }
        let g1 = gcd(a.numerator, b.denominator)
        let g2 = gcd(b.numerator, a.denominator)
        let n = mul(a.numerator / g1, b.numerator / g2, "*")
        let d = mul(a.denominator / g2, b.denominator / g1, "*")
        return Rational(unchecked: n, d)
    }

    public static func / (a: Rational, b: Rational) -> Rational {
        precondition(b.numerator != 0, "Rational: division by zero")
        return a * b.reciprocal
    }

    public var reciprocal: Rational {
        precondition(numerator != 0, "Rational: reciprocal of zero")
        return numerator < 0
            ? Rational(
                unchecked: Rational.checkedNegate(denominator, "reciprocal"),
                Rational.checkedNegate(numerator, "reciprocal"))
            : Rational(unchecked: denominator, numerator)
    }

    /// self − f·x, the pivot kernel, with an all-integer fast path.
    @inline(__always)
    func subtractingProduct(_ f: Rational, _ x: Rational) -> Rational {
        if (denominator | f.denominator | x.denominator) == 1 {
            let (p, o1) = f.numerator.multipliedReportingOverflow(by: x.numerator)
            let (r, o2) = numerator.subtractingReportingOverflow(p)
            if !(o1 || o2) { return Rational(unchecked: r, 1) }
        }
        return self - f * x
    }

    public static func += (a: inout Rational, b: Rational) { a = a + b }
    public static func -= (a: inout Rational, b: Rational) { a = a - b }
    public static func *= (a: inout Rational, b: Rational) { a = a * b }

    public static func < (a: Rational, b: Rational) -> Bool {
        if a.denominator == b.denominator { return a.numerator < b.numerator }
        if a.signum != b.signum { return a.signum < b.signum }
        // Same non-zero sign: compare a.n·b.d with b.n·a.d (exactly, 128-bit).
        let l = a.numerator.multipliedFullWidth(by: b.denominator)
        let r = b.numerator.multipliedFullWidth(by: a.denominator)
        return l.high != r.high ? l.high < r.high : l.low < r.low
    }

    // MARK: Checked integer helpers

    @inline(__always)
    static func add(_ x: Int, _ y: Int, _ op: StaticString) -> Int {
        let (r, o) = x.addingReportingOverflow(y)
        if o { overflow(op, x, y) }
        return r
    }

    @inline(__always)
    static func mul(_ x: Int, _ y: Int, _ op: StaticString) -> Int {
        let (r, o) = x.multipliedReportingOverflow(by: y)
        if o { overflow(op, x, y) }
        return r
    }

    @inline(__always)
    static func checkedNegate(_ x: Int, _ op: StaticString) -> Int {
        if x == Int.min { overflow(op, x, -1) }
        return -x
    }

    static func overflow(_ op: StaticString, _ x: Int, _ y: Int) -> Never {
        fatalError("Rational overflow in '\(op)' (operands \(x), \(y)); the LP needs more than 64-bit fractions")
    }

    /// Non-negative gcd (binary-free Euclid; inputs may be negative, not both zero).
    @inline(__always)
    static func gcd(_ x: Int, _ y: Int) -> Int {
        var a = x.magnitude
        var b = y.magnitude
        while b != 0 { (a, b) = (b, a % b) }
        // a ≤ max(|x|, |y|); it only fails to fit in Int for gcd(Int.min, 0|Int.min).
        precondition(a <= UInt(Int.max), "Rational overflow in gcd")
        return Int(a)
    }
}

extension Rational: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}
