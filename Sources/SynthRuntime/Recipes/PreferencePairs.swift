import SynthCore
import SynthLLM

/// Preference pairs: two responses to a prompt (a seed task drawn per record) — from `generator`
/// at the template's temperature and from `rival`, or from `generator` again at another
/// temperature — and a judge that picks the better one.
///
/// The judge sees the pair in both orders; the pair is kept only when both verdicts pick the same
/// response, so a judge that prefers whatever comes first cannot choose. Ties, verdicts that flip
/// with the order, and identical responses are dropped with their reason.
struct PreferenceSource: RecordSource {
    let stamp: RecipeStamp
    let first: TemplateCall
    let second: TemplateCall
    let secondTemperature: Double?
    let judge: TemplateCall
    let seeds: [SeedTask]

    func records(for shard: Shard) async throws -> [Record] {
        try await RecipeStamp.records(of: shard) { offset, random in
            var random = random
            let prompt = seeds[random.below(seeds.count)].request
            var fields: Fields = ["prompt": .string(prompt)]
            var log = CallLog()
            var extra: Fields = ["rival_model": .string(second.model.model)]
            func record(dropping reason: String? = nil) -> Record {
                fields["metadata"] = .object([:])
                return stamp.record(.preference, fields, shard: shard, offset: offset, log: log, extra: extra, drop: reason)
            }
            let variables: Fields = ["prompt": .string(prompt)]
            let a = try await first.ask(variables, seed: random.next(), log: &log)?["text"]?.stringValue
            let b = try await second.ask(variables, seed: random.next(), temperature: secondTemperature, log: &log)?["text"]?.stringValue
            guard let a, let b else { return record(dropping: "no parseable answer from \(first.template.id)") }
            fields["chosen"] = .string(a)
            fields["rejected"] = .string(b)
            if a == b { return record(dropping: "the two responses are identical") }
            var verdicts: [(label: String, reason: String)] = []
            for (x, y) in [(a, b), (b, a)] {
                let answer = try await judge.ask(
                    ["prompt": .string(prompt), "response_a": .string(x), "response_b": .string(y)], seed: random.next(), log: &log)
                guard let answer, let label = answer["label"]?.stringValue else {
                    return record(dropping: "no parseable answer from \(judge.template.id)")
                }
                verdicts.append((label, answer["text"]?.stringValue ?? ""))
            }
            extra["judge_reason"] = .string(verdicts[0].reason)
            if verdicts.contains(where: { $0.label == "tie" }) { return record(dropping: "judge found a tie") }
            // In the swapped order "B" names the first response.
            let firstWins = verdicts[0].label == "A"
            if firstWins != (verdicts[1].label == "B") { return record(dropping: "judge verdict flips with the order") }
            fields["chosen"] = .string(firstWins ? a : b)
            fields["rejected"] = .string(firstWins ? b : a)
            extra["chosen_response"] = .string(firstWins ? "first" : "second")
            return record()
        }
    }
}
