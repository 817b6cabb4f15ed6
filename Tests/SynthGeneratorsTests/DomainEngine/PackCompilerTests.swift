import SynthCore
import Testing

@testable import SynthGenerators

@Suite struct PackCompilerTests {
    @Test(arguments: [
        (
            documentPack(text: "{nope}", extra: "entities:\n  thing:\n    a: {const: 1}"),
            "test.yaml:9: task 'doc': unknown name '{nope}': not an entity value (thing), a grammar rule or a list"
        ),
        (
            documentPack(text: "{thing.a|shout}", extra: "entities:\n  thing:\n    a: {const: 1}"),
            "test.yaml:9: task 'doc': text: unknown filter 'shout' in '{thing.a|shout}'"
        ),
        (
            documentPack(text: "open {brace", extra: "entities:\n  thing:\n    a: {const: 1}"),
            "test.yaml:9: task 'doc': text: unclosed '{' in \"open {brace\" (write '{{' for a literal brace)"
        ),
        (
            documentPack(text: "x", extra: "entities:\n  thing:\n    a: {int: [1, 2], colour: red}"),
            "test.yaml:4: task 'doc': entity 'thing' field 'a': unknown key 'colour'"
        ),
        (
            documentPack(text: "x", extra: "entities:\n  thing:\n    a: {row: missing}"),
            "test.yaml:4: task 'doc': entity 'thing' field 'a': unknown table 'missing' (tables: )"
        ),
        (
            documentPack(text: "x", extra: "colour: red\nentities:\n  thing:\n    a: {const: 1}"),
            "test.yaml:2: unknown key 'colour'"
        ),
        ("domain: t\ntasks:\n  doc:\n    shape: essay\n    text: x", "test.yaml:4: task 'doc': unknown shape 'essay'"),
        ("domain: t\ntasks:\n  doc:\n    shape: qa\n    context: x", "test.yaml:4: task 'doc': a qa task needs 'pairs'"),
        ("domain: t\ntasks: [\n", "test.yaml: line 3"),
    ])
    func mistakesNameTheFileLineAndField(yaml: String, expectedPrefix: String) {
        let message = PackFixture.error(yaml)
        #expect(message?.hasPrefix(expectedPrefix) == true, "got: \(message ?? "no error")")
    }

    @Test func entityFieldsCanOnlyUseFieldsAboveThem() {
        let yaml = documentPack(text: "x", extra: "entities:\n  thing:\n    a: \"{b}\"\n    b: {const: 1}")
        #expect(PackFixture.error(yaml)?.contains("unknown name '{b}'") == true)
    }

    @Test func rowsAreFilteredByEarlierValues() throws {
        let yaml = """
            domain: t
            tables:
              jobs:
                - {title: pilot, age: [25, 60]}
                - {title: student, age: [18, 24]}
                - {title: nurse, sex: female}
                - {title: monk, sex: male}
            entities:
              thing:
                sex: {pick: [male, female]}
                age: {int: [18, 60]}
                job: {row: jobs, where: {sex: sex, age: age}}
            tasks:
              doc:
                shape: document
                entities: [thing]
                text: "{thing.sex} {thing.age} {thing.job.title}"
            """
        for text in try PackFixture(yaml).texts("doc", count: 1000) {
            let parts = text.split(separator: " ")
            let (sex, age, title) = (parts[0], Int(parts[1])!, parts[2])
            switch title {
            case "pilot": #expect(age >= 25)
            case "student": #expect(age <= 24)
            case "nurse": #expect(sex == "female")
            case "monk": #expect(sex == "male")
            default: Issue.record("unexpected title \(title)")
            }
        }
    }

    @Test func librariesShareListsWithPacks() throws {
        let catalog = try DomainCatalog(sources: [
            ("lib.yaml", "library: colours\nlists:\n  colour: [teal]"),
            (
                "p.yaml",
                "domain: p\nuses: [colours]\nentities:\n  thing:\n    c: {pick: colour}\ntasks:\n  doc:\n    shape: document\n    entities: [thing]\n    text: \"{thing.c}\""
            ),
        ])
        let pack = try catalog.pack("p")
        let record = try pack.record(task: "doc", shard: Shard(index: 0, start: 0, size: 1, seed: 1, recordSeed: 1), index: 0, specSeed: 1)
        #expect(record.fields["text"] == .string("teal"))
    }
}
