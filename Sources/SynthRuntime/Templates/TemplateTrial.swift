import SynthCore
import SynthLLM

/// One sample of a template tried against a model (`synthforge template test`): the variables, every
/// answer with how it parsed, and the record the accepted answer makes.
public struct TemplateTrial: Sendable {
    /// How one answer parsed.
    public enum Status: Sendable, Hashable, CustomStringConvertible {
        /// It fit the schema as it was.
        case valid
        /// It fit after these repairs (`trailing-comma`, `enum-case at label`, …).
        case repaired([String])
        /// It did not fit, for these reasons (`label: …`), each naming the field.
        case failed([String])

        public var description: String {
            switch self {
            case .valid: return "valid"
            case .repaired(let repairs): return "repaired: " + repairs.joined(separator: ", ")
            case .failed(let reasons): return "failed: " + reasons.joined(separator: "; ")
            }
        }
    }

    /// One answer of the model and how it parsed.
    public struct Answer: Sendable, Hashable {
        /// The model's raw text.
        public var text: String
        /// How it parsed against the output schema.
        public var status: Status
    }

    /// The sample's position: a run with the same seed asks record `index` exactly this way.
    public var index: Int
    /// The sampled variables.
    public var variables: Fields
    /// The answers, in order: after a failed one, the model was asked again with what was wrong.
    public var answers: [Answer]
    /// The record's fields made from the accepted answer, or nil when none was made.
    public var record: Fields?
    /// Why no record was made from an answer that fit the schema (it broke the task's shape), if so.
    public var problem: String?
    /// Tokens of every answer together.
    public var usage: TokenUsage
}

extension Templates {
    /// Renders `template` for the first `count` records of a run with `seed`, asks the model of `llm`
    /// for each in turn (parse, repair, and ask again up to `llm.maxAttempts`, as a run does), and
    /// returns what happened to each; transient failures are retried as in a run.
    ///
    /// Sample `k` asks what record `k` of `synthforge generate --template T --seed S` asks the same model.
    public static func test(
        _ template: PromptTemplate, count: Int, seed: UInt64, llm: LLMSettings, packs: [String] = []
    ) async throws -> [TemplateTrial] {
        let (provider, _, model, _) = try LLMGeneration.connect(llm)
        let scheduler = RequestScheduler(
            provider: provider,
            settings: RequestScheduler.Settings(concurrency: AdaptiveConcurrency.Settings(initial: 1, maximum: 1), seed: seed))
        let context = try await template.samplerContext(
            seed: seed, records: engineRecords(packs: packs, seed: seed), topics: (scheduler, model))
        let generation = StructuredGeneration(provider: scheduler, maxAttempts: llm.maxAttempts)
        var trials: [TemplateTrial] = []
        for index in 0..<count {
            var random = random(for: template, seed: seed, index: index)
            let (variables, request) = try template.draw(random: &random, context: context, model: model)
            let result = try await generation.generate(request)
            var answers = zip(result.completions, result.failures).map { completion, failures in
                TemplateTrial.Answer(text: completion.text, status: .failed(failures.map(\.description)))
            }
            var record: Fields?
            var problem: String?
            if let value = result.value, let accepted = result.completions.last {
                answers.append(
                    TemplateTrial.Answer(
                        text: accepted.text, status: result.repairs.isEmpty ? .valid : .repaired(result.repairs.map(\.description))))
                do {
                    let fields = try template.record(from: value, variables: variables)
                    if let violation = template.task.violation(in: fields) { problem = violation } else { record = fields }
                } catch {
                    problem = error.message
                }
            }
            trials.append(
                TemplateTrial(index: index, variables: variables, answers: answers, record: record, problem: problem, usage: result.usage))
        }
        return trials
    }
}
