import SynthCore
import SynthGenerators
import SynthLLM

/// One sample of a template: the variables drawn for a record and the prompt they render.
public struct TemplateSample: Sendable {
    /// The record's position in the run.
    public var index: Int
    /// The sampled variables.
    public var variables: Fields
    /// The prompt the model would receive.
    public var prompt: Prompt
}

/// Prompt templates wired to the rest of the system: the built-in engine for records samplers.
public enum Templates {
    /// The built-in engine's record source for a domain and task, as templates' records samplers take it.
    public static func engineRecords(packs: [String] = [], seed: UInt64) throws -> (String, String) throws -> any RecordSource {
        let catalog = try DomainCatalog.load(adding: packs)
        return { domain, task in try catalog.source(domain: domain, task: task, specSeed: seed) }
    }

    /// The random generator for record `index` of a run of `template` with `seed`: the plan of
    /// the template's domain with the template's id as its task.
    public static func random(for template: PromptTemplate, seed: UInt64, index: Int) -> SeededRandom {
        let plan = Plan(spec: GenerationSpec(domain: template.domain, task: template.id, count: index + 1, seed: seed, shardSize: 1))
        return plan.shard(index).random(forRecord: 0)
    }

    /// The variables and prompts of the first `count` records, without a model: records samplers
    /// draw from the built-in engine and a topic variable takes its root, since only a model expands the tree.
    public static func preview(_ template: PromptTemplate, count: Int, seed: UInt64, packs: [String] = []) async throws -> [TemplateSample]
    {
        let context = try await template.samplerContext(seed: seed, records: engineRecords(packs: packs, seed: seed))
        var samples: [TemplateSample] = []
        for index in 0..<count {
            var random = random(for: template, seed: seed, index: index)
            let variables = try template.sampleVariables(random: &random, context: context)
            samples.append(TemplateSample(index: index, variables: variables, prompt: try template.render(variables)))
        }
        return samples
    }
}
