import Foundation
import SynthTesting
import Testing

@Suite struct PrivacyCommandTests {
    /// A ledger file as a private fit writes it next to its model.
    private let ledger = """
        {"entries": [
          {"dataset": "real.csv", "model": "dp-mst", "modelFile": "model.sfm", "at": "2026-11-22T05:00:00Z",
           "epsilon": 1, "delta": 1e-6, "rho": 0.017468904769123432,
           "measurements": [{"mechanism": "gaussian", "purpose": "1-way marginals", "queries": 2, "sensitivity": 1, "sigma": 14.7, "rho": 0.0046}]},
          {"dataset": "real.csv", "model": "dp-mst", "modelFile": "model.sfm", "at": "2026-11-22T06:00:00Z",
           "epsilon": 1, "delta": 1e-6, "rho": 0.017468904769123432, "measurements": []}
        ]}
        """

    @Test func printsTheLedgerNextToAModel() throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(ledger.utf8).write(to: URL(fileURLWithPath: folder + "/model.sfm.ledger.json"))
        let result = try Processes.synthforge("privacy", "ledger", "--model", folder + "/model.sfm")
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "2026-11-22T05:00:00Z  real.csv  dp-mst  ε=1 δ=1e-06 ρ=0.01747  → model.sfm")
        #expect(lines.contains("    1-way marginals: gaussian, 2 queries, sensitivity 1, σ=14.7, ρ=0.0046"))
        // 2ρ + 2√(2ρ ln(1/2e-6)) is 1.38914 in Python.
        #expect(
            lines.last
                == "total real.csv: 2 spends, ε=2 δ=2e-06 by simple composition; ρ=0.03494 by zCDP composition, so ε=1.389 at δ=2e-06")

        let json = try Processes.synthforge("privacy", "ledger", "--model", folder + "/model.sfm", "--json")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let totals = try #require(object?["totals"] as? [[String: Any]])
        #expect(totals.first?["dataset"] as? String == "real.csv")
        #expect(totals.first?["epsilon"] as? Double == 2)
        #expect((object?["entries"] as? [Any])?.count == 2)
    }

    /// A small table with a declared domain, as a private fit needs.
    private func privateFixture(in folder: String) throws -> (data: String, schema: String) {
        var csv = "patient_id,email,age,region,score\n"
        for i in 0..<400 {
            csv += "\(17_000 + i),p\(i)@clinic.test,\(20 + i % 50),\(["north", "south", "east"][i % 3]),\(Double(i % 17) / 2)\n"
        }
        let schema = """
            columns:
              age: {min: 0, max: 100}
              region: {type: categorical, values: [north, south, east, west]}
              score: {min: 0, max: 10}
            """
        try Data(csv.utf8).write(to: URL(fileURLWithPath: folder + "/real.csv"))
        try Data(schema.utf8).write(to: URL(fileURLWithPath: folder + "/schema.yaml"))
        return (folder + "/real.csv", folder + "/schema.yaml")
    }

    @Test func privateFitsAreBookedAndAddUp() throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (data, schema) = try privateFixture(in: folder)
        let db = folder + "/store.db"
        let first = try Processes.synthforge(
            "fit", "--data", data, "--schema", schema, "--model", "dp-mst", "--epsilon", "1", "--dataset", "patients", "--db", db,
            "--out", folder + "/a.sfm")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("privacy: spent ε=1 at δ=1e-06 on 'patients'"))
        #expect(FileManager.default.fileExists(atPath: folder + "/a.sfm.ledger.json"))
        let second = try Processes.synthforge(
            "tabular", "--data", data, "--schema", schema, "--model", "dp-mst", "--epsilon", "0.5", "--dataset", "patients", "--db", db,
            "--count", "50", "--out", folder + "/syn.csv")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder + "/syn.csv.ledger.json"))

        let ledger = try Processes.synthforge("privacy", "ledger", "--db", db)
        #expect(ledger.status == 0)
        #expect(ledger.stdout.contains("total patients: 2 spends, ε=1.5 δ=2e-06 by simple composition"))

        // Without --seed the noise differs between fits: its seed is drawn at random and never stored.
        let third = try Processes.synthforge(
            "fit", "--data", data, "--schema", schema, "--model", "dp-mst", "--epsilon", "1", "--db", db, "--out", folder + "/b.sfm", "-q")
        #expect(third.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/a.sfm")) != Data(contentsOf: URL(fileURLWithPath: folder + "/b.sfm")))
        let byPath = try Processes.synthforge("privacy", "ledger", "--dataset", data, "--db", db)
        #expect(byPath.stdout.contains("total \(data): 1 spend, ε=1 δ=1e-06"))
    }

    @Test func aPrivateModelFileHoldsNothingLearnedWithoutNoise() throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (data, schema) = try privateFixture(in: folder)
        let model = folder + "/m.sfm"
        let fit = try Processes.synthforge(
            "fit", "--data", data, "--schema", schema, "--model", "dp-mst", "--epsilon", "1", "--seed", "5", "--db", folder + "/s.db",
            "--out", model, "-q")
        #expect(fit.status == 0, "\(fit.stderr)")
        let text = try String(contentsOfFile: model, encoding: .utf8)
        // No key of the data, no email, and no salt derived from the seed (which would give the seed back).
        #expect(!text.contains("17399") && !text.contains("17400"), "the data's largest key is in the model file")
        #expect(!text.contains("clinic.test"))
        let object = try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect((object["preparation"] as? [String: Any])?["salt"] as? Int == 0)
        let sampled = try Processes.synthforge("sample", "--model", model, "--count", "3", "--out", "-")
        #expect(sampled.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").first ?? "" } == ["1", "2", "3"])
    }

    @Test func budgetsGoOnlyWhereTheyMeanSomething() throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (data, schema) = try privateFixture(in: folder)
        let noBudget = try Processes.synthforge(
            "fit", "--data", data, "--schema", schema, "--model", "dp-mst", "--db", folder + "/s.db", "--out", folder + "/m.sfm")
        #expect(noBudget.status == 2)
        #expect(noBudget.stderr.contains("dp-mst needs a privacy budget: give --epsilon"))
        let notPrivate = try Processes.synthforge(
            "fit", "--data", data, "--model", "bayesnet", "--epsilon", "1", "--db", folder + "/s.db", "--out", folder + "/m.sfm")
        #expect(notPrivate.status == 2)
        #expect(notPrivate.stderr.contains("the bayesnet model is not differentially private"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/m.sfm"))
    }

    @Test func anEmptyStoreHasSpentNothing() throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Processes.synthforge("privacy", "ledger", "--dataset", "patients", "--db", folder + "/store.db")
        #expect(result.status == 0)
        #expect(result.stdout == "no privacy spent\n")
    }

    @Test func badArgumentsSayWhatIsWrong() throws {
        let both = try Processes.synthforge("privacy", "ledger", "--model", "m.sfm", "--dataset", "d")
        #expect(both.status != 0)
        #expect(both.stderr.contains("give --model FILE or --dataset NAME, not both"))
        let missing = try Processes.synthforge("privacy", "ledger", "--model", "/nonexistent/model.sfm")
        #expect(missing.status == 1)
        #expect(
            missing.stderr
                == "synthforge: error: no privacy ledger at /nonexistent/model.sfm.ledger.json: /nonexistent/model.sfm was not fitted privately, or not here\n"
        )
    }
}
