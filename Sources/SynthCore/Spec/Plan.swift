/// A spec cut into shards, each with its own derived seed.
///
/// Record `k` of the stream depends only on the spec's seed, domain, task and `k`, so the same spec
/// gives the same records whether one thread, ten threads or ten machines run it, however the
/// stream is cut into shards, and a re-run shard reproduces exactly what it made before.
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
        return Shard(
            index: index, start: index * spec.shardSize, size: size, seed: SplitMix64.derive(baseSeed, UInt64(index)),
            recordSeed: baseSeed)
    }
}

/// One unit of work: `size` records of the stream, from record `start` on.
public struct Shard: Sendable, Hashable {
    /// The shard's position in the plan.
    public let index: Int
    /// The stream position of the shard's first record.
    public let start: Int
    /// How many records to make.
    public let size: Int
    /// The shard's own seed, for sources that draw per shard rather than per record.
    public let seed: UInt64
    /// The seed that, with a record's stream position, fixes that record's randomness.
    public let recordSeed: UInt64

    /// Makes a shard.
    public init(index: Int, start: Int, size: Int, seed: UInt64, recordSeed: UInt64) {
        self.index = index
        self.start = start
        self.size = size
        self.seed = seed
        self.recordSeed = recordSeed
    }

    /// The stream position of record `offset` of this shard.
    public func position(of offset: Int) -> Int { start + offset }

    /// The random generator for record `offset` of this shard: it depends on the record's stream
    /// position only, not on how the stream was cut into shards.
    public func random(forRecord offset: Int) -> SeededRandom {
        SeededRandom(seed: SplitMix64.derive(recordSeed, UInt64(start + offset)))
    }
}
