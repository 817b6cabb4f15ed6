import Foundation
import PropertyBased
import SynthCore
import SynthTesting
import Testing

@testable import SynthGenerators

@Suite struct FeatureGeneratorTests {
    static let correlated = """
        features:
          - {name: a, type: normal, mean: 10, sd: 2}
          - {name: b, type: beta, a: 2, b: 5, scale: [0, 100]}
          - {name: c, type: lognormal, mu: 1, sigma: 0.5}
          - {name: d, type: uniform, min: -1, max: 3}
          - {name: e, type: normal, mean: 0, sd: 1, clip: [-1, 2]}
          - {name: f, type: integer, min: 0, max: 1000}
          - {name: g, type: categorical, values: {x: 1, y: 3}}
        correlations:
          a: {b: 0.6, c: -0.4}
          b: {d: 0.3}
          c: {f: 0.5}
          d: {e: -0.2}
        """

    @Test func sameSeedGivesSameBytes() async throws {
        let schema = try FeatureFixtures.schema(String(contentsOfFile: FeatureFixtures.examples + "/prompt-quality.yaml", encoding: .utf8))
        await propertyCheck(count: 25, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 1...9000)) { seed, count in
            let first = FeatureFixtures.csv(try FeatureFixtures.generate(schema, count: count, seed: seed))
            let second = FeatureFixtures.csv(try FeatureFixtures.generate(schema, count: count, seed: seed))
            #expect(first == second)
            #expect(first != FeatureFixtures.csv(try FeatureFixtures.generate(schema, count: count, seed: seed &+ 1)))
        }
    }

    @Test func declaredBoundsHoldForEverySeed() async throws {
        let schema = try FeatureFixtures.schema(String(contentsOfFile: FeatureFixtures.examples + "/prompt-quality.yaml", encoding: .utf8))
        let ranges = ["high": 0.75...1.0, "medium": 0.4...0.75, "low": 0.0...0.4]
        await propertyCheck(count: 25, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 1...3000)) { seed, count in
            let table = try FeatureFixtures.generate(schema, count: count, seed: seed)
            #expect(table.rowCount == count)
            #expect(table["politeness"]!.numbers.allSatisfy { (0...1).contains($0) })
            #expect(table["clarity"]!.numbers.allSatisfy { (0...1).contains($0) })
            #expect(table["examples"]!.numbers.allSatisfy { (0...5).contains($0) && $0 == $0.rounded() })
            #expect(table["length"]!.numbers.allSatisfy { $0 > 0 && $0.isFinite })
            let tier = table["quality_tier"]!
            let score = table["quality_score"]!.numbers
            #expect((0..<count).allSatisfy { ranges[tier.text(at: $0)]!.contains(score[$0]) })
        }
    }

    /// Spearman correlations measured by scipy match the declared ones; the marginals pass
    /// scipy's Kolmogorov–Smirnov test against the declared distributions at the 0.001 level.
    @Test func scipyMeasuresTheDeclaredCorrelationsAndDistributions() throws {
        let table = try FeatureFixtures.generate(try FeatureFixtures.schema(Self.correlated), count: 20_000, seed: 3)
        let path = try FeatureFixtures.write(table)
        let output = try Processes.python(
            """
            import sys, json
            import numpy as np, pandas as pd
            from scipy import stats
            d = pd.read_csv(sys.argv[1])
            rho = stats.spearmanr(d[list("abcdef")]).statistic
            names = "abcdef"
            out = {"rho": {f"{names[i]}{names[j]}": float(rho[i][j]) for i in range(6) for j in range(i + 1, 6)}}
            out["ks"] = {
                "a": stats.kstest(d.a, "norm", args=(10, 2)).pvalue,
                "b": stats.kstest(d.b, "beta", args=(2, 5, 0, 100)).pvalue,
                "c": stats.kstest(d.c, "lognorm", args=(0.5, 0, np.exp(1))).pvalue,
                "d": stats.kstest(d.d, "uniform", args=(-1, 4)).pvalue,
                "e": stats.kstest(d.e, "truncnorm", args=(-1, 2)).pvalue,
            }
            out["f"] = [int(d.f.min()), int(d.f.max()), float(d.f.mean())]
            out["g"] = float((d.g == "y").mean())
            print(json.dumps(out))
            """, [path])
        let result = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        let rho = result["rho"] as! [String: Double]
        let declared = ["ab": 0.6, "ac": -0.4, "bd": 0.3, "cf": 0.5, "de": -0.2]
        for (pair, measured) in rho {
            #expect(abs(measured - (declared[pair] ?? 0)) < 0.03, "Spearman \(pair): measured \(measured), declared \(declared[pair] ?? 0)")
        }
        for (feature, p) in result["ks"] as! [String: Double] {
            #expect(p > 0.001, "\(feature) does not follow its declared distribution (KS p = \(p))")
        }
        let f = result["f"] as! [Double]
        #expect(f[0] >= 0 && f[1] <= 1000 && abs(f[2] - 500) < 10)
        #expect(abs(result["g"] as! Double - 0.75) < 0.015)
    }

    /// The example schema's tiers come out at their declared shares and value ranges, and
    /// scikit-learn's logistic regression learns them as well as the built-in separability check says.
    @Test func sklearnLearnsTheTiersAsTheSeparabilityCheckSays() throws {
        let schema = try FeatureFixtures.schema(String(contentsOfFile: FeatureFixtures.examples + "/prompt-quality.yaml", encoding: .utf8))
        let table = try FeatureFixtures.generate(schema, count: 10_000, seed: 11)
        var tally = ReadinessTally(schema: schema)
        tally.add(table)
        let report = tally.report()
        #expect(report.passed, "\(report.text)")
        let ours = report.checks.first { $0.name == "separability" }!.measured
        let output = try Processes.python(
            """
            import sys, json
            import numpy as np, pandas as pd
            from sklearn.linear_model import LogisticRegression
            from sklearn.preprocessing import StandardScaler
            d = pd.read_csv(sys.argv[1])
            x = pd.get_dummies(d[["domain", "clarity", "specificity", "length", "examples", "politeness"]], columns=["domain"], drop_first=True).astype(float).values
            y = d.quality_tier.values
            train = np.arange(len(d)) % 10 < 7
            scaler = StandardScaler().fit(x[train])
            model = LogisticRegression(max_iter=2000).fit(scaler.transform(x[train]), y[train])
            accuracy = float((model.predict(scaler.transform(x[~train])) == y[~train]).mean())
            majority = float((y[~train] == pd.Series(y[train]).mode()[0]).mean())
            shares = d.quality_tier.value_counts(normalize=True).to_dict()
            bounds = {t: [float(g.quality_score.min()), float(g.quality_score.max())] for t, g in d.groupby("quality_tier")}
            print(json.dumps({"accuracy": accuracy, "majority": majority, "shares": shares, "bounds": bounds}))
            """, [try FeatureFixtures.write(table)])
        let result = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        let accuracy = result["accuracy"] as! Double
        #expect(accuracy >= (result["majority"] as! Double) + 0.15, "sklearn accuracy \(accuracy)")
        #expect(abs(accuracy - ours) < 0.02, "sklearn \(accuracy) vs ours \(ours)")
        let shares = result["shares"] as! [String: Double]
        #expect(shares == ["high": 0.25, "medium": 0.5, "low": 0.25])
        let bounds = result["bounds"] as! [String: [Double]]
        #expect(bounds["high"]![0] >= 0.75 && bounds["high"]![1] <= 1)
        #expect(bounds["medium"]![0] >= 0.4 && bounds["medium"]![1] <= 0.75)
        #expect(bounds["low"]![0] >= 0 && bounds["low"]![1] <= 0.4)
    }

    /// Categorical weights move the score: scipy computes each group's chance of the top class from
    /// the declared model (a normal mixture), and the values within each class are uniform over its
    /// range, which holds only when the class bands come from the score's true distribution.
    @Test func categoricalWeightsMoveTheScoreAsTheModelSays() throws {
        let schema = try FeatureFixtures.schema(
            """
            features:
              - {name: x, type: uniform, min: 0, max: 1}
              - {name: y, type: normal, mean: 0, sd: 1}
              - {name: g, type: categorical, values: {a: 3, b: 1}}
            correlations:
              x: {y: 0.5}
            target:
              name: tier
              value: score
              noise: 0.5
              weights: {x: 1, y: -0.5, g: {b: 1.5}}
              classes:
                - {label: top, share: 0.2, range: [10, 20]}
                - {label: rest, share: 0.8, range: [0, 10]}
            """)
        let path = try FeatureFixtures.write(try FeatureFixtures.generate(schema, count: 40_000, seed: 8))
        let output = try Processes.python(
            """
            import sys, json
            import numpy as np, pandas as pd
            from scipy import stats, optimize
            d = pd.read_csv(sys.argv[1])
            r = 2 * np.sin(np.pi * 0.5 / 6)
            s = np.sqrt(1 + 0.25 - 2 * 0.5 * r + 0.25)
            cdf = lambda t: 0.75 * stats.norm.cdf(t / s) + 0.25 * stats.norm.cdf((t - 1.5) / s)
            t = optimize.brentq(lambda t: cdf(t) - 0.8, -10, 10)
            expected = {"a": 1 - stats.norm.cdf(t / s), "b": 1 - stats.norm.cdf((t - 1.5) / s)}
            measured = {g: float((grp.tier == "top").mean()) for g, grp in d.groupby("g")}
            top = d[d.tier == "top"].score
            rest = d[d.tier == "rest"].score
            print(json.dumps({"expected": expected, "measured": measured,
                "ks_top": stats.kstest(top, "uniform", args=(10, 10)).pvalue,
                "ks_rest": stats.kstest(rest, "uniform", args=(0, 10)).pvalue}))
            """, [path])
        let result = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        let expected = result["expected"] as! [String: Double]
        let measured = result["measured"] as! [String: Double]
        for group in ["a", "b"] {
            #expect(
                abs(measured[group]! - expected[group]!) < 0.015,
                "P(top | \(group)): measured \(measured[group]!), model \(expected[group]!)")
        }
        #expect(result["ks_top"] as! Double > 0.001)
        #expect(result["ks_rest"] as! Double > 0.001)
    }

    @Test func segmentsSwitchParameters() throws {
        let schema = try FeatureFixtures.schema(
            """
            segment: region
            features:
              - {name: region, type: categorical, values: [north, south]}
              - name: income
                type: normal
                mean: 100
                sd: 5
                segments:
                  south: {mean: 50}
              - name: channel
                type: categorical
                values: {web: 1, shop: 1}
                segments:
                  north: {values: {web: 1, shop: 0}}
            """)
        let table = try FeatureFixtures.generate(schema, count: 4000, seed: 5)
        let region = table["region"]!
        let income = table["income"]!.numbers
        let channel = table["channel"]!
        var north: [Double] = []
        var south: [Double] = []
        var northShop = 0
        for row in 0..<table.rowCount {
            if region.text(at: row) == "north" {
                north.append(income[row])
                if channel.text(at: row) == "shop" { northShop += 1 }
            } else {
                south.append(income[row])
            }
        }
        #expect(abs(north.reduce(0, +) / Double(north.count) - 100) < 0.5)
        #expect(abs(south.reduce(0, +) / Double(south.count) - 50) < 0.5)
        #expect(northShop == 0)
        #expect(abs(Double(north.count) / 4000 - 0.5) < 0.03)
    }

    @Test func aFailedGuaranteeIsReportedWithItsFigure() throws {
        let schema = try FeatureFixtures.schema(
            """
            features:
              - {name: signal, type: uniform, min: 0, max: 1}
            target:
              name: label
              noise: 5
              weights: {signal: 0.1}
              classes:
                - {label: yes, share: 0.5}
                - {label: no, share: 0.5}
            guarantees:
              separability_margin: 0.2
            """)
        var tally = ReadinessTally(schema: schema)
        tally.add(try FeatureFixtures.generate(schema, count: 5000, seed: 1))
        let report = tally.report()
        #expect(!report.passed)
        #expect(report.checks.filter { !$0.passed }.map(\.name) == ["separability"])
        #expect(report.failures.hasPrefix("separability is 0."))
        #expect(report.text.contains("FAIL  separability"))
    }
}
