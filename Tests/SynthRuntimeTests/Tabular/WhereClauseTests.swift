import SynthCore
import SynthGenerators
import SynthRuntime
import Testing

@Suite struct WhereClauseTests {
    static let file: ModelFile = {
        let table = Table(columns: [
            Column(name: "age", kind: .integer, numbers: [20, 30, 40, 50, 60, 35]),
            Column(name: "region", kind: .categorical, strings: ["north", "south", "east", "north", "south", "east"]),
            Column(name: "placed", kind: .boolean, numbers: [1, 0, 1, 0, 1, 1]),
            Column(name: "start", kind: .datetime, numbers: [0, 86_400, 2 * 86_400, 3 * 86_400, 4 * 86_400, 5 * 86_400]),
        ])
        return try! ModelFile.fit(table, schema: TableSchema(), modelName: "copula", options: FitOptions(), synthforgeVersion: "test")
    }()

    @Test func parsesConjunctionsOfEveryOperator() throws {
        let clause = try WhereClause(
            "age >= 30 and region = 'north' and age between 20 and 50 and region in ('north', \"south\") and placed != false and start < '1970-01-04'"
        )
        #expect(clause.terms.map(\.op) == [">=", "=", "between", "in", "!=", "<"])
        let conditions = try clause.conditions(for: Self.file)
        #expect(conditions[0] == ColumnCondition(column: "age", allowed: .range(min: 30, max: nil, minInclusive: true, maxInclusive: true)))
        #expect(conditions[1] == ColumnCondition(column: "region", allowed: .values(["north"])))
        #expect(conditions[2] == ColumnCondition(column: "age", allowed: .range(min: 20, max: 50, minInclusive: true, maxInclusive: true)))
        #expect(conditions[3] == ColumnCondition(column: "region", allowed: .values(["north", "south"])))
        #expect(conditions[4] == ColumnCondition(column: "placed", allowed: .values(["true"])))
        #expect(
            conditions[5]
                == ColumnCondition(column: "start", allowed: .range(min: nil, max: 3 * 86_400, minInclusive: true, maxInclusive: false)))
    }

    @Test func numberInequalityKeepsTheOtherValuesWhenFew() throws {
        let conditions = try WhereClause("age != 30").conditions(for: Self.file)
        #expect(conditions == [ColumnCondition(column: "age", allowed: .values(["20", "35", "40", "50", "60"]))])
        let out = try Self.file.batch(0, of: 300, seed: 1, conditions: try Self.file.modelConditions(conditions))
        #expect(out["age"]!.numbers.allSatisfy { $0 != 30 })
    }

    @Test func numberInequalityOnAContinuousColumnSaysToUseRanges() throws {
        let table = Table(columns: [Column(name: "score", kind: .float, numbers: (0..<40).map { Double($0) / 3 })])
        let file = try ModelFile.fit(table, schema: TableSchema(), modelName: "copula", options: FitOptions(), synthforgeVersion: "test")
        #expect {
            try WhereClause("score != 2").conditions(for: file)
        } throws: { error in
            (error as? SynthError)?.message
                == "--where, character 1: 'score' takes too many values for '!=' (a union of two ranges); write 'score < 2' or 'score > 2'"
        }
    }

    @Test func labelInequalityKeepsTheOtherLabels() throws {
        let conditions = try WhereClause("region != 'north'").conditions(for: Self.file)
        #expect(conditions == [ColumnCondition(column: "region", allowed: .values(["south", "east"]))])
    }

    @Test(arguments: [
        ("age >= 30 or region = 'north'", "character 11: 'or' is not supported: conditions can only be joined with 'and'"),
        ("age >=", "character 7: expected a value after '>='"),
        ("age between 20 50", "character 16: 'between' needs 'and'"),
        ("region = 'north", "character 10: this quote is never closed"),
        ("region in 'north'", "character 11: 'in' needs a list in parentheses"),
        ("age ~ 3", "character 5: expected an operator"),
    ])
    func syntaxErrorsPointAtTheCharacter(text: String, message: String) {
        #expect {
            try WhereClause(text)
        } throws: { error in
            (error as? SynthError)?.message.hasPrefix("--where, \(message)") == true
        }
    }

    @Test(arguments: [
        ("height > 3", "no column 'height'; columns are age, region, placed, start"),
        ("region > 'a'", "'region' holds labels; compare it with =, != or in (...), not >"),
        ("age > 'old'", "'age' holds numbers; 'old' is not one"),
        ("start > 'yesterday'", "'start' holds dates; write them as '2024-03-01'"),
    ])
    func meaningErrorsNameTheColumn(text: String, message: String) throws {
        let clause = try WhereClause(text)
        #expect {
            try clause.conditions(for: Self.file)
        } throws: { error in
            (error as? SynthError)?.message.contains(message) == true
        }
    }
}
