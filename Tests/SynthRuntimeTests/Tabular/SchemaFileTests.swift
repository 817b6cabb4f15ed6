import SynthCore
import SynthRuntime
import Testing

@Suite struct SchemaFileTests {
    @Test func readsColumnsConstraintsAndQuasiIdentifiers() throws {
        let schema = try TableSchema.parse(
            """
            columns:
              age: {type: integer, min: 18, max: 99}
              start_date: {type: datetime, min: 2020-01-01}
              region: {type: categorical, values: [north, south]}
              email: {type: text, pii: email}
            constraints:
              - inequality: {low: start_date, high: end_date}
              - fixed_combinations: [city, country]
              - range: {column: age, min: 18, max: 99}
              - unique: student_id
              - positive: salary
            quasi_identifiers: [age, zip]
            """, file: "s.yaml")
        #expect(schema.columns["age"] == ColumnSpec(kind: .integer, min: 18, max: 99))
        #expect(schema.columns["start_date"]?.min == DateLayout.parse("2020-01-01")?.seconds)
        #expect(schema.columns["region"]?.values == ["north", "south"])
        #expect(schema.columns["email"]?.pii == "email")
        #expect(
            schema.constraints == [
                .inequality(low: "start_date", high: "end_date"), .fixedCombinations(["city", "country"]),
                .range(column: "age", min: 18, max: 99),
                .unique("student_id"), .positive("salary"),
            ])
        #expect(schema.quasiIdentifiers == ["age", "zip"])
    }

    @Test(arguments: [
        ("columns:\n  age: {type: integer, maxx: 3}\n", "s.yaml:2: column 'age': unknown key 'maxx'"),
        ("columns:\n  age: {type: int}\n", "s.yaml:2: column 'age': unknown type 'int'"),
        ("constraints:\n  - bigger: {low: a, high: b}\n", "s.yaml:2: unknown constraint 'bigger'"),
        ("constraints:\n  - inequality: {low: a, top: b}\n", "s.yaml:2: 'inequality': unknown key 'top'"),
        ("colums: {}\n", "s.yaml:1: unknown key 'colums'"),
        ("columns:\n  d: {type: datetime, min: soon}\n", "s.yaml:2: 'd.min' must be a number or an ISO date"),
    ])
    func errorsNameTheFileLineAndField(text: String, message: String) {
        #expect {
            try TableSchema.parse(text, file: "s.yaml")
        } throws: { error in
            (error as? SynthError)?.message.hasPrefix(message) == true
        }
    }
}
