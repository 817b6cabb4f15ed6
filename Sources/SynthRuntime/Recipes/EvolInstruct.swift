import SynthCore
import SynthLLM

/// Evol-Instruct (Xu et al., 2023, WizardLM): a seed instruction evolves over `rounds` rounds, each
/// an in-depth rewrite (add a constraint, deepen, concretise, or ask for more reasoning steps) or an
/// in-breadth one (a new, rarer instruction of the same domain), picked at random; the model answers
/// each evolved instruction in the same reply.
///
/// Each evolution goes through `EvolElimination`. As in WizardLM, an eliminated evolution leaves the
/// pool: the chain stops there and the record is the last evolution that survived. A record whose
/// first evolution is eliminated is dropped with the elimination's reason.
struct EvolInstructSource: RecordSource {
    let stamp: RecipeStamp
    let inDepth: TemplateCall
    let inBreadth: TemplateCall
    let seeds: [SeedTask]
    let rounds: Int

    /// The in-depth methods, as the prompt states them, by name.
    static let methods: [(name: String, text: String)] = [
        ("constraints", "Add one more constraint or requirement to it."),
        ("deepen", "If it asks about an issue, ask about that issue in more depth and breadth."),
        ("concretise", "Replace its general concepts with more specific ones."),
        ("reasoning", "If a few simple steps of thinking solve it, rewrite it so that it explicitly asks for several steps of reasoning."),
    ]

    func records(for shard: Shard) async throws -> [Record] {
        try await RecipeStamp.records(of: shard) { offset, random in
            var random = random
            let seed = seeds[random.below(seeds.count)]
            var current: Fields = [
                "instruction": .string(seed.instruction), "input": .string(seed.input), "output": .string(seed.output),
            ]
            var evolutions: [Value] = []
            var eliminated: String?
            var log = CallLog()
            for _ in 0..<max(1, rounds) {
                let kind = random.below(Self.methods.count + 1)
                let instruction = current["instruction"]?.stringValue ?? ""
                let answer: Fields?
                if kind < Self.methods.count {
                    answer = try await inDepth.ask(
                        ["instruction": .string(instruction), "method": .string(Self.methods[kind].text)], seed: random.next(), log: &log)
                } else {
                    answer = try await inBreadth.ask(["instruction": .string(instruction)], seed: random.next(), log: &log)
                }
                let name = kind < Self.methods.count ? Self.methods[kind].name : "breadth"
                guard let answer else {
                    eliminated = "no parseable answer from \((kind < Self.methods.count ? inDepth : inBreadth).template.id)"
                    break
                }
                if let reason = EvolElimination.reason(original: instruction, evolved: answer) {
                    eliminated = reason
                    break
                }
                current = [
                    "instruction": answer["instruction"] ?? .null, "input": answer["input"] ?? .string(""),
                    "output": answer["output"] ?? .null,
                ]
                evolutions.append(.string(name))
            }
            current["metadata"] = .object(["seed_instruction": .string(seed.instruction)])
            var extra: Fields = ["evolutions": .array(evolutions)]
            if let eliminated { extra["evol_eliminated"] = .string(eliminated) }
            return stamp.record(
                .instruction, current, shard: shard, offset: offset, log: log, extra: extra,
                drop: evolutions.isEmpty ? eliminated : nil)
        }
    }
}

/// Evol-Instruct's elimination step: says why an evolution fails, or nil when it stands.
public enum EvolElimination {
    /// Phrases of the evolution prompts that a failed rewrite copies into the instruction.
    static let promptPhrases = ["given prompt", "rewritten prompt", "created prompt", "#given", "#rewritten", "#created"]
    /// Phrases of an answer that declines the task.
    static let refusals = [
        "i cannot help", "i can't help", "i am unable to", "i'm unable to", "i cannot assist", "i can't assist", "as an ai",
    ]

    /// Why the evolution `evolved` (its `instruction` and `output`) of `original` fails, or nil when it stands:
    /// - "evolution did not change the instruction": the same words, ignoring case, spacing and punctuation;
    /// - "evolution copies the prompt's words": it names the prompt's "#Given Prompt#"-style labels;
    /// - "evolution is too short": an instruction of fewer than four words, or an empty answer;
    /// - "answer is a refusal": the answer says sorry in fewer than 80 words (WizardLM's rule) or declines outright.
    public static func reason(original: String, evolved: Fields) -> String? {
        let instruction = evolved["instruction"]?.stringValue ?? ""
        let output = evolved["output"]?.stringValue ?? ""
        if words(instruction) == words(original) { return "evolution did not change the instruction" }
        let lowered = instruction.lowercased()
        if promptPhrases.contains(where: lowered.contains) { return "evolution copies the prompt's words" }
        let answerWords = words(output)
        if words(instruction).count < 4 || answerWords.isEmpty { return "evolution is too short" }
        let answer = output.lowercased()
        if (answerWords.contains("sorry") && answerWords.count < 80) || refusals.contains(where: answer.contains) {
            return "answer is a refusal"
        }
        return nil
    }

    /// The lower-cased words of `text`, without punctuation.
    private static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber && $0 != "'" }.map(String.init)
    }
}
