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

    @Test func anEmptyStoreHasSpentNothing() throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Processes.synthforge("privacy", "ledger", "--dataset", "patients", "--db", folder + "/store.db")
        #expect(result.status == 0)
        #expect(result.stdout == "no privacy spent\n")
    }

    @Test func badArgumentsSayWhatIsWrong() throws {
        let neither = try Processes.synthforge("privacy", "ledger")
        #expect(neither.status != 0)
        #expect(neither.stderr.contains("give either --model FILE or --dataset NAME"))
        let missing = try Processes.synthforge("privacy", "ledger", "--model", "/nonexistent/model.sfm")
        #expect(missing.status == 1)
        #expect(
            missing.stderr
                == "synthforge: error: no privacy ledger at /nonexistent/model.sfm.ledger.json: /nonexistent/model.sfm was not fitted privately, or not here\n"
        )
    }
}
