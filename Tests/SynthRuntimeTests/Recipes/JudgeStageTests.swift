import SynthCore
import SynthLLM
import SynthRuntime
import SynthTesting
import Testing

@Suite struct JudgeStageTests {
    /// Scores 9 a record whose text says "excellent", 2 any other.
    static let judge = ScriptedProvider("judge") { request in
        let score = request.userText.contains("excellent") ? "9" : "2"
        return json(["text": .string("Judged on its merits."), "label": .string(score)])
    }

    func judged(_ stage: JudgeStage, count: Int = 6) async throws -> (records: [Record], dropped: [(Record, String)]) {
        let spec = GenerationSpec(domain: "test", task: "test", count: count, shardSize: 3)
        let source = ScriptedSource { shard, index in
            index % 2 == 0 ? "An excellent text \(shard)-\(index)" : "A dull text \(shard)-\(index)"
        }
        let pipeline = Pipeline(plan: Plan(spec: spec), source: source, recordStages: [stage], topUpFactor: 4)
        var sink = MemorySink()
        var dropped: [(Record, String)] = []
        _ = try await pipeline.run(into: &sink, rejected: { dropped.append(($0, $1)) })
        return (sink.records, dropped)
    }

    @Test func recordsScoredBelowTheThresholdAreDroppedAndTheRestCarryTheirScore() async throws {
        let stage = try JudgeStage(judge: ModelChoice(Self.judge, model: "judge-model"), threshold: 5, templates: recipeTemplates)
        let (records, dropped) = try await judged(stage)
        #expect(records.count == 6)
        for record in records {
            #expect(record.readableText.contains("excellent"))
            #expect(record.provenance.extra["judge_score"] == .int(9))
            #expect(record.provenance.extra["judge_reason"] == .string("Judged on its merits."))
        }
        #expect(!dropped.isEmpty && dropped.allSatisfy { $0.1 == "judge score below 5" && $0.0.readableText.contains("dull") })
        #expect(dropped.allSatisfy { $0.0.provenance.extra["judge_score"] == .int(2) })
        let prompt = try #require(Self.judge.requests.first?.userText)
        #expect(prompt.contains("Score this document example.") && prompt.contains("Text: A"))
    }

    @Test func anUnparseableVerdictIsAskedAgainThenTheRecordIsDropped() async throws {
        let flaky = ScriptedProvider { request in
            // Garbage on even seeds; on odd ones 8 for an excellent record and "eleven", no score, for a dull one.
            guard let seed = request.parameters.seed, seed % 2 == 1 else { return "Score: nine out of ten" }
            return json(["text": .string("ok"), "label": .string(request.userText.contains("excellent") ? "8" : "eleven")])
        }
        let stage = try JudgeStage(judge: ModelChoice(flaky, model: "m"), threshold: 5, templates: recipeTemplates, attempts: 3)
        let (records, dropped) = try await judged(stage)
        #expect(records.allSatisfy { $0.provenance.extra["judge_score"] == .int(8) })
        #expect(!dropped.isEmpty && dropped.allSatisfy { $0.1 == "judge gave no score" && $0.0.provenance.extra["judge_score"] == nil })
        let dull = flaky.requests.filter { $0.userText.contains("dull") }
        #expect(dull.count == 3 * dropped.count, "a record the judge cannot score is asked three times")
        #expect(Set(dull.compactMap(\.parameters.seed)).count == dull.count, "each attempt samples afresh")
    }

    @Test func theThresholdMustBeAScoreAndRecipesAddTheStageWhenAsked() throws {
        #expect(throws: SynthError.self) {
            try JudgeStage(judge: ModelChoice(Self.judge, model: "m"), threshold: 11, templates: recipeTemplates)
        }
        var opts = options(Self.judge)
        let spec = GenerationSpec(domain: "recipes", task: "self-instruct", count: 1)
        #expect(try Recipes.named("self-instruct").parts(for: spec, options: opts).recordStages.map(\.name) == ["recipe"])
        opts.judgeThreshold = 7
        #expect(try Recipes.named("self-instruct").parts(for: spec, options: opts).recordStages.map(\.name) == ["recipe", "judge"])
        let error = #expect(throws: SynthError.self) { try Recipes.named("alpaca") }
        #expect(error?.message == "unknown recipe 'alpaca'; recipes are: self-instruct, evol-instruct, conversations, qa, preference")
    }
}
