/// A spec cut into shards, each with its own derived seed.
///
/// Record `j` of shard `i` depends only on the spec's seed, domain, task, `i` and `j`, so the
/// same spec gives the same bytes whether one thread, ten threads or ten machines run it, and a
/// re-run shard reproduces exactly what it made before.
public struct Plan: Sendable, Equatable {
    /// The spec being planned.
    public let spec: GenerationSpec

    /// Plans `spec`.
    public init(spec: GenerationSpec) { self.spec = spec }

    /// Shards needed for `spec.count` records when nothing is dropped.
    public var plannedShards: Int { (spec.count + spec.shardSize - 1) / spec.shardSize }

    /// The seed shared by every shard of this spec.
    public var baseSeed: UInt64 {
        SplitMix64.derive(spec.seed, stableHash(spec.domain), stableHash(spec.task))
    }

    /// Shard `index`. Shards past `plannedShards` top up records that stages dropped.
    public func shard(_ index: Int) -> Shard {
        let remaining = spec.count - index * spec.shardSize
        let size = index < plannedShards ? min(spec.shardSize, remaining) : spec.shardSize
        return Shard(index: index, size: size, seed: SplitMix64.derive(baseSeed, UInt64(index)))
    }
}

/// One unit of work: `size` records from a derived seed.
public struct Shard: Sendable, Hashable {
    /// The shard's position in the plan.
    public let index: Int
    /// How many records to make.
    public let size: Int
    /// The shard's seed.
    public let seed: UInt64

    /// Makes a shard.
    public init(index: Int, size: Int, seed: UInt64) {
        self.index = index
        self.size = size
        self.seed = seed
    }

    /// The random generator for record `index` of this shard.
    public func random(forRecord index: Int) -> SeededRandom {
        SeededRandom(seed: SplitMix64.derive(seed, UInt64(index)))
    }
}
