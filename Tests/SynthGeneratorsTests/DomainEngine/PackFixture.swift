import SynthCore

@testable import SynthGenerators

/// Compiles a small pack from YAML and renders records of it.
struct PackFixture {
    let pack: DomainPack

    init(_ yaml: String) throws {
        pack = try DomainPack(yaml: yaml, file: "test.yaml")
    }

    func records(_ task: String, count: Int, seed: UInt64 = 1) throws -> [Record] {
        let shard = Plan(spec: GenerationSpec(domain: pack.name, task: task, count: count, seed: seed, shardSize: count)).shard(0)
        return try (0..<count).map { try pack.record(task: task, shard: shard, index: $0, specSeed: seed) }
    }

    func texts(_ task: String, count: Int, seed: UInt64 = 1) throws -> [String] {
        try records(task, count: count, seed: seed).map { $0.fields["text"]?.stringValue ?? "" }
    }

    /// An error's message from compiling `yaml`, or nil when it compiles.
    static func error(_ yaml: String) -> String? {
        do {
            _ = try DomainPack(yaml: yaml, file: "test.yaml")
            return nil
        } catch {
            return error.message
        }
    }
}

/// A pack with one document task whose text is `text`, and `extra` YAML spliced in before `tasks`.
func documentPack(text: String, extra: String = "") -> String {
    """
    domain: t
    \(extra)
    tasks:
      doc:
        shape: document
        entities: [thing]
        text: "\(text)"
    """
}
