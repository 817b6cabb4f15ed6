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
}

/// What the built-in engine offers: domains, their tasks, and sample records.
public enum Domains {
    /// Every domain: the built-in packs plus those in `folders`.
    public static func list(adding folders: [String] = []) throws(SynthError) -> [DomainInfo] {
        try DomainCatalog.load(adding: folders).packs.map(info)
    }

    /// The domain called `name`, or an error listing the domains there are.
    public static func info(_ name: String, adding folders: [String] = []) throws(SynthError) -> DomainInfo {
        info(try DomainCatalog.load(adding: folders).pack(name))
    }

    /// The first record `task` makes with `seed`, for showing what a task produces.
    public static func sample(
        domain: String, task: String, seed: UInt64 = GenerationSpec.defaultSeed, adding folders: [String] = []
    ) throws(SynthError) -> Record {
        let pack = try DomainCatalog.load(adding: folders).pack(domain)
        let spec = GenerationSpec(domain: domain, task: task, count: 1, seed: seed)
        return try pack.record(task: task, shard: Plan(spec: spec).shard(0), index: 0, specSeed: seed)
    }

    private static func info(_ pack: DomainPack) -> DomainInfo {
        DomainInfo(
            name: pack.name, version: pack.version, description: pack.description,
            tasks: pack.tasks.map {
                TaskDescription(name: $0.name, shape: $0.shape, description: $0.description, labels: $0.labels)
            })
    }
}
