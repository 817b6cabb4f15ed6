import PropertyBased
import SynthCore
import Testing

@testable import SynthGenerators

/// Every operation keeps every record of the built-in engine valid for its shape.
@Suite struct AugmentShapeTests {
    static let catalog = try! DomainCatalog.builtin()

    static let operations: [[any AugmentOperation]] =
        Augmentations.names.map { [try! Augmentations.operation(named: $0, alpha: 0.2)] }
        + [Augmentations.names.map { try! Augmentations.operation(named: $0, alpha: 0.2) }]

    private static func records(shapes: Set<TaskShape>?, seed: UInt64, count: Int) throws -> [(Record, Set<String>)] {
        var out: [(Record, Set<String>)] = []
        for pack in catalog.packs {
            for task in pack.tasks where shapes?.contains(task.shape) ?? true {
                let shard = Plan(spec: GenerationSpec(domain: pack.name, task: task.name, count: count, seed: seed, shardSize: count))
                    .shard(0)
                for index in 0..<count {
                    out.append((try pack.record(task: task.name, shard: shard, index: index, specSeed: seed), Set(task.labels)))
                }
            }
        }
        return out
    }

    @Test func everyOperationKeepsEveryTaskShapeValid() async throws {
        for (record, labels) in try Self.records(shapes: nil, seed: 3, count: 2) {
            for operations in Self.operations {
                var random = SeededRandom(seed: 11)
                var copy = record
                for operation in operations { copy = try await operation.augment(copy, random: &random) }
                let names = operations.map(\.name).joined(separator: ",")
                #expect(
                    copy.shape.violation(in: copy.fields, declared: labels) == nil,
                    "\(record.provenance.domain)/\(record.provenance.task) \(names)")
                #expect(copy.fields.keys == record.fields.keys)
                #expect(copy.fields["label"] == record.fields["label"])
                #expect(copy.fields["metadata"] == record.fields["metadata"])
            }
        }
    }

    /// NER spans stay true to the text and keep their types; only entity-swap changes what they say.
    /// QA answers stay spans of their context; only entity-swap changes them.
    @Test func nerOffsetsAndQAAnswersStayCorrect() async throws {
        await propertyCheck(count: 8, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let records = try! Self.records(shapes: [.ner, .qa], seed: seed % 1000, count: 1)
            for (record, labels) in records {
                for operations in Self.operations {
                    var random = SeededRandom(seed: seed)
                    var copy = record
                    for operation in operations { copy = try! await operation.augment(copy, random: &random) }
                    let names = operations.map(\.name)
                    #expect(copy.shape.violation(in: copy.fields, declared: labels) == nil, "\(record.provenance.task) \(names)")
                    let renames = names.contains("entity-swap")
                    switch record.shape {
                    case .ner:
                        let before = record.fields["entities"]!.arrayValue!.map { $0.objectValue! }
                        let after = copy.fields["entities"]!.arrayValue!.map { $0.objectValue! }
                        #expect(after.map { $0["type"] } == before.map { $0["type"] })
                        if !renames { #expect(after.map { $0["text"] } == before.map { $0["text"] }, "\(names)") }
                    case .qa:
                        if !renames { #expect(copy.fields["answer"] == record.fields["answer"], "\(names)") }
                    default: Issue.record("unexpected shape \(record.shape)")
                    }
                }
            }
        }
    }

    @Test func theSameSeedGivesTheSameCopyAndAnotherSeedAnother() async throws {
        let records = try Self.records(shapes: [.conversation, .qa, .ner], seed: 9, count: 1)
        let operations = Augmentations.names.map { try! Augmentations.operation(named: $0, alpha: 0.1) }
        var differed = 0
        for (record, _) in records {
            func run(_ seed: UInt64) async throws -> Record {
                var random = SeededRandom(seed: seed)
                var copy = record
                for operation in operations { copy = try await operation.augment(copy, random: &random) }
                return copy
            }
            #expect(try await run(1) == (try await run(1)))
            if try await run(1) != (try await run(2)) { differed += 1 }
        }
        #expect(differed == records.count)
    }

    @Test func anUnknownOperationNamesTheKnownOnes() {
        #expect(
            throws: SynthError(
                .invalidArgument, "unknown augmentation 'paraphrase'; the operations are: synonym, insert, swap, delete, typo, entity-swap")
        ) {
            _ = try Augmentations.operation(named: "paraphrase", alpha: 0.1)
        }
    }
}
