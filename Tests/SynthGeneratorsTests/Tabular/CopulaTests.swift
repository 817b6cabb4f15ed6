import Foundation
import PropertyBased
import SynthCore
import SynthGenerators
import Testing

@Suite struct CopulaTests {
    /// A small mixed table: keys, integers, floats with missing values, labels, dates with an end after the start, emails.
    static func table(seed: UInt64, rows: Int) -> Table {
        var random = SeededRandom(seed: seed)
        var ages: [Double] = []
        var incomes: [Double] = []
        var regions: [String?] = []
        var starts: [Double] = []
        var ends: [Double] = []
        var emails: [String?] = []
        for i in 0..<rows {
            let age = Double(random.int(in: 18, 70))
            ages.append(age)
            // Positive whatever the seed, as the schema's positivity constraint declares.
            incomes.append(random.chance(0.1) ? .nan : (max(50, age * 900 + random.normal(mean: 0, sd: 5000)) * 100).rounded() / 100)
            regions.append(random.chance(0.05) ? nil : ["north", "south", "east"][random.below(3)])
            let start = Double(18_000 + random.below(400)) * 86_400
            starts.append(start)
            ends.append(start + Double(random.int(in: 1, 90)) * 86_400)
            emails.append("person\(i)_\(random.below(1000))@mail.test")
        }
        return Table(columns: [
            Column(name: "id", kind: .identifier, strings: (0..<rows).map { String(1000 + $0) }),
            Column(name: "age", kind: .integer, numbers: ages),
            Column(name: "income", kind: .float, numbers: incomes, format: ColumnFormat(decimals: 2)),
            Column(name: "region", kind: .categorical, strings: regions),
            Column(name: "start", kind: .datetime, numbers: starts),
            Column(name: "end", kind: .datetime, numbers: ends),
            {
                var c = Column(name: "email", kind: .text, strings: emails)
                c.pii = "email"
                return c
            }(),
        ])
    }

    /// Every cell as written, row by row (tables with missing numbers hold NaN, which never equals itself).
    static func text(_ table: Table) -> [[String]] {
        (0..<table.rowCount).map { row in table.columns.map { $0.text(at: row) } }
    }

    static let schema = TableSchema(constraints: [
        .inequality(low: "start", high: "end"), .positive("income"), .range(column: "age", min: 18, max: 70),
    ])

    static func fit(_ table: Table, seed: UInt64 = 1) throws -> ModelFile {
        try ModelFile.fit(table, schema: schema, modelName: "copula", options: FitOptions(seed: seed), synthforgeVersion: "test")
    }

    @Test func constraintsHoldOnEveryRowAndKeysAreFreshAndUnique() async throws {
        await propertyCheck(count: 25, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let real = Self.table(seed: seed, rows: 60)
            let file = try! Self.fit(real, seed: seed)
            let out = try! file.batch(0, of: 2_000, seed: seed, conditions: [])
            let start = out["start"]!.numbers
            let end = out["end"]!.numbers
            for row in 0..<out.rowCount where !start[row].isNaN && !end[row].isNaN {
                #expect(end[row] > start[row], "row \(row): end \(end[row]) not after start \(start[row])")
            }
            #expect(out["income"]!.numbers.allSatisfy { $0.isNaN || $0 > 0 })
            #expect(out["age"]!.numbers.allSatisfy { $0 >= 18 && $0 <= 70 && $0 == $0.rounded() })
            let ids = (0..<out.rowCount).map { out["id"]!.text(at: $0) }
            #expect(Set(ids).count == ids.count)
            #expect(Set(ids).isDisjoint(with: (0..<real.rowCount).map { real["id"]!.text(at: $0) }))
            let realEmails = Set(real["email"]!.levels)
            #expect((0..<out.rowCount).allSatisfy { !realEmails.contains(out["email"]!.text(at: $0)) })
        }
    }

    @Test func aLargerSampleKeepsTheInequalityAndBounds() throws {
        let file = try Self.fit(Self.table(seed: 9, rows: 500))
        var violations = 0
        for batch in 0..<4 {
            let out = try file.batch(batch, of: 4 * ModelFile.batchSize, seed: 3, conditions: [])
            let start = out["start"]!.numbers
            let end = out["end"]!.numbers
            for row in 0..<out.rowCount where !(end[row] > start[row]) && !start[row].isNaN && !end[row].isNaN { violations += 1 }
            violations += out["age"]!.numbers.filter { $0 < 18 || $0 > 70 }.count
            violations += out["income"]!.numbers.filter { !$0.isNaN && $0 <= 0 }.count
        }
        #expect(violations == 0)
    }

    @Test func conditionsHoldOnEveryRow() async throws {
        await propertyCheck(count: 25, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 20...60)) { seed, threshold in
            let file = try! Self.fit(Self.table(seed: seed, rows: 80), seed: seed)
            let conditions = [
                ColumnCondition(column: "age", allowed: .range(min: Double(threshold), max: nil, minInclusive: false, maxInclusive: true)),
                ColumnCondition(column: "region", allowed: .values(["north", "east"])),
                ColumnCondition(column: "income", allowed: .range(min: 10_000, max: 60_000, minInclusive: true, maxInclusive: true)),
            ]
            let model = try! file.modelConditions(conditions)
            let out = try! file.batch(0, of: 500, seed: seed, conditions: model)
            #expect(out["age"]!.numbers.allSatisfy { $0 > Double(threshold) })
            #expect((0..<out.rowCount).allSatisfy { ["north", "east"].contains(out["region"]!.text(at: $0)) })
            #expect(out["income"]!.numbers.allSatisfy { $0 >= 10_000 && $0 <= 60_000 })
        }
    }

    @Test func aConditionOnOneColumnShiftsTheCorrelatedOne() throws {
        let file = try Self.fit(Self.table(seed: 4, rows: 400))
        func meanIncome(_ conditions: [ColumnCondition]) throws -> Double {
            let out = try file.batch(0, of: 4000, seed: 1, conditions: try file.modelConditions(conditions))
            let incomes = out["income"]!.numbers.filter { !$0.isNaN }
            return incomes.reduce(0, +) / Double(incomes.count)
        }
        let young = try meanIncome([
            ColumnCondition(column: "age", allowed: .range(min: nil, max: 30, minInclusive: true, maxInclusive: true))
        ])
        let old = try meanIncome([
            ColumnCondition(column: "age", allowed: .range(min: 60, max: nil, minInclusive: true, maxInclusive: true))
        ])
        #expect(old > young + 15_000, "income given age ≥ 60: \(old); given age ≤ 30: \(young)")
    }

    @Test func conditionedRowsMatchTheModelsRowsThatMeetTheConditions() throws {
        // Sampling under conditions must draw from the model's own conditional distribution:
        // the same as sampling freely and keeping the rows that meet them (which it never does itself).
        let file = try Self.fit(Self.table(seed: 6, rows: 1000))
        let conditions = [
            ColumnCondition(column: "age", allowed: .range(min: 45, max: nil, minInclusive: true, maxInclusive: true)),
            ColumnCondition(column: "income", allowed: .range(min: nil, max: 50_000, minInclusive: true, maxInclusive: true)),
        ]
        var kept: [Double] = []
        var keptNorth = 0
        for batch in 0..<8 {
            let free = try file.batch(batch, of: 8 * ModelFile.batchSize, seed: 11, conditions: [])
            for row in 0..<free.rowCount where conditions.allSatisfy({ $0.allows(free[$0.column]!.numbers[row]) }) {
                kept.append(free["age"]!.numbers[row])
                if free["region"]!.text(at: row) == "north" { keptNorth += 1 }
            }
        }
        let conditioned = try file.batch(0, of: 60_000, seed: 12, conditions: try file.modelConditions(conditions))
        let ages = conditioned["age"]!.numbers
        let north = (0..<conditioned.rowCount).filter { conditioned["region"]!.text(at: $0) == "north" }.count
        let keptMean = kept.reduce(0, +) / Double(kept.count)
        let mean = ages.reduce(0, +) / Double(ages.count)
        #expect(kept.count > 5_000)
        #expect(abs(mean - keptMean) < 0.2, "mean age under the conditions: \(mean); of free rows that meet them: \(keptMean)")
        let share = Double(north) / Double(ages.count)
        let keptShare = Double(keptNorth) / Double(kept.count)
        #expect(abs(share - keptShare) < 0.01, "north share: \(share) vs \(keptShare)")
    }

    @Test func impossibleConditionsFailWithAMessage() throws {
        let file = try Self.fit(Self.table(seed: 2, rows: 100))
        let cases: [(ColumnCondition, String)] = [
            (ColumnCondition(column: "region", allowed: .values(["west"])), "column 'region' never holds 'west'"),
            (
                ColumnCondition(column: "age", allowed: .range(min: 200, max: nil, minInclusive: true, maxInclusive: true)),
                "no value of 'age' can meet"
            ),
            (
                ColumnCondition(column: "end", allowed: .range(min: 0, max: nil, minInclusive: true, maxInclusive: true)),
                "'end' is modelled as its gap after 'start'"
            ),
            (ColumnCondition(column: "email", allowed: .values(["a@b.c"])), "'email' is replaced with fakes"),
        ]
        for (condition, message) in cases {
            #expect {
                try file.modelConditions([condition])
            } throws: { error in
                (error as? SynthError)?.message.contains(message) == true
            }
        }
    }

    @Test func sameDataAndSeedGiveTheSameModelBytesAndSampleBytes() async throws {
        await propertyCheck(count: 10, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let table = Self.table(seed: seed, rows: 50)
            let a = try! Self.fit(table, seed: seed)
            let b = try! Self.fit(table, seed: seed)
            #expect(try! a.encoded() == b.encoded())
            let decoded = try! ModelFile.decode(try! a.encoded(), source: "m.sfm")
            #expect(try! decoded.encoded() == a.encoded())
            #expect(
                Self.text(try! a.batch(0, of: 300, seed: 5, conditions: []))
                    == Self.text(try! decoded.batch(0, of: 300, seed: 5, conditions: [])))
        }
    }

    @Test func fixedCombinationsOnlyProduceSeenPairs() throws {
        let cities = ["Paris", "Lyon", "Berlin", "Munich", "Rome"]
        let countries = ["France", "France", "Germany", "Germany", "Italy"]
        var random = SeededRandom(seed: 1)
        let picks = (0..<200).map { _ in random.below(5) }
        let table = Table(columns: [
            Column(name: "city", kind: .categorical, strings: picks.map { cities[$0] }),
            Column(name: "country", kind: .categorical, strings: picks.map { countries[$0] }),
            Column(name: "n", kind: .integer, numbers: picks.map { Double($0 * 10 + random.below(5)) }),
        ])
        let file = try ModelFile.fit(
            table, schema: TableSchema(constraints: [.fixedCombinations(["city", "country"])]), modelName: "copula", options: FitOptions(),
            synthforgeVersion: "test")
        let conditions = try file.modelConditions([ColumnCondition(column: "country", allowed: .values(["Germany"]))])
        let out = try file.batch(0, of: 1000, seed: 1, conditions: conditions)
        let pairs = Set((0..<out.rowCount).map { out["city"]!.text(at: $0) + "/" + out["country"]!.text(at: $0) })
        #expect(pairs.isSubset(of: ["Berlin/Germany", "Munich/Germany"]) && pairs.count == 2)
    }

    @Test func uniqueEmailsNeverRepeat() throws {
        var table = Table(columns: [
            Column(name: "email", kind: .text, strings: (0..<50).map { "user\($0)@mail.test" }),
            Column(name: "x", kind: .integer, numbers: (0..<50).map { Double($0 % 7) }),
        ])
        table.columns[0].pii = "email"
        let file = try ModelFile.fit(
            table, schema: TableSchema(constraints: [.unique("email")]), modelName: "copula", options: FitOptions(),
            synthforgeVersion: "test")
        var seen = Set<String>()
        for batch in 0..<2 {
            let out = try file.batch(batch, of: 2 * ModelFile.batchSize, seed: 1, conditions: [])
            for row in 0..<out.rowCount { seen.insert(out["email"]!.text(at: row)) }
        }
        #expect(seen.count == 2 * ModelFile.batchSize)
        #expect(seen.allSatisfy { $0.hasSuffix("@example.com") || $0.hasSuffix("@example.org") || $0.hasSuffix("@example.net") })
    }

    @Test func aRangeOnANumericMemberOfACombinationPicksItsPairs() throws {
        let table = Table(columns: [
            Column(name: "zip", kind: .integer, numbers: [75001, 75002, 69001, 69002, 13001, 75001, 69001]),
            Column(name: "city", kind: .categorical, strings: ["Paris", "Paris", "Lyon", "Lyon", "Marseille", "Paris", "Lyon"]),
        ])
        let file = try ModelFile.fit(
            table, schema: TableSchema(constraints: [.fixedCombinations(["zip", "city"])]), modelName: "copula", options: FitOptions(),
            synthforgeVersion: "test")
        let conditions = try file.modelConditions([
            ColumnCondition(column: "zip", allowed: .range(min: 69000, max: 70000, minInclusive: true, maxInclusive: false))
        ])
        let out = try file.batch(0, of: 500, seed: 2, conditions: conditions)
        #expect((0..<out.rowCount).allSatisfy { out["city"]!.text(at: $0) == "Lyon" })
        #expect(Set(out["zip"]!.numbers) == [69001, 69002])
    }

    @Test func keysContinueTheInputStyle() throws {
        let table = Table(columns: [
            Column(name: "code", kind: .identifier, strings: ["CU-0007", "CU-0008", "CU-0010"]),
            Column(name: "uuid", kind: .identifier, strings: ["a3f1-09", "bb02-1c", "0c9e-ff"]),
            Column(name: "x", kind: .integer, numbers: [1, 2, 3]),
        ])
        let file = try ModelFile.fit(table, schema: TableSchema(), modelName: "copula", options: FitOptions(), synthforgeVersion: "test")
        let out = try file.batch(0, of: 5000, seed: 1, conditions: [])
        #expect(out["code"]!.text(at: 0) == "CU-0011")
        #expect(out["code"]!.text(at: 1) == "CU-0012")
        let uuids = (0..<out.rowCount).map { out["uuid"]!.text(at: $0) }
        #expect(Set(uuids).count == uuids.count)
        #expect(uuids.allSatisfy { $0.count == 7 && Array($0)[4] == "-" && $0.allSatisfy { "0123456789abcdef-".contains($0) } })
    }

    @Test func fakesNeverEqualAnInputValue() throws {
        // Input values built from the fakes' own lists and fictional ranges: the ones a fake could coincide with.
        let names = FakeLists.names
        let phones = (0..<100).map { "(212) 555-01\($0 < 10 ? "0" : "")\($0)" }
        var table = Table(columns: [
            Column(name: "name", kind: .text, strings: names),
            Column(name: "phone", kind: .text, strings: Array(phones.prefix(names.count))),
        ])
        table.columns[0].pii = "name"
        table.columns[1].pii = "phone"
        let file = try ModelFile.fit(table, schema: TableSchema(), modelName: "copula", options: FitOptions(), synthforgeVersion: "test")
        let out = try file.batch(0, of: 3000, seed: 1, conditions: [])
        let realNames = Set(names)
        let realPhones = Set(phones.prefix(names.count))
        #expect((0..<out.rowCount).allSatisfy { !realNames.contains(out["name"]!.text(at: $0)) })
        #expect((0..<out.rowCount).allSatisfy { !realPhones.contains(out["phone"]!.text(at: $0)) })
        #expect(out["phone"]!.text(at: 0).contains("555-01"))
    }

    @Test func aSingleRowIsAnError() throws {
        let table = Table(columns: [Column(name: "x", kind: .integer, numbers: [1])])
        #expect {
            try ModelFile.fit(table, schema: TableSchema(), modelName: "copula", options: FitOptions(), synthforgeVersion: "test")
        } throws: { ($0 as? SynthError)?.message.contains("at least 2 rows") == true }
    }

    @Test func anAllMissingColumnStaysMissing() throws {
        let table = Table(columns: [
            Column(name: "x", kind: .integer, numbers: [1, 2, 3, 4]),
            Column(name: "empty", kind: .categorical, strings: [nil, nil, nil, nil]),
            Column(name: "nothing", kind: .float, numbers: [.nan, .nan, .nan, .nan]),
        ])
        let file = try ModelFile.fit(table, schema: TableSchema(), modelName: "copula", options: FitOptions(), synthforgeVersion: "test")
        let out = try file.batch(0, of: 100, seed: 1, conditions: [])
        #expect(out["empty"]!.missingShare == 1)
        #expect(out["nothing"]!.missingShare == 1)
    }

    @Test func missingSharesAreKept() throws {
        let file = try Self.fit(Self.table(seed: 8, rows: 2000))
        let out = try file.batch(0, of: 20_000, seed: 1, conditions: [])
        #expect(abs(out["income"]!.missingShare - 0.1) < 0.02)
        #expect(abs(out["region"]!.missingShare - 0.05) < 0.015)
    }
}

/// Names built from the fakes' own lists, which an input could share.
enum FakeLists {
    static let names = [
        "Alice Abara", "Bruno Bellweather", "Chiara Castellano", "Dmitri Draskovic", "Elena Eklund", "Grace Grimaldi", "Maya Marchetti",
    ]
}

@Suite struct ModelFileTests {
    @Test func theFileIsSelfDescribing() throws {
        let file = try CopulaTests.fit(CopulaTests.table(seed: 1, rows: 40))
        let json = try JSONSerialization.jsonObject(with: try file.encoded()) as? [String: Any]
        #expect(json?["format"] as? String == "synthforge-model")
        #expect(json?["version"] as? Int == 1)
        #expect(json?["model"] as? String == "copula")
        #expect(json?["synthforge"] as? String == "test")
        #expect(json?["privacy"] is NSNull)
        let columns = json?["columns"] as? [[String: Any]] ?? []
        #expect(columns.map { $0["name"] as? String } == ["id", "age", "income", "region", "start", "end", "email"])
        #expect(columns.map { $0["kind"] as? String } == ["identifier", "integer", "float", "categorical", "datetime", "datetime", "text"])
        #expect(
            columns.compactMap { ($0["role"] as? [String: Any])?.keys.first } == [
                "identifier", "modelled", "modelled", "modelled", "modelled", "gap", "fake",
            ])
    }

    @Test(arguments: [
        (#"{"hello": 1}"#, "m.sfm is not a SynthForge model file"),
        (
            #"{"format": "synthforge-model", "version": 2, "model": "copula"}"#,
            "m.sfm is model file version 2; this synthforge reads version 1"
        ),
        (#"{"format": "synthforge-model", "version": 1, "model": "gan"}"#, "unknown model 'gan'; models are: copula"),
        (
            #"{"format": "synthforge-model", "version": 1, "model": "copula"}"#,
            "m.sfm is a damaged model file: field 'preparation' is missing"
        ),
    ])
    func badFilesSayWhatIsWrong(text: String, message: String) {
        #expect {
            try ModelFile.decode(Data(text.utf8), source: "m.sfm")
        } throws: { error in
            (error as? SynthError)?.message.hasPrefix(message) == true
        }
    }
}
