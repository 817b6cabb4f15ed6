import Foundation
import Synchronization
import SynthCore
import SynthLLM

/// One arm of a generation: a template with its prepared samplers and its share of the records.
struct Variant: Sendable {
    /// The name records are tagged with (`variant` in provenance): the template's id, made unique.
    var name: String
    var template: PromptTemplate
    var context: SamplerContext
    /// The share of records, in percent.
    var share: Int
}

/// Records from prompt templates answered by a model: the LLM half of the one pipeline.
///
/// Record `k` depends only on the spec's seed and `k` (which variant, which variables, which
/// provider-side seed) and on the model's answer, which the response cache keeps: so a rerun builds
/// the same requests, gets the same answers from the cache, and makes the same records.
struct TemplateSource: RecordSource {
    let variants: [Variant]
    let provider: any LLMProvider
    let providerName: String
    let model: String
    let price: @Sendable (TokenUsage) -> Double
    let maxAttempts: Int
    let specSeed: UInt64
    let tally: LLMTally

    /// The drop reason of a record whose answers never fit the output schema.
    static let unparseable = "output did not fit the schema"
    /// The drop reason of an answer that fit the schema but could not make a valid record.
    static let unusable = "output did not make a valid record"

    /// The shard's records; when a stop (a spent budget, Ctrl-C) keeps some from being made, the
    /// ones before the first missing record, as `ShardCutShort`, so the run keeps every one it can.
    func records(for shard: Shard) async throws -> [Record] {
        try await withThrowingTaskGroup(of: (Int, Result<Record, any Error>).self) { group in
            for j in 0..<shard.size {
                group.addTask {
                    do { return (j, .success(try await record(j, of: shard))) } catch { return (j, .failure(error)) }
                }
            }
            var made = [Result<Record, any Error>?](repeating: nil, count: shard.size)
            for try await (j, result) in group {
                if case .failure(let error) = result, Pipeline.stopReason(for: error) == nil {
                    group.cancelAll()
                    throw error
                }
                made[j] = result
            }
            var records: [Record] = []
            for result in made {
                switch result {
                case .success(let record)?: records.append(record)
                case .failure(let error)?: throw ShardCutShort(records: records, reason: error)
                case nil: throw ShardCutShort(records: records, reason: CancellationError())
                }
            }
            return records
        }
    }

    private func record(_ j: Int, of shard: Shard) async throws -> Record {
        var random = shard.random(forRecord: j)
        let variant = pick(&random)
        let template = variant.template
        let (variables, request) = try template.draw(random: &random, context: variant.context, model: model)
        let result = try await StructuredGeneration(provider: provider, maxAttempts: maxAttempts).generate(request)
        // The time the model took over every attempt, as each answer (fresh or cached) carries it:
        // so replaying a run from the cache makes byte-identical records.
        let latency = result.completions.reduce(0) { $0 + Self.milliseconds($1.latency ?? .zero) }
        let cost = price(result.usage)

        var fields = Fields()
        var failure: String?
        if let value = result.value {
            do {
                fields = try template.record(from: value, variables: variables)
            } catch {
                failure = Self.unusable
                tally.addUnusable(variant: variant.name, reason: error.message)
            }
        } else {
            failure = Self.unparseable
        }
        tally.add(result, variant: variant.name, cost: cost, usable: failure == nil)

        var extra: Fields = [
            "template": .string(template.id), "template_version": .string(template.version), "variant": .string(variant.name),
            "provider": .string(providerName), "model": .string(model), "parameters": Self.parameters(request.parameters),
            "prompt_hash": .string(Self.hash(request.prompt)), "tokens_in": .int(result.usage.input),
            "tokens_out": .int(result.usage.output), "cost_usd": .double(cost),
            "latency_ms": .int(latency),
            "attempts": .int(result.attempts),
        ]
        if !result.repairs.isEmpty { extra["repairs"] = .array(result.repairs.map { .string($0.description) }) }
        if let failure { extra[LLMFailureCheck.key] = .string(failure) }
        let position = shard.position(of: j)
        return Record(
            id: "\(template.domain)-\(template.id)-\(specSeed)-\(position)", shape: template.task, fields: fields,
            provenance: Provenance(
                source: "llm", domain: template.domain, task: template.id, generatorVersion: template.version,
                seed: specSeed, shard: shard.index, index: position, extra: extra))
    }

    /// Whole milliseconds, cut as the response cache cuts them.
    static func milliseconds(_ d: Duration) -> Int {
        Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
    }

    /// The variant for the next record, drawn by the shares.
    private func pick(_ random: inout SeededRandom) -> Variant {
        guard variants.count > 1 else { return variants[0] }
        var roll = Int(random.next() % 100)
        for variant in variants {
            if roll < variant.share { return variant }
            roll -= variant.share
        }
        return variants[variants.count - 1]
    }

    static func parameters(_ p: SamplingParameters) -> Value {
        var f = Fields()
        if let v = p.temperature { f["temperature"] = .double(v) }
        if let v = p.topP { f["top_p"] = .double(v) }
        if let v = p.topK { f["top_k"] = .int(v) }
        if let v = p.maxTokens { f["max_tokens"] = .int(v) }
        if !p.stop.isEmpty { f["stop"] = .array(p.stop.map { .string($0) }) }
        if let v = p.seed { f["seed"] = .string(String(v)) }
        return .object(f)
    }

    /// A short stable hash of the prompt, to group records asked the same way.
    static func hash(_ prompt: Prompt) -> String {
        let text: String
        switch prompt {
        case .text(let t): text = t
        case .chat(let messages): text = messages.map { "\($0.role)\u{1F}\($0.content)" }.joined(separator: "\u{1E}")
        }
        return String(stableHash(text), radix: 16)
    }
}

extension PromptTemplate {
    /// The variables and the request of one record, drawn from `random` as a model run draws them.
    func draw(random: inout SeededRandom, context: SamplerContext, model: String) throws(SynthError) -> (
        variables: Fields, request: CompletionRequest
    ) {
        let variables = try sampleVariables(random: &random, context: context)
        var overriding = SamplingParameters()
        // A seed per record: two records whose variables happen to match still ask different questions
        // of the model and of the cache, and a provider that honours seeds answers reproducibly.
        if parameters.seed == nil { overriding.seed = random.next() >> 1 }
        return (variables, try request(model: model, variables: variables, overriding: overriding))
    }
}

/// Drops the records a model source could not make, with the reason the source gave; first of the record stages.
struct LLMFailureCheck: RecordStage {
    /// The provenance key a source puts the reason under.
    static let key = "failed"
    var name: String { "llm-output" }

    func process(_ record: inout Record) -> Verdict {
        guard let reason = record.provenance.extra[Self.key]?.stringValue else { return .keep }
        return .drop(reason: reason)
    }
}

/// What the model sources of a run did, per variant, for the summary: shared by the source's tasks.
final class LLMTally: Sendable {
    /// One variant's figures.
    struct Figures: Sendable, Equatable {
        var records = 0
        var failed = 0
        var cost = 0.0
        var tokens = TokenUsage()
    }

    private let state = Mutex<(structured: StructuredTally, variants: [String: Figures], unusable: [String: Int])>(
        (StructuredTally(), [:], [:]))

    func add(_ result: StructuredGeneration.Result, variant: String, cost: Double, usable: Bool) {
        state.withLock {
            $0.structured.add(result)
            var figures = $0.variants[variant] ?? Figures()
            figures.records += 1
            if !usable { figures.failed += 1 }
            figures.cost += cost
            figures.tokens = figures.tokens + result.usage
            $0.variants[variant] = figures
        }
    }

    func addUnusable(variant: String, reason: String) {
        state.withLock { $0.unusable[reason, default: 0] += 1 }
    }

    var structured: StructuredTally { state.withLock { $0.structured } }
    var variants: [String: Figures] { state.withLock { $0.variants } }
    var unusable: [String: Int] { state.withLock { $0.unusable } }
}

/// Averages the judge's scores of kept records per variant, for an A/B test's summary.
struct VariantScores: StreamStage {
    static let name = "variant-scores"
    var name: String { Self.name }
    private var sums: [String: (total: Double, count: Int)] = [:]

    mutating func process(_ record: inout Record) -> Verdict {
        if let variant = record.provenance.extra["variant"]?.stringValue, let score = record.provenance.extra["judge_score"]?.doubleValue {
            sums[variant, default: (0, 0)].total += score
            sums[variant, default: (0, 0)].count += 1
        }
        return .keep
    }

    func report() -> StageReport {
        StageReport(
            stage: name, figures: sums.sorted { $0.key < $1.key }.map { ("judge-mean-\($0.key)", $0.value.total / Double($0.value.count)) })
    }
}
