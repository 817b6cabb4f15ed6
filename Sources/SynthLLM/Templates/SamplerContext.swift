import SynthCore

/// What the records and topic samplers of a template draw from, prepared once per run.
///
/// List, weighted and range samplers need nothing from outside; a records sampler draws from a
/// pool of built-in engine records, and a topics sampler from a tree the model expanded.
public struct SamplerContext: Sendable {
    /// Engine records, by variable name.
    public var records: [String: [Record]]
    /// Expanded topic trees, by variable name.
    public var topics: [String: TopicTree]

    /// Makes a context.
    public init(records: [String: [Record]] = [:], topics: [String: TopicTree] = [:]) {
        self.records = records
        self.topics = topics
    }
}

extension PromptTemplate {
    /// Prepares the template's records and topic samplers.
    ///
    /// - Parameters:
    ///   - seed: the run's seed; the same seed gives the same record pools.
    ///   - records: the record source of a built-in engine task, by domain and task (the runtime wires the engine).
    ///   - topics: the model that expands topic trees; without one, a topic variable's tree is its root alone.
    public func samplerContext(
        seed: UInt64, records: (_ domain: String, _ task: String) throws -> any RecordSource,
        topics: (provider: any LLMProvider, model: String)? = nil
    ) async throws -> SamplerContext {
        var context = SamplerContext()
        for variable in variables {
            switch variable.sampler {
            case .records(let domain, let task, let pool):
                let drawSeed = SplitMix64.derive(seed, stableHash(id), stableHash(variable.name))
                let shard = Shard(index: 0, start: 0, size: pool, seed: drawSeed, recordSeed: drawSeed)
                context.records[variable.name] = try await records(domain, task).records(for: shard)
            case .topics(let root, let depth, let breadth):
                if let topics {
                    context.topics[variable.name] = try await TopicTree.expand(
                        root: root, depth: depth, breadth: breadth, using: topics.provider, model: topics.model)
                } else {
                    context.topics[variable.name] = TopicTree(topic: root)
                }
            case .list, .weighted, .integers, .decimals:
                continue
            }
        }
        return context
    }

    /// Draws a value for every variable, in declared order.
    ///
    /// Each variable draws from its own stream (derived from one draw of `random` and its name),
    /// so adding or removing a variable leaves the others' values unchanged for the same seed.
    public func sampleVariables(random: inout SeededRandom, context: SamplerContext = SamplerContext()) throws(SynthError) -> Fields {
        let base = random.next()
        var values = Fields()
        for variable in variables {
            var stream = SeededRandom(seed: SplitMix64.derive(base, stableHash(variable.name)))
            values[variable.name] = try variable.sampler.sample(&stream, variable: variable.name, context: context)
        }
        return values
    }
}
