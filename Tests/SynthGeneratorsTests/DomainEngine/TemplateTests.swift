import SynthCore
import Testing

@testable import SynthGenerators

@Suite struct TemplateTests {
    private let entity = """
        lists:
          fruit: [apple]
          tools: [saw, drill, file]
        entities:
          thing:
            n: {const: 1234.5}
            word: {const: hour}
            acronym: {const: MRI}
            items: {const: [a, b, c]}
            day: {const: "2025-03-04"}
            ext: {const: .locked}
            company: {const: Acme Inc.}
            body: {const: "return x"}
            box: {const: box}
            none: {const: ""}
        """

    @Test(arguments: [
        ("{thing.word|a}", "an hour"), ("{thing.acronym|a}", "an MRI"), ("{fruit|a|cap}", "An apple"),
        ("{thing.company|uncap}", "acme Inc."),
        ("{thing.n|money}", "1,234.50"), ("{thing.n|fixed:1}", "1234.5"), ("{thing.items|join}", "a, b and c"),
        ("{thing.items|join:or}", "a, b or c"), ("{thing.items|count|words}", "three"),
        ("{thing.day|date:long}", "March 4, 2025"), ("{thing.day|date:short}", "03/04/2025"),
        ("{thing.day|date:dmy}", "4 March 2025"), ("{thing.box|plural}", "boxes"), ("{thing.items|first|upper}", "A"),
        ("x {thing.none} , y", "x, y"), ("ends in {thing.ext}", "ends in .locked"),
        ("Paid {thing.company}.", "Paid Acme Inc."), ("def f(x):\\n    {thing.body}", "def f(x):\n    return x"),
        ("{{literal}} {thing.box}", "{literal} box"), ("{#digits:4}|", nil),
    ])
    func slotsAndFilters(template: String, expected: String?) throws {
        let text = try PackFixture(documentPack(text: template, extra: entity)).texts("doc", count: 1)[0]
        if let expected {
            #expect(text == expected)
        } else {
            #expect(text.count == 5 && text.dropLast().allSatisfy(\.isNumber))
        }
    }

    @Test func inlineAlternativesAndOptionalSlotsVary() throws {
        let texts = try PackFixture(documentPack(text: "{~red|green|blue} {tools?}", extra: entity)).texts("doc", count: 400)
        let firstWords = Set(texts.map { $0.split(separator: " ").first.map(String.init) ?? "" })
        #expect(firstWords == ["red", "green", "blue"])
        let withTool = texts.filter { $0.contains(" ") }.count
        #expect(withTool > 120 && withTool < 280)  // {tools?} is present about half the time
        #expect(texts.allSatisfy { !$0.hasSuffix(" ") })  // an empty optional slot leaves no trailing space
    }

    @Test func ruleAlternativesFollowWeightsAndConditions() throws {
        let yaml = """
            domain: t
            entities:
              thing:
                kind: {pick: [cat, dog]}
            grammar:
              sound:
                - {t: "meow", when: {thing.kind: cat}}
                - {t: "woof", w: 3, when: {thing.kind: dog}}
                - {t: "growl", when: {thing.kind: {not: cat}}}
            tasks:
              doc:
                shape: classification
                entities: [thing]
                labels: [cat, dog]
                text: "{sound}"
                label: "{thing.kind}"
            """
        let records = try PackFixture(yaml).records("doc", count: 2000)
        for record in records {
            let text = record.fields["text"]!.stringValue!
            let label = record.fields["label"]!.stringValue!
            #expect(label == "cat" ? text == "meow" : (text == "woof" || text == "growl"))
        }
        let woof = records.filter { $0.fields["text"]!.stringValue! == "woof" }.count
        let growl = records.filter { $0.fields["text"]!.stringValue! == "growl" }.count
        #expect(Double(woof) / Double(woof + growl) > 0.68 && Double(woof) / Double(woof + growl) < 0.82)
    }

    @Test func spansCoverExactlyTheRenderedValues() throws {
        let yaml = """
            domain: t
            uses: []
            lists:
              names: [Zoë Ångström, Li Wei, Ann]
              cities: [São Paulo, Paris]
            entities:
              p:
                name: {pick: names}
                city: {pick: cities}
            tasks:
              spans:
                shape: ner
                entities: [p]
                spans: [PERSON, CITY]
                text: "{~Yesterday|Today} {p.name@PERSON} flew to {p.city|a@CITY}. {p.name|upper@PERSON} said hi"
            """
        for record in try PackFixture(yaml).records("spans", count: 200) {
            let text = Array(record.fields["text"]!.stringValue!.unicodeScalars)
            let entities = record.fields["entities"]!.arrayValue!
            #expect(entities.count == 3)
            for entity in entities {
                let e = entity.objectValue!
                guard case .int(let start) = e["start"]!, case .int(let end) = e["end"]! else {
                    Issue.record("offsets are not ints")
                    continue
                }
                var covered = String.UnicodeScalarView()
                covered.append(contentsOf: text[start..<end])
                #expect(String(covered) == e["text"]!.stringValue!)
            }
            // The article stays outside the CITY span.
            let city = entities[1].objectValue!["text"]!.stringValue!
            #expect(city == "São Paulo" || city == "Paris")
        }
    }
}

@Suite struct AnswerOffsetTests {
    @Test func answersPointAtWholeWordsFirst() {
        #expect(RecordMaker.scalarOffset(of: "5 days", in: "after 15 days, then 5 days") == 20)
        #expect(RecordMaker.scalarOffset(of: "5 days", in: "only 15 days") == 6)
        #expect(RecordMaker.scalarOffset(of: "café", in: "Crème café") == 6)
        #expect(RecordMaker.scalarOffset(of: "x", in: "abc") == nil)
    }
}
