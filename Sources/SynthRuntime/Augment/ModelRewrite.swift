import SynthCore
import SynthGenerators
import SynthLLM

/// Augmentation that asks a model to rewrite a record's texts: a paraphrase, or a translation into a
/// pivot language and back (back-translation).
///
/// Each text is sent with an output schema (`{"text": …}`) and parsed, repaired and retried like any
/// model answer; a text whose answers never fit is kept as it was. NER records are refused: a rewrite
/// cannot keep entity offsets true. Of a QA record only the question is rewritten, so the answer stays
/// a span of the context.
struct ModelRewrite: AugmentOperation {
    /// What the model is asked to do.
    enum Kind: Sendable {
        case paraphrase
        case backTranslation(pivot: String)
    }

    let kind: Kind
    let provider: any LLMProvider
    let model: String
    let maxAttempts: Int

    var name: String {
        switch kind {
        case .paraphrase: return "paraphrase"
        case .backTranslation: return "back-translate"
        }
    }

    private static let schema = OutputSchema.object(properties: [.init("text", .string)], required: ["text"])

    func augment(_ record: Record, random: inout SeededRandom) async throws -> Record {
        var out = record
        switch record.shape {
        case .ner:
            throw SynthError(.invalidArgument, "\(name) cannot keep NER entity offsets true; use the offline operations on NER data")
        case .qa:
            if let question = record.fields["question"]?.stringValue {
                out.fields["question"] = .string(try await rewrite(question, seed: random.next() >> 1))
            }
        case .conversation:
            guard let messages = record.fields["messages"]?.arrayValue else { return record }
            var rewritten: [Value] = []
            for message in messages {
                guard var fields = message.objectValue, let content = fields["content"]?.stringValue else {
                    rewritten.append(message)
                    continue
                }
                fields["content"] = .string(try await rewrite(content, seed: random.next() >> 1))
                rewritten.append(.object(fields))
            }
            out.fields["messages"] = .array(rewritten)
        case .document, .instruction, .classification, .preference:
            for field in record.shape.textFields {
                guard let text = record.fields[field]?.stringValue, !text.isEmpty else { continue }
                out.fields[field] = .string(try await rewrite(text, seed: random.next() >> 1))
            }
        }
        return out
    }

    private func rewrite(_ text: String, seed: UInt64) async throws -> String {
        switch kind {
        case .paraphrase:
            return try await ask(
                "Rewrite the text in different words. Keep its meaning, every fact, name and number, its language and about its length.",
                text, seed: seed)
        case .backTranslation(let pivot):
            let translated = try await ask("Translate the text into \(pivot). Keep every fact, name and number.", text, seed: seed)
            guard translated != text else { return text }
            return try await ask("Translate the text into English. Keep every fact, name and number.", translated, seed: seed)
        }
    }

    /// The model's `text` for `instruction` applied to `text`, or `text` itself when no answer fits.
    private func ask(_ instruction: String, _ text: String, seed: UInt64) async throws -> String {
        let request = CompletionRequest(
            model: model,
            prompt: .chat([
                ChatMessage(
                    role: "system", content: "You rewrite texts for a training dataset. Answer with JSON only: {\"text\": \"...\"}."),
                ChatMessage(role: "user", content: "\(instruction)\n\nText:\n\(text)"),
            ]),
            parameters: SamplingParameters(temperature: 0.7, maxTokens: text.utf8.count / 2 + 64, seed: seed), schema: Self.schema)
        let result = try await StructuredGeneration(provider: provider, maxAttempts: maxAttempts).generate(request)
        guard let rewritten = result.value?.objectValue?["text"]?.stringValue, !rewritten.isEmpty else { return text }
        return rewritten
    }
}

extension Augmentation {
    /// The operations that ask a model, besides the offline ones.
    public static let modelOperations = ["paraphrase", "back-translate"]

    /// The operations `names` give, in order: offline ones from `Augmentations`, and `paraphrase` and
    /// `back-translate` through the model `llm` names (its provider, model, base URL, providers file and
    /// `maxCost`), translating through `pivot`.
    public static func operations(
        _ names: [String], alpha: Double, llm: LLMSettings?, pivot: String = "French"
    ) throws(SynthError) -> [any AugmentOperation] {
        var provider: (scheduler: RequestScheduler, model: String)?
        func model(for name: String) throws(SynthError) -> (scheduler: RequestScheduler, model: String) {
            if let provider { return provider }
            guard let llm else {
                throw SynthError(.invalidArgument, "\(name) asks a model: give --provider (with --model, or --base-url for a local server)")
            }
            let (client, _, model, pricing) = try LLMGeneration.connect(llm)
            let scheduler = RequestScheduler(
                provider: client,
                settings: RequestScheduler.Settings(
                    concurrency: AdaptiveConcurrency.Settings(initial: min(8, llm.maxInFlight), maximum: llm.maxInFlight)),
                price: { model, usage in pricing.cost(model: model, usage: usage) },
                budget: llm.maxCost.map { Budget(maxCost: $0) })
            provider = (scheduler, model)
            return (scheduler, model)
        }
        var operations: [any AugmentOperation] = []
        for name in names {
            switch name {
            case "paraphrase":
                let (scheduler, model) = try model(for: name)
                operations.append(ModelRewrite(kind: .paraphrase, provider: scheduler, model: model, maxAttempts: llm?.maxAttempts ?? 3))
            case "back-translate":
                let (scheduler, model) = try model(for: name)
                operations.append(
                    ModelRewrite(
                        kind: .backTranslation(pivot: pivot), provider: scheduler, model: model, maxAttempts: llm?.maxAttempts ?? 3))
            case _ where Augmentations.names.contains(name):
                operations.append(try Augmentations.operation(named: name, alpha: alpha))
            default:
                throw SynthError(
                    .invalidArgument,
                    "unknown augmentation '\(name)'; the operations are: \((Augmentations.names + modelOperations).joined(separator: ", "))"
                )
            }
        }
        return operations
    }
}
