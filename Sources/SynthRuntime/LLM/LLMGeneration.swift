import Foundation
import SynthCore
import SynthExport
import SynthGenerators
import SynthLLM
import SynthProviders

/// Runs specs whose records come from a language model: the same pipeline as the built-in engine,
/// with a durable journal for output, a response cache, adaptive rate control and a hard budget.
///
/// Every front door (CLI, server jobs) calls this; none wires a model pipeline of its own.
public enum LLMGeneration {
    /// What a model run did.
    public struct Outcome: Sendable {
        /// The pipeline's summary: records written (kept ones from an earlier session included), drops, stop reason.
        public var summary: RunSummary
        /// Where the run keeps its state and response cache.
        public var run: RunFolder
        /// Records an earlier session of this run had written, kept as they were.
        public var resumed: Int
        /// What the request scheduler did in this session: requests, cache hits, retries, latency.
        public var requests: SchedulerStats
        /// How the model's answers parsed.
        public var structured: StructuredTally
        /// Per variant (template) figures, in the order the templates were given.
        public var variants: [(name: String, records: Int, failed: Int, cost: Double, tokens: TokenUsage)]
        /// Spend over every session of this run.
        public var totalCost: Double
        /// Tokens over every session of this run.
        public var totalTokens: Int
        /// The file holding the records: the output, or its `.partial` journal when the run stopped early.
        public var output: String
        /// Says that the model has no known price, so its cost counts as 0; nil when it has one.
        public var priceNote: String?
    }

    /// The judge's default threshold: records scored below 6 of 10 are dropped.
    public static let defaultJudgeThreshold = 6
    /// The default records per shard of a model run: small, so records reach the journal as they come.
    public static let shardSize = 8
    /// The default folder of runs.
    public static let runsRoot = RunFolder.defaultRoot

    /// Fills a spec's domain and task from its first template when they are not given, and gives
    /// model runs their small default shard size.
    public static func complete(_ spec: inout PartialSpec) throws(SynthError) {
        guard spec.provider != nil else { return }
        if spec.shardSize == nil { spec.shardSize = shardSize }
        if let recipe = spec.recipe {
            guard spec.templates == nil else {
                throw SynthError(.invalidArgument, "--recipe brings its own templates; leave out --template (see docs/recipes.md)")
            }
            if spec.domain == nil { spec.domain = "general" }
            if spec.task == nil { spec.task = recipe }
            return
        }
        guard let first = spec.templates?.first else { return }
        let template = try TemplateCatalog.template(first)
        if spec.domain == nil { spec.domain = template.domain }
        // The task of a template run is the template's id: record k then samples exactly the variables
        // `synthforge template render` shows for it.
        if spec.task == nil { spec.task = template.id }
    }

    /// The provider, its name, the model and the prices `llm` names.
    static func connect(_ llm: LLMSettings) throws(SynthError) -> (provider: any LLMProvider, name: String, model: String, pricing: Pricing)
    {
        var configs: [ProviderConfig]
        var provider: any LLMProvider
        if let path = llm.providersFile {
            let file = try ProvidersFile.load(path: path)
            if llm.provider == "fallback" {
                configs = file.chain
                provider = try Providers.fallback(file)
            } else {
                guard var config = file.provider(named: llm.provider) else {
                    throw SynthError(
                        .invalidSpec,
                        "'\(path)' names no provider '\(llm.provider)' (it has \(file.providers.map(\.name).joined(separator: ", ")), "
                            + "or use 'fallback' for its chain)")
                }
                if let url = llm.baseURL { config.baseURL = url }
                if let model = llm.model { config.model = model }
                configs = [config]
                provider = try Providers.make(config)
            }
        } else {
            guard var config = ProviderConfig.builtIn(llm.provider) else {
                throw SynthError(
                    .invalidSpec,
                    "unknown provider '\(llm.provider)': use openai, anthropic or local (with --base-url), or name a providers file with --providers"
                )
            }
            if let url = llm.baseURL { config.baseURL = url }
            if let model = llm.model { config.model = model }
            configs = [config]
            provider = try Providers.make(config)
        }
        guard let model = llm.model ?? configs.first?.model ?? (llm.provider == "local" ? "local" : nil) else {
            throw SynthError(.invalidSpec, "name the model with --model (provider '\(llm.provider)' has no default model)")
        }
        let pricing = configs.reduce(Pricing.defaults) { $0.adding($1.prices) }
        return (provider, llm.provider, model, pricing)
    }

    /// The templates of `llm` as variants, with their shares and unique names.
    static func variants(_ llm: LLMSettings) throws(SynthError) -> [(name: String, template: PromptTemplate, share: Int)] {
        var result: [(name: String, template: PromptTemplate, share: Int)] = []
        for (i, reference) in llm.templates.enumerated() {
            let template = try TemplateCatalog.template(reference)
            var name = template.id
            if result.contains(where: { $0.name == name }) { name += "#\(i + 1)" }
            let share = llm.split.isEmpty ? (100 / llm.templates.count + (i < 100 % llm.templates.count ? 1 : 0)) : llm.split[i]
            result.append((name, template, share))
        }
        if let first = result.first, let other = result.dropFirst().first(where: { $0.template.task != first.template.task }) {
            throw SynthError(
                .invalidSpec,
                "templates of one run must make the same kind of record: '\(first.name)' makes \(first.template.task.rawValue), "
                    + "'\(other.name)' makes \(other.template.task.rawValue)")
        }
        return result
    }

    /// Runs `spec` (which has `llm` set) to its output, durably: records reach `OUT.partial` as they
    /// come, a stopped or failed run keeps them, and running it again (or `--resume ID`) continues.
    ///
    /// - Parameters:
    ///   - arguments: the command that started the run, kept so `--resume ID` can run it again.
    ///   - runsRoot: the folder of runs.
    ///   - stop: fires to stop early (Ctrl-C); the output is then partial and resumable.
    public static func run(
        _ spec: GenerationSpec, arguments: [String], runsRoot: String = runsRoot, concurrency: Int? = nil, stop: StopRequest? = nil,
        progress: (RunProgress) -> Void = { _ in }
    ) async throws -> Outcome {
        guard let llm = spec.llm else { throw SynthError(.invalidSpec, "this spec names no model provider") }
        guard spec.format == .jsonl else {
            throw SynthError(.invalidSpec, "model runs write JSONL, which they can resume; convert it afterwards with `synthforge export`")
        }
        try spec.validate()
        let folder = RunFolder(for: spec, root: runsRoot)
        let previous = try folder.state()
        let (provider, providerName, model, pricing) = try connect(llm)
        let chosen = llm.recipe == nil ? try variants(llm) : []

        try folder.create()
        let cache = try ResponseCache(path: folder.responses)
        let budget = Budget(
            maxCost: llm.maxCost, maxTokens: llm.maxTokens, alreadySpent: (previous?.cost ?? 0, previous?.tokens ?? 0))
        let scheduler = RequestScheduler(
            provider: provider,
            settings: RequestScheduler.Settings(
                concurrency: AdaptiveConcurrency.Settings(initial: min(8, llm.maxInFlight), maximum: llm.maxInFlight),
                limits: RateLimits(requestsPerMinute: llm.requestsPerMinute, tokensPerMinute: llm.tokensPerMinute), seed: spec.seed),
            price: { model, usage in pricing.cost(model: model, usage: usage) }, budget: budget, cache: cache)

        // The source and its own stages: a recipe's, or the templates' (with their A/B variants).
        let source: any RecordSource
        var (recordStages, streamStages) = try Generation.stages(for: spec, declaredLabels: [])
        var variants: [Variant] = []
        let tally = LLMTally()
        if let name = llm.recipe {
            var options = RecipeOptions(generator: ModelChoice(scheduler, model: model))
            options.seedTasks = llm.seedTasks
            options.documents = llm.documents
            if let turns = llm.turns { options.turns = turns }
            if let rounds = llm.rounds { options.rounds = rounds }
            options.attempts = llm.maxAttempts
            let parts = try Recipes.named(name).parts(for: spec, options: options)
            source = parts.source
            recordStages = parts.recordStages + recordStages
            streamStages = parts.streamStages + streamStages
        } else {
            let catalog = try DomainCatalog.load(adding: spec.packs)
            for (name, template, share) in chosen {
                let context = try await template.samplerContext(
                    seed: spec.seed, records: { domain, task in try catalog.source(domain: domain, task: task, specSeed: spec.seed) },
                    topics: (scheduler, model))
                variants.append(Variant(name: name, template: template, context: context, share: share))
            }
            source = TemplateSource(
                variants: variants, provider: scheduler, providerName: providerName, model: model,
                price: { usage in pricing.cost(model: model, usage: usage) }, maxAttempts: llm.maxAttempts, specSeed: spec.seed,
                tally: tally)
            recordStages.insert(LLMFailureCheck(), at: 0)
            if variants.count > 1 { streamStages.append(VariantScores()) }
        }
        if let judge = llm.judge {
            recordStages.append(
                try JudgeStage(
                    judge: ModelChoice(scheduler, model: model), threshold: llm.judgeThreshold ?? defaultJudgeThreshold, template: judge,
                    attempts: llm.maxAttempts))
        }
        let pipeline = Pipeline(
            plan: Plan(spec: spec), source: source, recordStages: recordStages, streamStages: streamStages,
            concurrency: concurrency ?? max(2, llm.maxInFlight / spec.shardSize))

        let printer = try GenerationReport.printer(for: spec)
        var rejects = try spec.rejects.map { (path: String) throws(SynthError) in try FileSink(target: path, encoder: JSONLEncoder()) }
        var dropped = GenerationReport.DroppedSample()
        var sink = try JournalSink(target: spec.out)
        let resumed = sink.resumed
        var state = RunState(
            id: folder.id, arguments: arguments, status: .running, output: spec.out, written: resumed, target: spec.count,
            tokens: previous?.tokens ?? 0, cost: previous?.cost ?? 0)
        try folder.save(state)

        func finish(_ status: RunState.Status, reason: String?, written: Int) async throws(SynthError) -> SchedulerStats {
            try? cache.close()
            let stats = await scheduler.stats
            state.status = status
            state.reason = reason
            state.written = written
            state.tokens = (previous?.tokens ?? 0) + stats.tokens.total
            state.cost = (previous?.cost ?? 0) + stats.cost
            try folder.save(state)
            return stats
        }

        let summary: RunSummary
        do {
            summary = try await pipeline.run(into: &sink, stop: stop, progress: progress) { record, reason in
                dropped.add(record, reason: reason)
                var record = record
                record.provenance.extra["dropped"] = .string(reason)
                try rejects?.write(record)
            }
            try rejects?.commit()
        } catch {
            try? rejects?.commit()
            _ = try? await finish(.failed, reason: "\(error)", written: sink.lines)
            // A journal that never got a record would only suggest there is something to keep.
            if sink.lines == 0 { unlink(sink.partialPath) }
            throw error
        }
        if !summary.isPartial { try await GenerationReport.write(for: spec, summary: summary, dropped: dropped, printer: printer) }
        let stats = try await finish(summary.isPartial ? .partial : .complete, reason: summary.stopReason, written: summary.written)
        let figures = tally.variants
        return Outcome(
            summary: summary, run: folder, resumed: resumed, requests: stats, structured: tally.structured,
            variants: variants.map { v in
                let f = figures[v.name] ?? LLMTally.Figures()
                return (v.name, f.records, f.failed, f.cost, f.tokens)
            },
            totalCost: state.cost, totalTokens: state.tokens, output: summary.isPartial ? sink.partialPath : spec.out,
            priceNote: pricing.note(for: model))
    }

    /// What `spec` would take, worked out from its templates without sending anything (`--dry-run`).
    ///
    /// Prompts are rendered for a sample of records (topic trees stay at their roots) and counted at
    /// about four characters a token; answers are counted at their `max_tokens`, so cost and tokens
    /// are upper bounds. Time assumes two seconds a request and 8 requests in flight, where adaptive
    /// concurrency starts.
    public static func estimate(_ spec: GenerationSpec) throws(SynthError) -> Estimate {
        guard let llm = spec.llm else { throw SynthError(.invalidSpec, "this spec names no model provider") }
        try spec.validate()
        let (_, _, model, pricing) = try connect(llm)
        guard llm.recipe == nil else {
            throw SynthError(
                .invalidSpec, "--dry-run estimates template runs; a recipe's requests per record vary (docs/recipes.md says how many)")
        }
        let chosen = try variants(llm)
        let plan = Plan(spec: spec)
        var promptTokens = 0
        var maxTokens = 0
        let sample = min(spec.count, 50)
        for k in 0..<sample {
            let shard = plan.shard(k / spec.shardSize)
            var random = shard.random(forRecord: k % spec.shardSize)
            let template = chosen[k % chosen.count].template
            let variables = try template.sampleVariables(random: &random, context: SamplerContext())
            let request = try template.request(model: model, variables: variables)
            let usage = TokenEstimate.typical(request, defaultMaxTokens: 1024)
            promptTokens += usage.input
            maxTokens += request.parameters.maxTokens ?? 1024
        }
        return Estimate(
            requests: spec.count, promptTokens: promptTokens / max(sample, 1), maxTokens: maxTokens / max(sample, 1),
            price: { pricing.cost(model: model, usage: $0) }, concurrency: min(8, llm.maxInFlight), latency: .seconds(2),
            limits: RateLimits(requestsPerMinute: llm.requestsPerMinute, tokensPerMinute: llm.tokensPerMinute))
    }
}
