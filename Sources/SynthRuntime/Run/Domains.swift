import SynthCore
import SynthGenerators

/// A domain of the built-in engine as users see it.
public struct DomainInfo: Sendable {
    /// The domain's name.
    public var name: String
    /// The pack's version.
    public var version: String
    /// One line on the domain.
    public var description: String
    /// The domain's tasks.
    public var tasks: [TaskDescription]
}

/// A task as users see it.
public struct TaskDescription: Sendable {
    /// The task's name.
    public var name: String
    /// The shape of its records.
    public var shape: TaskShape
    /// One line on what it makes.
    public var description: String
    /// Labels of a classification task, span types of an NER task.
    public var labels: [String]
    /// The first record the task makes with the default seed, to show what it produces.
    public var sample: Record
}

/// What the built-in engine offers: domains and their tasks, each with a sample record.
public enum Domains {
    /// Every domain: the built-in packs plus those in `folders`.
    public static func list(adding folders: [String] = []) throws(SynthError) -> [DomainInfo] {
        var domains: [DomainInfo] = []
        for pack in try DomainCatalog.load(adding: folders).packs { domains.append(try info(pack)) }
        return domains
    }

    /// The domain called `name`, or an error listing the domains there are.
    public static func info(_ name: String, adding folders: [String] = []) throws(SynthError) -> DomainInfo {
        try info(try DomainCatalog.load(adding: folders).pack(name))
    }

    private static func info(_ pack: DomainPack) throws(SynthError) -> DomainInfo {
        let seed = GenerationSpec.defaultSeed
        var tasks: [TaskDescription] = []
        for task in pack.tasks {
            let shard = Plan(spec: GenerationSpec(domain: pack.name, task: task.name, count: 1, seed: seed)).shard(0)
            tasks.append(
                TaskDescription(
                    name: task.name, shape: task.shape, description: task.description, labels: task.labels,
                    sample: try pack.record(task: task.name, shard: shard, index: 0, specSeed: seed)))
        }
        return DomainInfo(name: pack.name, version: pack.version, description: pack.description, tasks: tasks)
    }
}
