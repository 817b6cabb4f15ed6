import SynthCore
import SynthLLM
import SynthQuality

/// Self-instruct (Wang et al., 2023): each prompt shows `examples` seed tasks, sampled per record,
/// and asks for a new task; `NoveltyFilter` then drops near-copies of the pool.
///
/// The examples come from the seeds only, not from tasks generated so far, so a record depends on
/// its position alone and shards can run in parallel; novelty against generated tasks is the
/// filter's job, which sees them in plan order.
struct SelfInstructSource: RecordSource {
    let stamp: RecipeStamp
    let call: TemplateCall
    let seeds: [SeedTask]
    let examples: Int

    func records(for shard: Shard) async throws -> [Record] {
        try await RecipeStamp.records(of: shard) { offset, random in
            var random = random
            let shown = Self.sample(min(examples, seeds.count), of: seeds.count, random: &random)
            let text = shown.enumerated().map { number, index in
                let task = seeds[index]
                return "Task \(number + 1)\nInstruction: \(task.instruction)\nInput: \(task.input)\nOutput: \(task.output)"
            }
            let metadata: Fields = ["examples": .array(shown.map { .string(seeds[$0].instruction) })]
            var log = CallLog()
            let answer = try await call.ask(["examples": .string(text.joined(separator: "\n\n"))], seed: random.next(), log: &log)
            guard let answer else {
                return stamp.record(
                    .instruction, ["metadata": .object(metadata)], shard: shard, offset: offset, log: log,
                    drop: "no parseable answer from \(call.template.id)")
            }
            let fields: Fields = [
                "instruction": answer["instruction"] ?? .null, "input": answer["input"] ?? .string(""),
                "output": answer["output"] ?? .null, "metadata": .object(metadata),
            ]
            return stamp.record(.instruction, fields, shard: shard, offset: offset, log: log)
        }
    }

    /// `k` distinct indices below `n`, in the order drawn (a partial Fisher–Yates shuffle).
    static func sample(_ k: Int, of n: Int, random: inout SeededRandom) -> [Int] {
        var indices = Array(0..<n)
        for i in 0..<k { indices.swapAt(i, i + random.below(n - i)) }
        return Array(indices.prefix(k))
    }
}

/// Drops an instruction whose ROUGE-L F-measure against any instruction of the pool (the seeds, then
/// every instruction kept so far) reaches the threshold, as self-instruct does with 0.7; kept
/// instructions join the pool.
///
/// It runs in plan order, so what it keeps is the same on every run. Each kept record carries the
/// highest similarity it had, `novelty_rouge_l`, in its provenance.
public struct NoveltyFilter: StreamStage {
    public let name = "novelty"
    private var pool: RougeLPool
    private let threshold: Double
    private var dropped = 0

    /// A filter whose pool starts with `pool`; `threshold` is the ROUGE-L F-measure that counts as a near-copy.
    public init(pool: [String], threshold: Double = 0.7) {
        self.pool = RougeLPool(pool)
        self.threshold = threshold
    }

    /// The highest ROUGE-L F-measure of `instruction` against the pool (0 for an empty pool).
    public mutating func similarity(of instruction: String) -> Double { pool.highestF(instruction) }

    public mutating func process(_ record: inout Record) -> Verdict {
        let instruction = record.fields["instruction"]?.stringValue ?? ""
        let similarity = similarity(of: instruction)
        if similarity >= threshold {
            dropped += 1
            return .drop(reason: "instruction too similar to the pool (ROUGE-L >= \(NumberFormat.shortest(threshold)))")
        }
        record.provenance.extra["novelty_rouge_l"] = .double(similarity)
        pool.append(instruction)
        return .keep
    }

    public func report() -> StageReport {
        StageReport(stage: name, figures: [("dropped", Double(dropped)), ("pool", Double(pool.count))])
    }
}
