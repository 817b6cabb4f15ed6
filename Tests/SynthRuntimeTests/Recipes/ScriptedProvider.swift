import Foundation
import SynthCore
import SynthLLM
import SynthRuntime
import SynthTesting

/// A provider for recipe tests that answers each request by a function of it, and counts requests.
final class ScriptedProvider: LLMProvider, @unchecked Sendable {
    let name: String
    private let answer: @Sendable (CompletionRequest) -> String
    private let lock = NSLock()
    private var sent: [CompletionRequest] = []

    /// A provider called `name` answering with `answer`.
    init(_ name: String = "scripted", answer: @escaping @Sendable (CompletionRequest) -> String) {
        self.name = name
        self.answer = answer
    }

    /// The requests sent so far.
    var requests: [CompletionRequest] { lock.withLock { sent } }

    func complete(_ request: CompletionRequest) async throws -> Completion {
        lock.withLock { sent.append(request) }
        return Completion(text: answer(request), usage: TokenUsage(input: 10, output: 5), model: request.model)
    }
}

extension CompletionRequest {
    /// The text of the request's last user message.
    var userText: String {
        guard case .chat(let messages) = prompt else { return "" }
        return messages.last { $0.role == "user" }?.content ?? ""
    }

    /// The text between the first `start` and the next `end` in the user message.
    func between(_ start: String, _ end: String) -> String? {
        guard let open = userText.range(of: start), let close = userText[open.upperBound...].range(of: end) else { return nil }
        return String(userText[open.upperBound..<close.lowerBound])
    }
}

/// JSON text of `fields`.
func json(_ fields: Fields) -> String { JSONWriter.string(.object(fields)) }

/// Runs `recipe` for `count` records, returning what was written and what was dropped with why.
func run(
    _ recipe: String, count: Int, options: RecipeOptions, seed: UInt64 = 7, shardSize: Int = 4, concurrency: Int = 2
) async throws -> (records: [Record], dropped: [(Record, String)], summary: RunSummary) {
    let spec = GenerationSpec(domain: "recipes", task: recipe, count: count, seed: seed, shardSize: shardSize)
    let parts = try Recipes.named(recipe).parts(for: spec, options: options)
    let pipeline = Pipeline(
        plan: Plan(spec: spec), source: parts.source, recordStages: parts.recordStages, streamStages: parts.streamStages,
        concurrency: concurrency, topUpFactor: 20)
    var sink = MemorySink()
    var dropped: [(Record, String)] = []
    let summary = try await pipeline.run(into: &sink, rejected: { dropped.append(($0, $1)) })
    return (sink.records, dropped, summary)
}

/// The repository's recipe templates.
let recipeTemplates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("templates/recipes").path

/// Options for `provider` reading the repository's templates.
func options(_ provider: ScriptedProvider) -> RecipeOptions {
    var options = RecipeOptions(generator: ModelChoice(provider, model: "fake-model"))
    options.templates = recipeTemplates
    return options
}
