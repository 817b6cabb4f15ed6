import Foundation
import SynthCore
import SynthTesting
import Testing

@testable import SynthGenerators

@Suite struct FeatureSchemaTests {
    @Test(arguments: [
        (
            "features:\n  - name: a\n    type: normal\n    mean: 0\n    sdd: 1\n",
            "test.yaml:5: feature 'a': 'sd' is missing; is 'sdd' a misspelling of it?"
        ),
        (
            "features:\n  - name: a\n    type: uniform\n    min: 0\n    max: 1\n    colour: red\n",
            "test.yaml:6: feature 'a': unknown key 'colour'; allowed here: name, type, decimals, segments, min, max"
        ),
        (
            "features:\n  - name: a\n    type: gamma\n",
            "test.yaml:3: feature 'a': unknown type 'gamma'; types: uniform, normal, beta, lognormal, integer, categorical"
        ),
        (
            "features:\n  - name: a\n    type: beta\n    a: 0\n    b: 2\n",
            "test.yaml:2: feature 'a': 'a' and 'b' must be above 0, got 0.0 and 2.0"
        ),
        (
            "features:\n  - name: a\n    type: uniform\n    min: 0\n    max: one\n",
            "test.yaml:5: feature 'a': 'max' must be a number, got 'one'"
        ),
        (
            "features:\n  - {name: a, type: uniform, min: 0, max: 1}\n  - {name: a, type: uniform, min: 0, max: 1}\n",
            "test.yaml:3: feature 2: a second feature is called 'a'"
        ),
        (
            "features:\n  - {name: a, type: uniform, min: 0, max: 1}\ncorrelations:\n  a: {z: 0.5}\n",
            "test.yaml:4: correlations of 'a': 'z' is not a feature"
        ),
        (
            "features:\n  - {name: a, type: uniform, min: 0, max: 1}\n  - {name: b, type: uniform, min: 0, max: 1}\ncorrelations:\n  a: {b: 1.5}\n",
            "test.yaml:5: correlations of 'a': a correlation must be between -1 and 1 (exclusive), got 1.5"
        ),
        (
            "features:\n  - {name: a, type: uniform, min: 0, max: 1}\ntarget:\n  weights: {a: 1}\n  classes:\n    - {label: x, share: 0.3}\n    - {label: y, share: 0.6}\n",
            "test.yaml:6: target: the class shares add up to 0.9, not 1"
        ),
        (
            "features:\n  - {name: a, type: uniform, min: 0, max: 1}\ntarget:\n  weights: {a: 1}\n  classes:\n    - {label: x, share: 1}\n",
            "test.yaml:6: target: 'classes' must list at least 2 classes"
        ),
        (
            "features:\n  - {name: a, type: uniform, min: 0, max: 1}\ntarget:\n  weights: {a: 0}\n  classes:\n    - {label: x, share: 0.5}\n    - {label: y, share: 0.5}\n",
            "test.yaml:4: target: every weight is 0, so the target would not depend on the features"
        ),
        (
            "features:\n  - {name: a, type: uniform, min: 0, max: 1}\nguarantees:\n  min_std: 0.5\n",
            "test.yaml:4: guarantees: 'a' is declared with a standard deviation of 0.2887, below its min_std 0.5; widen the distribution or lower min_std"
        ),
        (
            "features:\n  - name: a\n    type: normal\n    mean: 0\n    sd: 1\n    segments: {x: {mean: 1}}\n",
            "test.yaml:6: feature 'a': 'segments' needs a top-level 'segment' naming a categorical feature (and not this one)"
        ),
        (
            "series:\n  start: 2024-01-01\n  length: 50\n  values:\n    - {name: v, ar: [0.5, 0.6]}\n",
            "test.yaml:5: series value 'v': the AR coefficients [0.5, 0.6] are not stationary (the noise would grow without bound); keep the roots outside the unit circle, e.g. |φ| < 1 for AR(1)"
        ),
        (
            "series:\n  start: 2024-01-01\n  length: 50\n  frequency: fortnight\n  values:\n    - {name: v}\n",
            "test.yaml:2: series: unknown frequency 'fortnight'; frequencies: minute, hour, day, week, month"
        ),
        ("features: [\n", "test.yaml: line 2, column 1: did not find expected node content"),
    ])
    func badSchemasNameTheLine(yaml: String, message: String) {
        #expect(throws: SynthError(.invalidSpec, message)) { try FeatureSchema.parse(text: yaml, file: "test.yaml") }
    }

    @Test func aCorrelationMatrixNoDataCanHaveIsRepairedWithANote() throws {
        let schema = try FeatureFixtures.schema(
            """
            features:
              - {name: a, type: uniform, min: 0, max: 1}
              - {name: b, type: uniform, min: 0, max: 1}
              - {name: c, type: uniform, min: 0, max: 1}
            correlations:
              a: {b: 0.9, c: 0.9}
              b: {c: -0.9}
            """)
        #expect(schema.notes.count == 1)
        #expect(schema.notes[0].hasPrefix("test.yaml:6: the correlations are not positive definite"))
        let latent = FeatureGenerator.latent(schema.correlations)
        #expect(Gaussian.cholesky(latent.flatMap { $0 }, n: latent.count) != nil)
        #expect(schema.correlations[0][1] < 0.9 && schema.correlations[1][2] > -0.9)
    }

    /// The standard deviations the min_std pre-check uses, and the incomplete beta, agree with scipy.
    @Test func distributionFiguresAgreeWithScipy() throws {
        let output = try Processes.python(
            """
            from scipy import stats
            print(stats.truncnorm(-1, 2, loc=3, scale=2).std(), stats.truncnorm(-1, 2, loc=3, scale=2).mean(), stats.beta(2, 5).std(), stats.lognorm(0.5, 0, 2.718281828459045).std(), stats.beta.cdf(0.3, 2, 5), stats.beta.cdf(0.001, 0.5, 0.5))
            """)
        let scipy = output.split(separator: " ").map { Double($0.trimmingCharacters(in: .whitespacesAndNewlines))! }
        let clipped = Distribution.normal(mean: 3, sd: 2, low: 1, high: 7)
        let ours = [
            clipped.standardDeviation, clipped.mean,
            Distribution.beta(a: 2, b: 5, min: 0, max: 1, table: BetaTable(a: 2, b: 5)).standardDeviation,
            Distribution.lognormal(mu: 1, sigma: 0.5).standardDeviation, Probability.incompleteBeta(0.3, 2, 5),
            Probability.incompleteBeta(0.001, 0.5, 0.5),
        ]
        for (a, b) in zip(ours, scipy) { #expect(abs(a - b) < 1e-9 * max(1, abs(b)), "ours \(a), scipy \(b)") }
    }

    @Test func theNormalQuantileInvertsTheDistributionFunction() {
        for p in [1e-10, 0.001, 0.0243, 0.3, 0.5, 0.9, 0.99999] {
            #expect(abs(Gaussian.cdf(Gaussian.preciseQuantile(p)) - p) < 1e-12 * max(1, p / 1e-10))
        }
    }
}
