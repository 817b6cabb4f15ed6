import Foundation
import PropertyBased
import SynthCore
import Testing

@testable import SynthGenerators

/// A table with related columns of every modelled kind, missing values included.
func mixedTable(rows: Int, seed: UInt64 = 1) -> Table {
    var random = SeededRandom(seed: seed)
    let regions = ["north", "south", "east", "west"]
    var age: [Double] = []
    var income: [Double] = []
    var region: [String?] = []
    var member: [Double] = []
    var joined: [Double] = []
    for _ in 0..<rows {
        let a = Double(random.int(in: 18, 80))
        let r = random.below(4)
        age.append(a)
        let base = 20_000 + 600 * a + Double(r) * 5_000 + random.normal(mean: 0, sd: 4_000)
        income.append(random.chance(0.05) ? .nan : (base * 100).rounded() / 100)
        region.append(random.chance(0.03) ? nil : regions[r])
        member.append(random.chance(a > 50 ? 0.7 : 0.2) ? 1 : 0)
        joined.append((19_000 + Double(random.below(1_500)) + (a - 18) * 3).rounded() * 86_400)
    }
    return Table(columns: [
        Column(name: "age", kind: .integer, numbers: age),
        Column(name: "income", kind: .float, numbers: income, format: ColumnFormat(decimals: 2)),
        Column(name: "region", kind: .categorical, strings: region),
        Column(name: "member", kind: .boolean, numbers: member),
        Column(name: "joined", kind: .datetime, numbers: joined, format: ColumnFormat(dateLayout: .date)),
    ])
}

/// True when row `row` of `table` satisfies `condition` as a user reading the file would check it.
func holds(_ condition: ColumnCondition, _ table: Table, row: Int) -> Bool {
    guard let column = table[condition.column] else { return false }
    if column.kind.isNumeric, case .range = condition.allowed {
        // Check the value as written, which is what a user reads back.
        let written = column.text(at: row)
        let x = column.kind == .datetime ? column.numbers[row] : Double(written) ?? .nan
        return condition.allows(x)
    }
    return condition.allows(column.text(at: row))
}

@Suite struct BayesNetworkTests {
    @Test func sameTableGivesTheSameModelAndSameSeedTheSameRows() throws {
        let table = mixedTable(rows: 2_000)
        let a = try BayesNetwork.fit(table)
        let b = try BayesNetwork.fit(table)
        #expect(a.tree == b.tree)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(a) == encoder.encode(b))
        let first = try a.sample(count: 500, seed: 9, conditions: [])
        #expect(cells(first) == cells(try b.sample(count: 500, seed: 9, conditions: [])))
        #expect(cells(first) != cells(try a.sample(count: 500, seed: 10, conditions: [])))
        #expect(first.names == table.names)
        #expect(first.columns.map(\.kind) == table.columns.map(\.kind))
    }

    @Test func keepsMarginalsMissingSharesAndAPairRelation() throws {
        let table = mixedTable(rows: 5_000)
        let model = try BayesNetwork.fit(table)
        let sample = try model.sample(count: 20_000, seed: 3, conditions: [])
        let realIncome = table["income"]!.numbers.filter { !$0.isNaN }
        let fakeIncome = sample["income"]!.numbers.filter { !$0.isNaN }
        #expect(abs(mean(realIncome) - mean(fakeIncome)) / mean(realIncome) < 0.02)
        #expect(abs(table["income"]!.missingShare - sample["income"]!.missingShare) < 0.01)
        #expect(abs(table["region"]!.missingShare - sample["region"]!.missingShare) < 0.01)
        // Members are older: the tree must carry age → member.
        #expect(abs(olderMemberShare(table) - olderMemberShare(sample)) < 0.03)
        // Values stay on the data's grid: whole ages, cents, midnight dates.
        #expect(sample["age"]!.numbers.allSatisfy { $0 == $0.rounded() })
        #expect(sample["joined"]!.numbers.allSatisfy { $0.truncatingRemainder(dividingBy: 86_400) == 0 })
        #expect(fakeIncome.allSatisfy { abs($0 * 100 - ($0 * 100).rounded()) < 1e-6 })
    }

    @Test func everySampledRowMeetsItsConditions() throws {
        let table = mixedTable(rows: 3_000)
        let model = try BayesNetwork.fit(table)
        let conditions = [
            ColumnCondition(column: "age", allowed: .range(min: 30, max: 50, minInclusive: true, maxInclusive: false)),
            ColumnCondition(column: "region", allowed: .values(["north", "east"])),
            ColumnCondition(column: "income", allowed: .range(min: 41_234.5, max: nil, minInclusive: false, maxInclusive: false)),
            ColumnCondition(column: "member", allowed: .values(["true"])),
        ]
        let sample = try model.sample(count: 20_000, seed: 5, conditions: conditions)
        #expect(sample.rowCount == 20_000)
        for condition in conditions {
            let broken = (0..<sample.rowCount).filter { !holds(condition, sample, row: $0) }
            #expect(broken.isEmpty, "\(condition.column): \(broken.count) rows break it")
        }
        // Exact conditioning: the other columns follow the data's distribution given the evidence.
        let ages = (0..<table.rowCount).filter { row in conditions.allSatisfy { holds($0, table, row: row) } }
        let realMeanAge = mean(ages.map { table["age"]!.numbers[$0] })
        #expect(abs(mean(sample["age"]!.numbers) - realMeanAge) < 1.5)
    }

    /// Any range on any numeric column: every row meets it, or the model says at once it cannot.
    @Test func anyRangeHoldsOnEveryRowOrFailsClearly() async throws {
        let model = try BayesNetwork.fit(mixedTable(rows: 1_000))
        let columns = ["age", "income", "joined"]
        let spans: [ClosedRange<Double>] = [10...90, 10_000...100_000, 18_900 * 86_400...20_700 * 86_400]
        await propertyCheck(
            input: Gen.int(in: 0...2), Gen.double(in: 0...1), Gen.double(in: 0...0.3), Gen.bool, Gen.bool, Gen.int(in: 0...999)
        ) { which, start, width, minInclusive, maxInclusive, seed in
            let span = spans[which]
            let low = span.lowerBound + start * (span.upperBound - span.lowerBound)
            let high = low + width * (span.upperBound - span.lowerBound)
            let condition = ColumnCondition(
                column: columns[which], allowed: .range(min: low, max: high, minInclusive: minInclusive, maxInclusive: maxInclusive))
            do {
                let sample = try model.sample(count: 200, seed: UInt64(seed), conditions: [condition])
                #expect((0..<200).allSatisfy { holds(condition, sample, row: $0) }, "\(condition)")
            } catch let error as SynthError {
                #expect(error.message.hasPrefix("no value of '\(columns[which])' the model can produce satisfies"))
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func aDateRangeAndAnEqualityHold() throws {
        let table = mixedTable(rows: 2_000)
        let model = try BayesNetwork.fit(table)
        let day = 19_500.0 * 86_400
        let conditions = [
            ColumnCondition(column: "joined", allowed: .range(min: day, max: day + 30 * 86_400, minInclusive: true, maxInclusive: true)),
            ColumnCondition(column: "age", allowed: .range(min: 42, max: 42, minInclusive: true, maxInclusive: true)),
        ]
        let sample = try model.sample(count: 2_000, seed: 1, conditions: conditions)
        #expect(sample["age"]!.numbers.allSatisfy { $0 == 42 })
        #expect(sample["joined"]!.numbers.allSatisfy { $0 >= day && $0 <= day + 30 * 86_400 })
    }

    @Test func impossibleConditionsFailFastAndSayWhy() throws {
        let model = try BayesNetwork.fit(mixedTable(rows: 500))
        #expect(throws: SynthError(.invalidArgument, "no value of 'region' the model can produce satisfies region = 'mars'")) {
            try model.sample(count: 10, seed: 1, conditions: [ColumnCondition(column: "region", allowed: .values(["mars"]))])
        }
        #expect(throws: SynthError(.invalidArgument, "no value of 'age' the model can produce satisfies age > 200")) {
            try model.sample(
                count: 10, seed: 1,
                conditions: [ColumnCondition(column: "age", allowed: .range(min: 200, max: nil, minInclusive: false, maxInclusive: true))])
        }
        #expect(throws: SynthError(.invalidArgument, "column 'region' holds labels; compare it with = or 'in', not with a range")) {
            try model.sample(
                count: 10, seed: 1,
                conditions: [ColumnCondition(column: "region", allowed: .range(min: 1, max: nil, minInclusive: true, maxInclusive: true))])
        }
        do {
            _ = try model.sample(count: 10, seed: 1, conditions: [ColumnCondition(column: "salary", allowed: .values(["1"]))])
            Issue.record("sampled with a condition on a column the model lacks")
        } catch {
            #expect(error.message.hasPrefix("no column 'salary' to condition on"))
        }
    }

    @Test func badTablesAreClearErrors() throws {
        #expect(throws: SynthError(.invalidArgument, "the table has no columns to model")) { try BayesNetwork.fit(Table(columns: [])) }
        let ids = Table(columns: [Column(name: "id", kind: .identifier, strings: ["a", "b"])])
        #expect(throws: SynthError.self) { try BayesNetwork.fit(ids) }
        // A single row and an all-missing column are modelled, not errors.
        let one = Table(columns: [
            Column(name: "x", kind: .float, numbers: [1.5]), Column(name: "gone", kind: .integer, numbers: [.nan]),
        ])
        let sample = try BayesNetwork.fit(one).sample(count: 5, seed: 1, conditions: [])
        #expect(sample["x"]!.numbers == [1.5, 1.5, 1.5, 1.5, 1.5])
        #expect(sample["gone"]!.missingShare == 1)
    }

    @Test func aCategoricalWithManyLevelsKeepsTheTopOnesAndAnOtherBin() throws {
        var labels: [String?] = []
        for i in 0..<100_000 { labels.append(i % 2 == 0 ? "common" : "rare-\(i)") }
        let table = Table(columns: [Column(name: "code", kind: .categorical, strings: labels)])
        let model = try BayesNetwork.fit(table, maxLevels: 10)
        // "common" and the next 8 by count (ties by first appearance) have bins; the rest share one.
        #expect(model.tree.columns[0].bins.count == 10)
        let sample = try model.sample(count: 10_000, seed: 2, conditions: [])
        let common = (0..<sample.rowCount).filter { sample["code"]!.text(at: $0) == "common" }.count
        #expect(abs(Double(common) / 10_000 - 0.5) < 0.03)
        #expect(sample["code"]!.levels.count == 9 + Discretizer.otherLabelLimit)
    }
}

/// Every cell as written, so tables with missing numbers (NaN) compare.
func cells(_ table: Table) -> [[String]] {
    table.columns.map { column in (0..<column.count).map { column.text(at: $0) } }
}

func mean(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count) }

/// The share of members among people over 50.
private func olderMemberShare(_ table: Table) -> Double {
    let rows = (0..<table.rowCount).filter { table["age"]!.numbers[$0] > 50 }
    return Double(rows.filter { table["member"]!.numbers[$0] == 1 }.count) / Double(rows.count)
}
