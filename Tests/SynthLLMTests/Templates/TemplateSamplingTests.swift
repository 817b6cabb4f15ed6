import SynthCore
import SynthLLM
import Testing

/// Variable samplers: the same seed gives the same values, and draws follow the declared weights and ranges.
@Suite struct TemplateSamplingTests {
    static func template(_ variables: String, user: String) throws -> PromptTemplate {
        try PromptTemplate.parse(
            yaml: """
                id: sampling
                version: 1
                description: Samplers.
                domain: demo
                task: document
                user: "\(user)"
                output: {type: object, properties: {text: {type: string}}, required: [text]}
                variables:
                \(variables)
                """, file: "sampling.yaml")
    }

    @Test func theSameSeedGivesTheSameVariables() async throws {
        let template = try TemplateCatalog.template("tech_support_v1")
        let context = try await template.context(seed: 3)
        func draw(_ seed: UInt64) throws -> [Fields] {
            var random = SeededRandom(seed: seed)
            return try (0..<50).map { _ in try template.sampleVariables(random: &random, context: context) }
        }
        #expect(try draw(11) == draw(11))
        #expect(try draw(11) != draw(12))
        // A second context prepared with the same seed holds the same records.
        #expect(try await template.context(seed: 3).records == context.records)
    }

    @Test func aVariableKeepsItsValuesWhenAnotherIsAdded() throws {
        let one = try Self.template("  a: {range: [1, 1000]}", user: "{{a}}")
        let two = try Self.template("  a: {range: [1, 1000]}\n  b: {list: [x, y]}", user: "{{a}} {{b}}")
        var r1 = SeededRandom(seed: 5)
        var r2 = SeededRandom(seed: 5)
        for _ in 0..<20 { #expect(try one.sampleVariables(random: &r1)["a"] == two.sampleVariables(random: &r2)["a"]) }
    }

    @Test func weightedDrawsFollowTheWeights() throws {
        let template = try Self.template("  w: {weighted: {rare: 1, middle: 3, common: 6}}", user: "{{w}}")
        var random = SeededRandom(seed: 99)
        var counts: [String: Int] = [:]
        let draws = 30_000
        for _ in 0..<draws { counts[try template.sampleVariables(random: &random)["w"]?.stringValue ?? "", default: 0] += 1 }
        let expected = ["rare": 0.1, "middle": 0.3, "common": 0.6]
        let chiSquare = expected.reduce(0.0) { sum, pair in
            let e = pair.value * Double(draws)
            let o = Double(counts[pair.key] ?? 0)
            return sum + (o - e) * (o - e) / e
        }
        // 13.82 is the chi-square critical value for 2 degrees of freedom at p = 0.001.
        #expect(chiSquare < 13.82, "\(counts)")
        #expect(counts.keys.sorted() == ["common", "middle", "rare"])
    }

    @Test func listsAreUniformAndRangesStayInBounds() throws {
        let template = try Self.template(
            "  l: {list: [a, b, c, d]}\n  n: {range: [18, 22]}\n  x: {range: [0.5, 2.25]}", user: "{{l}} {{n}} {{x}}")
        var random = SeededRandom(seed: 1)
        var letters: [String: Int] = [:]
        var numbers: Set<Int> = []
        for _ in 0..<8_000 {
            let values = try template.sampleVariables(random: &random)
            letters[values["l"]?.stringValue ?? "", default: 0] += 1
            guard case .int(let n)? = values["n"], case .double(let x)? = values["x"] else {
                Issue.record("expected an int and a double, got \(values)")
                return
            }
            numbers.insert(n)
            #expect((0.5...2.25).contains(x))
            let decimals = values["x"]?.text.split(separator: ".").dropFirst().first?.count ?? 0
            #expect(decimals <= 2, "\(x) has more than 2 decimal places")
        }
        #expect(numbers == [18, 19, 20, 21, 22])
        let chiSquare = letters.values.reduce(0.0) { $0 + (Double($1) - 2000) * (Double($1) - 2000) / 2000 }
        // 16.27 is the chi-square critical value for 3 degrees of freedom at p = 0.001.
        #expect(letters.count == 4 && chiSquare < 16.27, "\(letters)")
    }

    @Test func recordsAndTopicsDrawFromTheContext() async throws {
        let template = try Self.template(
            "  seed: {records: {domain: support, task: ticket-triage, pool: 5}}\n  topic: {topics: {root: tides, depth: 2, breadth: 3}}",
            user: "{{seed.text}} about {{topic}}")
        let context = try await template.context()
        #expect(context.records["seed"]?.count == 5)
        #expect(context.topics["topic"]?.leaves.count == 9)
        var random = SeededRandom(seed: 4)
        var seen: Set<String> = []
        for _ in 0..<200 {
            let values = try template.sampleVariables(random: &random, context: context)
            #expect(values["seed"]?.objectValue?["text"]?.stringValue?.hasPrefix("support ticket-triage record") == true)
            seen.insert(values["topic"]?.stringValue ?? "")
        }
        #expect(seen == Set(context.topics["topic"]?.leaves ?? []))
        #expect {
            var random = SeededRandom(seed: 4)
            _ = try template.sampleVariables(random: &random)
        } throws: { error in
            (error as? SynthError)?.message
                == "variable 'seed' samples records of support/ticket-triage, but no records were prepared for it"
        }
    }
}

/// Topic trees: one request per inner node, with prompts that depend only on the path.
@Suite struct TopicTreeTests {
    @Test func aTreeIsExpandedLevelByLevel() async throws {
        let provider = ScriptedTopics()
        let tree = try await TopicTree.expand(root: "tides", depth: 2, breadth: 3, using: provider, model: "m")
        #expect(tree.children.map(\.topic) == ["tides-1", "tides-2", "tides-3"])
        #expect(tree.leaves.prefix(3) == ["tides-1-1", "tides-1-2", "tides-1-3"])
        #expect(tree.leaves.count == 9)
        let requests = await provider.requests
        #expect(requests.count == 4)
        #expect(requests.allSatisfy { $0.schema == TopicTree.answerSchema })
        #expect(requests[1] == TopicTree.request(path: ["tides", "tides-1"], breadth: 3, model: "m"))
        let again = ScriptedTopics()
        _ = try await TopicTree.expand(root: "tides", depth: 2, breadth: 3, using: again, model: "m")
        #expect(await again.requests == requests)
    }

    @Test func aNodeWhoseAnswerIsNotJSONStaysALeaf() async throws {
        let tree = try await TopicTree.expand(root: "tides", depth: 2, breadth: 3, using: ScriptedTopics(broken: ["tides-2"]), model: "m")
        #expect(tree.leaves == ["tides-1-1", "tides-1-2", "tides-1-3", "tides-2", "tides-3-1", "tides-3-2", "tides-3-3"])
    }
}
