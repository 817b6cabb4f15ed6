import Foundation
import SynthCore
import Testing

@testable import SynthGenerators

/// The mixed table's domain, declared as a data owner would.
let mixedSchema = TableSchema(columns: [
    "age": ColumnSpec(min: 18, max: 80),
    "income": ColumnSpec(min: 0, max: 120_000),
    "region": ColumnSpec(values: ["north", "south", "east", "west"]),
    "joined": ColumnSpec(min: 19_000 * 86_400, max: 20_700 * 86_400),
])

@Suite struct PrivateMSTTests {
    private let budget = try! PrivacyBudget(epsilon: 1, delta: 1e-6)

    @Test func rhoFromEpsilonAndBackAgree() throws {
        let rho = PrivacyBudget.rho(epsilon: 1, delta: 1e-6)
        // (√(1 + ln 10⁶) − √ln 10⁶)², as Python's math module gives it.
        #expect(abs(rho - 0.017468904769123432) < 1e-15)
        #expect(abs(PrivacyBudget.epsilon(rho: rho, delta: 1e-6) - 1) < 1e-12)
    }

    @Test func theSpendAddsUpToTheBudget() throws {
        let model = try PrivateMST.fit(mixedTable(rows: 3_000), schema: mixedSchema, budget: budget, seed: 1)
        #expect(abs(model.spend.rho - budget.rho) < 1e-12)
        #expect(abs(model.spend.epsilon - 1) < 1e-9)
        #expect(model.spend.measurements.map(\.purpose) == ["1-way marginals", "tree edges", "2-way marginals"])
        #expect(model.spend.measurements.map(\.queries) == [5, 4, 4])
    }

    /// The noise actually added matches the σ the ledger accounts for: over many fits, the
    /// variance of one released count is σ² = queries / (2ρ) of the 1-way measurement.
    @Test func theNoiseMatchesTheAccountedRho() throws {
        let table = mixedTable(rows: 400)
        let trueCount = Double(table["region"]!.codes.filter { $0 >= 0 && table["region"]!.levels[Int($0)] == "north" }.count)
        var released: [Double] = []
        var accounted: [Double] = []
        for seed in 0..<300 {
            let model = try PrivateMST.fit(table, schema: mixedSchema, budget: budget, seed: UInt64(seed))
            let oneWay = model.spend.measurements.first { $0.purpose == "1-way marginals" }!
            accounted.append(Double(oneWay.queries) / (2 * oneWay.rho))
            released.append(model.releases.first { $0.purpose == "1-way 'region'" }!.counts[0])
        }
        let variance = accounted[0]
        #expect(accounted.allSatisfy { abs($0 - variance) < 1e-9 })
        let m = mean(released)
        let empirical = released.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(released.count - 1)
        // The sample variance of 300 normal draws is within ±25% of the truth far beyond 3 standard errors (8% each).
        #expect(abs(empirical / variance - 1) < 0.25, "empirical \(empirical), accounted \(variance)")
        #expect(abs(m - trueCount) < 4 * (variance / 300).squareRoot())
    }

    @Test func sameSeedSameModelOtherSeedOtherModel() throws {
        let table = mixedTable(rows: 2_000)
        let a = try PrivateMST.fit(table, schema: mixedSchema, budget: budget, seed: 7)
        let b = try PrivateMST.fit(table, schema: mixedSchema, budget: budget, seed: 7)
        let c = try PrivateMST.fit(table, schema: mixedSchema, budget: budget, seed: 8)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(a) == encoder.encode(b))
        #expect(a.releases != c.releases)
        #expect(cells(try a.sample(count: 300, seed: 1, conditions: [])) == cells(try b.sample(count: 300, seed: 1, conditions: [])))
    }

    @Test func samplesKeepTheDeclaredDomainAndMeetConditions() throws {
        let table = mixedTable(rows: 5_000)
        let model = try PrivateMST.fit(table, schema: mixedSchema, budget: budget, seed: 3)
        let conditions = [
            ColumnCondition(column: "age", allowed: .range(min: 40, max: 60, minInclusive: true, maxInclusive: true)),
            ColumnCondition(column: "region", allowed: .values(["south"])),
        ]
        let sample = try model.sample(count: 10_000, seed: 4, conditions: conditions)
        for condition in conditions {
            #expect((0..<sample.rowCount).allSatisfy { holds(condition, sample, row: $0) })
        }
        let plain = try model.sample(count: 10_000, seed: 4, conditions: [])
        #expect(plain["age"]!.numbers.allSatisfy { $0 >= 18 && $0 <= 80 && $0 == $0.rounded() })
        #expect(Set(plain["region"]!.levels).isSubset(of: ["north", "south", "east", "west"]))
        #expect(abs(mean(plain["age"]!.numbers) - mean(table["age"]!.numbers)) < 3)
    }

    @Test func undeclaredBoundsAreLearnedWithAShareOfTheBudget() throws {
        var schema = mixedSchema
        schema.columns["income"] = nil
        let model = try PrivateMST.fit(mixedTable(rows: 3_000), schema: schema, budget: budget, seed: 1)
        let bounds = try #require(model.spend.measurements.first)
        #expect(bounds.purpose == "bounds of 'income'")
        #expect(abs(bounds.rho - budget.rho * PrivateMST.boundsShare) < 1e-12)
        #expect(abs(model.spend.rho - budget.rho) < 1e-12)
        // Incomes run from about 20k to 90k: the power-of-two buckets around them.
        let sample = try model.sample(count: 2_000, seed: 1, conditions: [])
        let incomes = sample["income"]!.numbers.filter { !$0.isNaN }
        #expect(incomes.min()! >= 8_192 && incomes.max()! <= 131_072)
    }

    @Test func badBudgetsAndUndeclaredCategoriesAreClearErrors() throws {
        #expect(throws: SynthError(.invalidArgument, "ε must be positive (0.1 to 10 is the useful range), got 0.0")) {
            try PrivacyBudget(epsilon: 0, delta: 1e-6)
        }
        #expect(throws: SynthError(.invalidArgument, "ε must be positive (0.1 to 10 is the useful range), got -1.0")) {
            try PrivacyBudget(epsilon: -1, delta: 1e-6)
        }
        #expect(throws: SynthError(.invalidArgument, "ε must be between 0.01 and 100 (0.1 to 10 is the useful range), got 1000.0")) {
            try PrivacyBudget(epsilon: 1000, delta: 1e-6)
        }
        for delta in [0.0, 1.0, -0.5] {
            #expect(throws: SynthError.self) { try PrivacyBudget(epsilon: 1, delta: delta) }
        }
        var schema = mixedSchema
        schema.columns["region"] = nil
        #expect(
            throws: SynthError(
                .invalidArgument,
                "dp-mst needs the categories of 'region' declared in the schema (values: [...]); reading them from the data would leak them"
            )
        ) {
            try PrivateMST.fit(mixedTable(rows: 100), schema: schema, budget: budget, seed: 1)
        }
        schema.columns["region"] = ColumnSpec(values: ["north", "south"])
        #expect(throws: SynthError.self) { try PrivateMST.fit(mixedTable(rows: 100), schema: schema, budget: budget, seed: 1) }
        schema = mixedSchema
        schema.columns["income"] = nil
        let tiny = try PrivacyBudget(epsilon: 0.01, delta: 1e-9)
        do {
            _ = try PrivateMST.fit(mixedTable(rows: 20), schema: schema, budget: tiny, seed: 1)
            Issue.record("learned bounds from 20 rows at ε = 0.01")
        } catch {
            #expect(error.message.hasPrefix("too few rows to learn the bounds of 'income' privately"))
        }
    }
}
