import Attribution
import Foundation

/// One oracle fixture written by scripts/oracle/make_fixtures.py.
struct OracleFixture {
    struct Expected: Decodable {
        let params: [Double]
        let bse: [Double]
        let scale: Double
        let deviance: Double
        let pearsonChi2: Double
        let llf: Double
        let alpha: Double?
        let alphaDiscrete: Double?

        enum CodingKeys: String, CodingKey {
            case params, bse, scale, deviance, llf, alpha
            case pearsonChi2 = "pearson_chi2"
            case alphaDiscrete = "alpha_discrete"
        }
    }
    struct Campaign: Decodable {
        let id: String
        let start: String
        let end: String
        let lambda: Double
    }
    struct Meta: Decodable {
        let name: String
        let start: String
        let days: Int
        let fourierTermsRequested: Int
        let fourierTerms: Int
        let campaigns: [Campaign]
        let columns: [String]
        let poisson: Expected
        let quasiPoisson: Expected
        let negativeBinomial: Expected

        enum CodingKeys: String, CodingKey {
            case name, start, days, fourierTermsRequested, fourierTerms, campaigns, columns, poisson
            case quasiPoisson = "quasi_poisson"
            case negativeBinomial = "negative_binomial"
        }
    }

    static let names = ["nb_three_years", "small_counts_two_years", "short_high_counts"]

    let meta: Meta
    let dates: [String]
    let y: [Double]
    let x: DesignMatrix

    init(_ name: String) throws {
        guard let jsonURL = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"),
            let csvURL = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "Fixtures")
        else { throw FixtureError.missing(name) }
        meta = try JSONDecoder().decode(Meta.self, from: Data(contentsOf: jsonURL))
        let text = try String(contentsOf: csvURL, encoding: .utf8)
        var lines = text.split(separator: "\n")
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        guard Array(header.dropFirst(2)) == meta.columns else { throw FixtureError.badHeader }
        let p = meta.columns.count
        var dates: [String] = []
        var y: [Double] = []
        var cols = [[Double]](repeating: [], count: p)
        for line in lines {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count == p + 2 else { throw FixtureError.badRow(String(line)) }
            dates.append(String(f[0]))
            y.append(Double(f[1])!)
            for j in 0..<p { cols[j].append(Double(f[j + 2])!) }
        }
        self.dates = dates
        self.y = y
        var kinds: [ColumnKind] = []
        for n in meta.columns {
            kinds.append(n.hasPrefix("campaign:") ? .campaign(id: String(n.dropFirst(9))) : .trend)
        }
        x = DesignMatrix(rows: y.count, names: meta.columns, kinds: kinds, values: cols.flatMap { $0 })
    }

    var campaigns: [CampaignWindow] {
        meta.campaigns.map { CampaignWindow(id: $0.id, start: LocalDay(iso: $0.start)!, end: LocalDay(iso: $0.end)!) }
    }

    enum FixtureError: Error {
        case missing(String)
        case badHeader
        case badRow(String)
    }
}
