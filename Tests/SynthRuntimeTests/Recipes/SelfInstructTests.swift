import Foundation
import SynthCore
import SynthLLM
import SynthRuntime
import SynthTesting
import Testing

@Suite struct SelfInstructTests {
    static let novel = [
        "Compose a limerick about a cat who learns to code.", "List the planets of the solar system from the hottest to the coldest.",
        "Convert 72 degrees Fahrenheit to Celsius and show the working.", "Draft a packing list for a week of winter camping.",
        "Name four renaissance painters and one famous work by each.", "Describe how a bill becomes law in Canada.",
        "Outline a beginner's weekly running schedule.", "Explain what a hash table is using a library analogy.",
    ]

    /// Half the answers copy the first task shown (a near-copy), half are novel tasks picked by the seed.
    static let provider = ScriptedProvider { request in
        let seed = request.parameters.seed ?? 0
        let first = request.between("Task 1\nInstruction: ", "\n") ?? ""
        let instruction = seed % 2 == 0 ? "Please " + first : novel[Int(seed / 2 % UInt64(novel.count))]
        return json(["instruction": .string(instruction), "input": .string(""), "output": .string("An answer.")])
    }

    /// The highest rouge-score ROUGE-L F-measure of each instruction against the pool it met: the seeds, then the kept ones before it.
    func referenceSimilarities(seeds: [String], stream: [(instruction: String, kept: Bool)]) throws -> [Double] {
        let program = """
            import sys, json
            from rouge_score import rouge_scorer
            d = json.loads(sys.argv[1])
            scorer = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)
            pool, out = list(d["seeds"]), []
            for text, kept in d["stream"]:
                out.append(max(scorer.score(p, text)["rougeL"].fmeasure for p in pool))
                if kept: pool.append(text)
            print(json.dumps(out))
            """
        let input = JSONWriter.string(
            .object([
                "seeds": .array(seeds.map { .string($0) }),
                "stream": .array(stream.map { .array([.string($0.instruction), .bool($0.kept)]) }),
            ]))
        let output = try Processes.python(program, [input])
        return try #require(try JSONParser.parse(Array(output.utf8)).arrayValue?.compactMap(\.doubleValue))
    }

    @Test func keptInstructionsAreNovelAgainstThePoolAsRougeScoreMeasuresIt() async throws {
        let (records, dropped, summary) = try await run("self-instruct", count: 8, options: options(Self.provider))
        #expect(records.count == 8)
        for record in records {
            #expect(record.shape == .instruction)
            #expect(record.shape.violation(in: record.fields) == nil)
            #expect(record.provenance.extra["recipe"] == .string("self-instruct"))
            #expect(record.provenance.extra["template"] == .string("self_instruct_v1"))
            #expect(record.provenance.source == "llm")
        }
        let reason = "instruction too similar to the pool (ROUGE-L >= 0.7)"
        let copies = dropped.filter { $0.1 == reason }.map(\.0)
        #expect(!copies.isEmpty, "the near-copies are dropped")
        #expect(summary.drops[reason] == copies.count)
        let stream = (records.map { ($0, true) } + copies.map { ($0, false) }).sorted { $0.0.provenance.index < $1.0.provenance.index }
        let reference = try referenceSimilarities(
            seeds: SeedTasks.builtIn.map(\.instruction),
            stream: stream.map { ($0.0.fields["instruction"]?.stringValue ?? "", $0.1) })
        for ((record, kept), expected) in zip(stream, reference) {
            if kept {
                #expect(expected < 0.7)
                let measured = try #require(record.provenance.extra["novelty_rouge_l"]?.doubleValue)
                #expect(abs(measured - expected) < 1e-9)
            } else {
                #expect(expected >= 0.7, "\(record.fields["instruction"]?.stringValue ?? "") scored \(expected)")
            }
        }
    }

    @Test func filterDropsANearCopyAndKeepsANovelInstructionWithRougeScoresNumbers() throws {
        let seed = "Give three tips for staying healthy."
        let nearCopy = "Give me three good tips for staying healthy."
        let novel = "Compose a limerick about a cat who learns to code."
        var filter = NoveltyFilter(pool: [seed])
        let reference = try referenceSimilarities(seeds: [seed], stream: [(nearCopy, false), (novel, true), (novel, false)])
        #expect(abs(filter.similarity(of: nearCopy) - reference[0]) < 1e-12)
        #expect(abs(filter.similarity(of: novel) - reference[1]) < 1e-12)
        func record(_ instruction: String) -> Record {
            Record(
                id: instruction, shape: .instruction, fields: ["instruction": .string(instruction), "output": .string("x")],
                provenance: Provenance(source: "llm", domain: "d", task: "t", generatorVersion: "1", seed: 1, shard: 0, index: 0))
        }
        var copy = record(nearCopy)
        var fresh = record(novel)
        var again = record(novel)
        #expect(filter.process(&copy) == .drop(reason: "instruction too similar to the pool (ROUGE-L >= 0.7)"))
        #expect(filter.process(&fresh) == .keep)
        #expect(filter.process(&again) != .keep, "a kept instruction joins the pool")
        #expect(filter.report()["dropped"] == 2)
        #expect(filter.report()["pool"] == 2)
    }

    @Test func sameSeedGivesTheSameRecordsWhateverTheWorkers() async throws {
        let one = try await run("self-instruct", count: 8, options: options(Self.provider), shardSize: 3, concurrency: 1)
        let other = try await run("self-instruct", count: 8, options: options(Self.provider), shardSize: 3, concurrency: 4)
        #expect(one.records.map(\.id) == other.records.map(\.id))
        #expect(one.records.map(\.fields) == other.records.map(\.fields))
        let reseeded = try await run("self-instruct", count: 8, options: options(Self.provider), seed: 8)
        #expect(reseeded.records.map(\.fields) != one.records.map(\.fields))
    }

    @Test func answersThatNeverParseAreDroppedWithTheirReasonAfterEveryAttempt() async throws {
        let broken = ScriptedProvider { _ in "Sure! Here is a task: {instruction: oops" }
        var opts = options(broken)
        opts.attempts = 2
        let error = await #expect(throws: SynthError.self) { try await run("self-instruct", count: 2, options: opts) }
        #expect(error?.code == .exhausted)
        #expect(error?.message.contains("no parseable answer from self_instruct_v1") == true)
        let requests = broken.requests
        #expect(requests.count % 2 == 0 && requests.count >= 4, "each record is asked twice")
        #expect(Set(requests.compactMap(\.parameters.seed)).count == requests.count, "each attempt samples afresh")
    }
}
