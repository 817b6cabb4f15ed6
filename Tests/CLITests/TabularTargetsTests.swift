import Foundation
import SynthTesting
import Testing

/// Issue 5's quality targets, end to end as a user meets them: fit on half of a public table,
/// sample a twin, and `evaluate` it against the other half as holdout.
@Suite struct TabularTargetsTests {
    /// statsmodels' `fair` (6,366 rows), shuffled and halved; `affair` is the classification target.
    private func fairHalves(in folder: String) throws {
        _ = try Processes.python(
            """
            import sys, statsmodels.api as sm
            d = sm.datasets.fair.load_pandas().data.sample(frac=1, random_state=1)
            d["affair"] = d.pop("affairs") > 0
            d.iloc[:3183].to_csv(sys.argv[1] + "/train.csv", index=False)
            d.iloc[3183:].to_csv(sys.argv[1] + "/holdout.csv", index=False)
            """, [folder])
        let schema = """
            columns:
              rate_marriage: {min: 1, max: 5}
              age: {min: 16, max: 60}
              yrs_married: {min: 0, max: 40}
              children: {min: 0, max: 10}
              religious: {min: 1, max: 4}
              educ: {min: 8, max: 24}
              occupation: {min: 1, max: 6}
              occupation_husb: {min: 1, max: 6}
            """
        try schema.write(toFile: folder + "/schema.yaml", atomically: true, encoding: .utf8)
    }

    private struct Scores {
        var quality: Double
        var dcrShare: Double
        var utilityRatio: Double
    }

    private func twinScores(model: String, extra: [String], folder: String) throws -> Scores {
        let out = folder + "/\(model).csv"
        let made = try Processes.synthforge(
            arguments: [
                "tabular", "--data", folder + "/train.csv", "--schema", folder + "/schema.yaml", "--model", model, "--count", "3183",
                "--db", folder + "/store.db", "--out", out, "-q",
            ] + extra)
        #expect(made.status == 0, "\(made.stderr)")
        let json = folder + "/\(model).json"
        let evaluated = try Processes.synthforge(
            "evaluate", "--real", folder + "/train.csv", "--synthetic", out, "--holdout", folder + "/holdout.csv", "--target", "affair",
            "--json", json)
        #expect(evaluated.status == 0, "\(evaluated.stderr)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let quality = try #require((report["quality"] as? [String: Any])?["score"] as? Double)
        let share = try #require((report["privacy"] as? [String: Any])?["dcr_share"] as? Double)
        let ratio = try #require((report["utility"] as? [String: Any])?["ratio"] as? Double)
        return Scores(quality: quality, dcrShare: share, utilityRatio: ratio)
    }

    @Test(arguments: ["copula", "bayesnet"])
    func nonPrivateTwinsMeetTheQualityUtilityAndPrivacyTargets(model: String) throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try fairHalves(in: folder)
        let scores = try twinScores(model: model, extra: ["--seed", "3"], folder: folder)
        #expect(scores.quality >= 0.90)
        #expect(scores.utilityRatio >= 0.95)
        #expect(scores.dcrShare <= 0.55)
    }

    @Test func privateTwinAtEpsilonOneMeetsItsQualityTarget() throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try fairHalves(in: folder)
        let scores = try twinScores(model: "dp-mst", extra: ["--epsilon", "1", "--seed", "3"], folder: folder)
        #expect(scores.quality >= 0.85)
        #expect(scores.dcrShare <= 0.55)
    }
}
