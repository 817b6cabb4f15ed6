import SynthCore
import SynthLLM

/// What a recipe runs: its record source and the stages that belong to it.
public struct RecipeParts: Sendable {
    /// Where the recipe's records come from.
    public var source: any RecordSource
    /// Record stages, to run before any other (the first is always `RecipeGate`; the judge stage,
    /// when asked for, is last).
    public var recordStages: [any RecordStage]
    /// Stream stages, to run before any other (the novelty filter of `self-instruct`).
    public var streamStages: [any StreamStage]
}

/// A named way of making LLM training data: its description, the shape of its records, its default
/// templates, and how it builds its source and stages.
public struct Recipe: Sendable {
    /// The name, as `--recipe` takes it.
    public let name: String
    /// What the recipe makes, in a sentence.
    public let summary: String
    /// The task shape of its records.
    public let shape: TaskShape
    /// The ids of the templates it uses, found as `<id>.yaml` in `RecipeOptions.templates`.
    public let templates: [String]
    private let build: @Sendable (Context) throws(SynthError) -> (any RecordSource, [any StreamStage])

    init(
        name: String, summary: String, shape: TaskShape, templates: [String],
        build: @escaping @Sendable (Context) throws(SynthError) -> (any RecordSource, [any StreamStage])
    ) {
        self.name = name
        self.summary = summary
        self.shape = shape
        self.templates = templates
        self.build = build
    }

    /// What a recipe's builder reads: the run's stamp, the loaded templates, the options.
    struct Context {
        let spec: GenerationSpec
        let options: RecipeOptions
        let templates: [String: PromptTemplate]

        /// A call of template `id` to `model` (default: the generator).
        func call(_ id: String, _ model: ModelChoice? = nil) -> TemplateCall {
            TemplateCall(template: templates[id]!, model: model ?? options.generator, attempts: options.attempts)
        }

        /// The stamp of a run whose records name template `id` and the generator.
        func stamp(_ recipe: String, _ id: String) -> RecipeStamp {
            RecipeStamp(recipe: recipe, spec: spec, template: templates[id]!, model: options.generator)
        }
    }

    /// The source and stages that make `spec.count` records of this recipe with `options`.
    ///
    /// Template files, seed tasks and documents are read here, so a mistake in them stops the run
    /// before any request is sent. With `options.judgeThreshold` set, a `JudgeStage` asks
    /// `options.judge` (else the generator) to score every record.
    public func parts(for spec: GenerationSpec, options: RecipeOptions) throws(SynthError) -> RecipeParts {
        for (name, value) in [
            ("turns", options.turns), ("rounds", options.rounds), ("examples", options.examples),
            ("questions per chunk", options.questionsPerChunk), ("attempts", options.attempts), ("chunk size", options.chunkCharacters),
        ]
        where value < 1 {
            throw SynthError(.invalidArgument, "recipe '\(self.name)': \(name) must be a positive whole number, got \(value)")
        }
        var loaded: [String: PromptTemplate] = [:]
        for id in templates { loaded[id] = try RecipePrompts.load(id, folder: options.templates) }
        let (source, streamStages) = try build(Context(spec: spec, options: options, templates: loaded))
        var recordStages: [any RecordStage] = [RecipeGate()]
        if let threshold = options.judgeThreshold {
            recordStages.append(
                try JudgeStage(
                    judge: options.judge ?? options.generator, threshold: threshold, templates: options.templates,
                    attempts: options.attempts))
        }
        return RecipeParts(source: source, recordStages: recordStages, streamStages: streamStages)
    }
}

/// The recipes there are.
public enum Recipes {
    /// Every recipe, in the order `--recipe` lists them.
    public static let all: [Recipe] = [selfInstruct, evolInstruct, conversations, documentQA, preference]

    /// The recipe called `name`, or an error listing the recipes there are.
    public static func named(_ name: String) throws(SynthError) -> Recipe {
        guard let recipe = all.first(where: { $0.name == name }) else {
            throw SynthError(.invalidArgument, "unknown recipe '\(name)'; recipes are: \(all.map(\.name).joined(separator: ", "))")
        }
        return recipe
    }

    static let selfInstruct = Recipe(
        name: "self-instruct",
        summary: "New instruction tasks prompted by sampled seed tasks, near-copies of the pool dropped by ROUGE-L.",
        shape: .instruction, templates: ["self_instruct_v1"]
    ) { (context) throws(SynthError) in
        let seeds = try SeedTasks.load(context.options.seedTasks)
        let source = SelfInstructSource(
            stamp: context.stamp("self-instruct", "self_instruct_v1"), call: context.call("self_instruct_v1"), seeds: seeds,
            examples: context.options.examples)
        return (source, [NoveltyFilter(pool: seeds.map(\.instruction), threshold: context.options.noveltyThreshold)])
    }

    static let evolInstruct = Recipe(
        name: "evol-instruct",
        summary: "Seed instructions evolved in depth and in breadth over several rounds, failed evolutions eliminated.",
        shape: .instruction, templates: ["evol_in_depth_v1", "evol_in_breadth_v1"]
    ) { (context) throws(SynthError) in
        let source = EvolInstructSource(
            stamp: context.stamp("evol-instruct", "evol_in_depth_v1"), inDepth: context.call("evol_in_depth_v1"),
            inBreadth: context.call("evol_in_breadth_v1"), seeds: try SeedTasks.load(context.options.seedTasks),
            rounds: context.options.rounds)
        return (source, [])
    }

    static let conversations = Recipe(
        name: "conversations",
        summary: "Multi-turn chats between a simulated user pursuing a seed task and an assistant.",
        shape: .conversation, templates: ["conversation_user_v1", "conversation_assistant_v1"]
    ) { (context) throws(SynthError) in
        let source = ConversationSource(
            stamp: context.stamp("conversations", "conversation_user_v1"), user: context.call("conversation_user_v1"),
            assistant: context.call("conversation_assistant_v1", context.options.assistant),
            seeds: try SeedTasks.load(context.options.seedTasks), turns: context.options.turns)
        return (source, [])
    }

    static let documentQA = Recipe(
        name: "qa",
        summary: "Extractive question–answer pairs from chunks of your documents, answers checked to be spans of the chunk.",
        shape: .qa, templates: ["qa_from_chunk_v1"]
    ) { (context) throws(SynthError) in
        guard let folder = context.options.documents else {
            throw SynthError(.invalidArgument, "recipe 'qa' needs a documents folder of .txt or .md files (--documents DIR)")
        }
        let chunks = try DocumentChunker.chunks(
            folder: folder, characters: context.options.chunkCharacters, overlap: max(0, context.options.chunkOverlap))
        let source = DocumentQASource(
            stamp: context.stamp("qa", "qa_from_chunk_v1"), call: context.call("qa_from_chunk_v1"), chunks: chunks,
            perChunk: context.options.questionsPerChunk)
        return (source, [])
    }

    static let preference = Recipe(
        name: "preference",
        summary: "Two responses to a seed prompt and a judge, asked in both orders, that picks chosen and rejected.",
        shape: .preference, templates: ["preference_response_v1", "judge_pairwise_v1"]
    ) { (context) throws(SynthError) in
        let options = context.options
        let source = PreferenceSource(
            stamp: context.stamp("preference", "preference_response_v1"), first: context.call("preference_response_v1"),
            second: context.call("preference_response_v1", options.rival),
            secondTemperature: options.rival == nil ? options.secondTemperature : nil,
            judge: context.call("judge_pairwise_v1", options.judge), seeds: try SeedTasks.load(options.seedTasks))
        return (source, [])
    }
}
