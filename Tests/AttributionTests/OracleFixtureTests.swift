import Attribution
import Foundation
import Testing

/// Swift IRLS against statsmodels on the committed fixtures.
@Suite struct OracleFixtureTests {
    static let coefficientTolerance = 1e-8
    static let seRelativeTolerance = 1e-7

    func check(_ fit: GLMFit, _ expected: OracleFixture.Expected, _ label: String, quasi: Bool = false) {
        #expect(fit.coefficients.count == expected.params.count)
        for (j, (a, b)) in zip(fit.coefficients, expected.params).enumerated() {
            #expect(abs(a - b) <= Self.coefficientTolerance, "\(label) coefficient \(fit.columnNames[j]): swift \(a) statsmodels \(b)")
        }
        for (j, (a, b)) in zip(fit.standardErrors, expected.bse).enumerated() {
            #expect(abs(a - b) / b <= Self.seRelativeTolerance, "\(label) SE \(fit.columnNames[j]): swift \(a) statsmodels \(b)")
        }
        #expect(abs(fit.scale - expected.scale) / expected.scale <= 1e-9, "\(label) scale")
        #expect(abs(fit.pearsonChi2 - expected.pearsonChi2) / expected.pearsonChi2 <= 1e-9, "\(label) Pearson χ²")
        // statsmodels reports the quasi-Poisson llf divided by the scale.
        let llf = quasi ? fit.logLikelihood / fit.scale : fit.logLikelihood
        #expect(abs(llf - expected.llf) / abs(expected.llf) <= 1e-10, "\(label) log-likelihood")
    }

    @Test(arguments: OracleFixture.names)
    func poisson(_ name: String) throws {
        let f = try OracleFixture(name)
        check(try GLMFitter.fit(y: f.y, x: f.x, family: .poisson), f.meta.poisson, "\(name) Poisson")
    }

    @Test(arguments: OracleFixture.names)
    func quasiPoisson(_ name: String) throws {
        let f = try OracleFixture(name)
        let fit = try GLMFitter.fit(y: f.y, x: f.x, family: .quasiPoisson)
        check(fit, f.meta.quasiPoisson, "\(name) quasi-Poisson", quasi: true)
        #expect(fit.scale > 1, "fixtures are overdispersed")
    }

    @Test(arguments: OracleFixture.names)
    func negativeBinomialAtFixtureAlpha(_ name: String) throws {
        let f = try OracleFixture(name)
        let alpha = try #require(f.meta.negativeBinomial.alpha)
        check(try GLMFitter.fit(y: f.y, x: f.x, family: .negativeBinomial(alpha: alpha)), f.meta.negativeBinomial, "\(name) NB2")
    }

    @Test(arguments: OracleFixture.names)
    func negativeBinomialProfileAlpha(_ name: String) throws {
        let f = try OracleFixture(name)
        let profile = try NegativeBinomialProfile.fit(y: f.y, x: f.x)
        let sm = try #require(f.meta.negativeBinomial.alpha)
        let discrete = try #require(f.meta.negativeBinomial.alphaDiscrete)
        // Same optimum (profile max = joint MLE); tolerances reflect the 1-D optimisers.
        #expect(abs(profile.alpha - sm) / sm <= 1e-6, "profile α swift \(profile.alpha) statsmodels-profile \(sm)")
        #expect(abs(profile.alpha - discrete) / discrete <= 1e-5, "profile α swift \(profile.alpha) discrete NB MLE \(discrete)")
    }

    @Test(arguments: OracleFixture.names)
    func designMatrixMatchesIndependentPythonBuild(_ name: String) throws {
        let f = try OracleFixture(name)
        let start = try #require(LocalDay(iso: f.meta.start))
        let builder = DesignBuilder(
            start: start, days: f.meta.days, holidays: .belgium(from: start, through: start.adding(days: f.meta.days - 1)),
            fourierTerms: f.meta.fourierTermsRequested)
        #expect(builder.fourierTerms == f.meta.fourierTerms)
        let x = builder.build(campaigns: f.campaigns, lambdas: f.meta.campaigns.map(\.lambda))
        #expect(x.names == f.meta.columns)
        guard x.names == f.meta.columns else { return }
        var worst = 0.0
        for i in 0..<x.rows { for j in 0..<x.columns { worst = max(worst, abs(x[i, j] - f.x[i, j])) } }
        #expect(worst <= 1e-12, "largest design difference \(worst)")
        #expect(f.dates.first == start.description)
    }
}
