/// What a design-matrix column stands for.
public enum ColumnKind: Sendable, Hashable {
    case intercept
    case trend
    /// Change of the trend's slope from a knot (day index) on: max(0, t − knot)/365.25.
    case trendKnot(Int)
    /// A recorded non-campaign event (level shift, pulse, closure).
    case baselineEvent(id: String)
    /// ISO weekday 2 (Tuesday) … 7 (Sunday); Monday is the reference.
    case dayOfWeek(Int)
    case fourierSin(Int)
    case fourierCos(Int)
    case holiday(category: String)
    case campaign(id: String)

    /// Whether the column is a change of the trend's slope.
    public var isTrendKnot: Bool {
        if case .trendKnot = self { return true }
        return false
    }

    /// Whether the column is a campaign column.
    public var isCampaign: Bool {
        if case .campaign = self { return true }
        return false
    }
}

/// A dense design matrix stored column by column (column `j` is `values[j*rows ..< (j+1)*rows]`).
public struct DesignMatrix: Sendable, Hashable {
    public let rows: Int
    public private(set) var names: [String]
    public private(set) var kinds: [ColumnKind]
    public private(set) var values: [Double]

    /// An empty matrix with `rows` rows and no columns.
    public init(rows: Int) {
        self.rows = rows
        self.names = []
        self.kinds = []
        self.values = []
    }

    /// Column-major values with names; `values.count` must be `rows * names.count`.
    public init(rows: Int, names: [String], kinds: [ColumnKind], values: [Double]) {
        precondition(values.count == rows * names.count && kinds.count == names.count)
        self.rows = rows
        self.names = names
        self.kinds = kinds
        self.values = values
    }

    /// Number of columns.
    public var columns: Int { names.count }

    /// Element at row `i`, column `j`.
    public subscript(i: Int, j: Int) -> Double { values[j * rows + i] }

    /// Column `j` as an array.
    public func column(_ j: Int) -> [Double] { Array(values[(j * rows)..<((j + 1) * rows)]) }

    /// Row `i` as an array.
    public func row(_ i: Int) -> [Double] { (0..<columns).map { values[$0 * rows + i] } }

    /// The index of the column named `name`.
    public func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// Appends a column.
    public mutating func append(_ column: [Double], name: String, kind: ColumnKind) {
        precondition(column.count == rows)
        values += column
        names.append(name)
        kinds.append(kind)
    }

    /// Replaces the values of column `j`.
    public mutating func replaceColumn(_ j: Int, with column: [Double]) {
        precondition(column.count == rows)
        values.replaceSubrange((j * rows)..<((j + 1) * rows), with: column)
    }

    /// The sub-matrix of the given rows (in that order).
    public func selectingRows(_ rowIndices: [Int]) -> DesignMatrix {
        var v = [Double]()
        v.reserveCapacity(rowIndices.count * columns)
        for j in 0..<columns {
            let base = j * rows
            for i in rowIndices { v.append(values[base + i]) }
        }
        return DesignMatrix(rows: rowIndices.count, names: names, kinds: kinds, values: v)
    }

    /// The sub-matrix of the given columns (in that order).
    public func selectingColumns(_ columnIndices: [Int]) -> DesignMatrix {
        var v = [Double]()
        v.reserveCapacity(rows * columnIndices.count)
        for j in columnIndices { v += values[(j * rows)..<((j + 1) * rows)] }
        return DesignMatrix(rows: rows, names: columnIndices.map { names[$0] }, kinds: columnIndices.map { kinds[$0] }, values: v)
    }

    /// Linear predictor X·β.
    public func multiply(_ beta: [Double]) -> [Double] {
        precondition(beta.count == columns)
        var out = [Double](repeating: 0, count: rows)
        values.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                for j in 0..<columns where beta[j] != 0 {
                    let b = beta[j]
                    let base = j * rows
                    for i in 0..<rows { o[i] += b * x[base + i] }
                }
            }
        }
        return out
    }
}
