import Foundation
import SynthCore
import SynthGenerators
import SynthRuntime
import SynthStore
import SynthTesting
import Testing

@Suite struct PrivacyLedgerTests {
    /// A small private fit's spend.
    private func spend(epsilon: Double) throws -> PrivacySpend {
        let table = Table(columns: [
            Column(name: "x", kind: .integer, numbers: (0..<200).map { Double($0 % 10) }),
            Column(name: "y", kind: .categorical, strings: (0..<200).map { $0 % 3 == 0 ? "a" : "b" }),
            Column(name: "z", kind: .boolean, numbers: (0..<200).map { Double($0 % 2) }),
        ])
        let schema = TableSchema(columns: ["x": ColumnSpec(min: 0, max: 9), "y": ColumnSpec(values: ["a", "b"])])
        return try PrivateMST.fit(table, schema: schema, budget: PrivacyBudget(epsilon: epsilon, delta: 1e-6), seed: 1).spend
    }

    @Test func recordsEachFitNextToTheModelAndInTheStore() throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try Store.open(folder + "/store.db")
        let model = folder + "/model.sfm"
        try PrivacyLedger.record(try spend(epsilon: 1), dataset: "patients", modelPath: model, store: store)
        try PrivacyLedger.record(try spend(epsilon: 0.5), dataset: "patients", modelPath: model, store: store)
        try PrivacyLedger.record(try spend(epsilon: 2), dataset: "claims", modelPath: model)

        let file = try PrivacyLedger.read(path: PrivacyLedger.path(forModel: model))
        #expect(file.entries.map(\.dataset) == ["patients", "patients", "claims"])
        #expect(file.entries[0].measurements.map(\.purpose) == ["1-way marginals", "tree edges", "2-way marginals"])
        #expect(file.entries[0].modelFile == model)
        let patients = try #require(file.totals.first)
        #expect(abs(patients.epsilon - 1.5) < 1e-9)
        #expect(abs(patients.delta - 2e-6) < 1e-15)
        let rho = PrivacyBudget.rho(epsilon: 1, delta: 1e-6) + PrivacyBudget.rho(epsilon: 0.5, delta: 1e-6)
        #expect(abs(patients.rho! - rho) < 1e-12)
        // zCDP composition is tighter than adding ε.
        #expect(patients.zcdpEpsilon! < patients.epsilon)
        #expect(abs(patients.zcdpEpsilon! - PrivacyBudget.epsilon(rho: rho, delta: 2e-6)) < 1e-12)

        let stored = try PrivacyLedger.stored(in: store, dataset: "patients")
        #expect(stored.entries.count == 2)
        #expect(stored.entries.map(\.epsilon).map { ($0 * 1e9).rounded() } == [1e9, 0.5e9])
        #expect(abs(stored.totals[0].rho! - rho) < 1e-9)
        #expect(try store.ledger().allSatisfy { $0.mechanism == "zcdp" && $0.note.contains("2-way marginals: gaussian") })
        #expect(try PrivacyLedger.stored(in: store, dataset: "claims").entries.isEmpty)
    }

    @Test func printsEverySpendAndTheTotals() throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = folder + "/m.sfm"
        try PrivacyLedger.record(try spend(epsilon: 1), dataset: "real.csv", modelPath: model)
        let text = try PrivacyLedger.read(path: PrivacyLedger.path(forModel: model)).text
        #expect(text.contains("real.csv  dp-mst  ε=1 δ=1e-06 ρ=0.01747"))
        #expect(text.contains("    1-way marginals: gaussian, 3 queries, sensitivity 1, σ="))
        #expect(text.contains("    tree edges: exponential, 2 queries, sensitivity 1, ε="))
        #expect(
            text.hasSuffix("total real.csv: 1 spend, ε=1 δ=1e-06 by simple composition; ρ=0.01747 by zCDP composition, so ε=1 at δ=1e-06"))
        #expect(PrivacyLedger().text == "no privacy spent")
    }
}
