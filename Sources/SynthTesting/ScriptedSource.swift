import SynthCore

/// A source for pipeline tests: record `j` of shard `i` has the text `texts(i, j)`.
public struct ScriptedSource: RecordSource {
    private let texts: @Sendable (Int, Int) -> String
    private let failOnShard: Int?

    /// A source whose record texts come from `texts`; shard `failOnShard`, if set, throws.
    public init(failOnShard: Int? = nil, texts: @escaping @Sendable (_ shard: Int, _ index: Int) -> String) {
        self.texts = texts
        self.failOnShard = failOnShard
    }

    public func records(for shard: Shard) async throws -> [Record] {
        if shard.index == failOnShard { throw SynthError(.io, "scripted failure in shard \(shard.index)") }
        return (0..<shard.size).map { j in
            Record(
                id: "\(shard.index)-\(j)", shape: .document, fields: ["text": .string(texts(shard.index, j))],
                provenance: Provenance(
                    source: "scripted", domain: "test", task: "test", generatorVersion: "1", seed: shard.seed,
                    shard: shard.index, index: shard.position(of: j)))
        }
    }
}

/// A sink that keeps records in memory and remembers whether it was committed or discarded.
public struct MemorySink: RecordSink {
    /// Records written so far.
    public private(set) var records: [Record] = []
    /// True once committed.
    public private(set) var committed = false
    /// True once discarded.
    public private(set) var discarded = false

    /// An empty sink.
    public init() {}

    public mutating func write(_ record: Record) throws { records.append(record) }
    public mutating func commit() throws { committed = true }
    public mutating func discard() {
        discarded = true
        records.removeAll()
    }
}
