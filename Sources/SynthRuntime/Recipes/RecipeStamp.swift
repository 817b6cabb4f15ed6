import SynthCore
import SynthLLM

/// What every record of one recipe run shares: its names, the spec's seed, the main template and model.
struct RecipeStamp: Sendable {
    /// The provenance key under which a recipe marks a record it rejects; `RecipeGate` drops it with that reason.
    static let dropKey = "recipe_drop"

    /// The recipe's name.
    let recipe: String
    /// The spec the run follows (seed, domain, task).
    let spec: GenerationSpec
    /// The template whose id and version the records carry.
    let template: PromptTemplate
    /// The model the records name.
    let model: ModelChoice

    /// The record at `offset` of `shard`; `drop` marks it for `RecipeGate` to drop with that reason.
    func record(
        _ shape: TaskShape, _ fields: Fields, shard: Shard, offset: Int, log: CallLog, extra: Fields = [:], drop: String? = nil
    ) -> Record {
        let position = shard.position(of: offset)
        var provenance = Provenance(
            source: "llm", domain: spec.domain, task: spec.task, generatorVersion: template.version, seed: spec.seed,
            shard: shard.index, index: position)
        provenance.extra["recipe"] = .string(recipe)
        provenance.extra["template"] = .string(template.id)
        provenance.extra["template_version"] = .string(template.version)
        provenance.extra["provider"] = .string(model.provider.name)
        provenance.extra["model"] = .string(model.model)
        log.annotate(&provenance.extra)
        for (key, value) in extra { provenance.extra[key] = value }
        if let drop { provenance.extra[Self.dropKey] = .string(drop) }
        return Record(id: "\(recipe)-\(spec.seed)-\(position)", shape: shape, fields: fields, provenance: provenance)
    }

    /// The records of `shard`, made concurrently by `make(offset, random)` and returned in order.
    ///
    /// A record's randomness comes from its stream position only, so the records do not depend on
    /// which finishes first.
    static func records(
        of shard: Shard, _ make: @escaping @Sendable (Int, SeededRandom) async throws -> Record
    ) async throws -> [Record] {
        try await withThrowingTaskGroup(of: (Int, Record).self) { group in
            for offset in 0..<shard.size {
                let random = shard.random(forRecord: offset)
                group.addTask { (offset, try await make(offset, random)) }
            }
            var records = [Record?](repeating: nil, count: shard.size)
            for try await (offset, record) in group { records[offset] = record }
            return records.compactMap { $0 }
        }
    }
}

/// Drops the records a recipe marked as rejected (an answer that did not parse, a QA answer not in
/// its chunk, an eliminated evolution, a preference tie), with the recipe's reason.
///
/// It must run before any other record stage, so that the reason users see is the recipe's.
public struct RecipeGate: RecordStage {
    public let name = "recipe"

    /// Makes the stage.
    public init() {}

    public func process(_ record: inout Record) -> Verdict {
        guard let reason = record.provenance.extra[RecipeStamp.dropKey]?.stringValue else { return .keep }
        return .drop(reason: reason)
    }
}
