import PropertyBased
import SynthCore
import Testing

@testable import SynthGenerators

/// Invariants every built-in pack must keep, over random seeds, packs and tasks.
@Suite struct BuiltinPackTests {
    static let catalog = try! DomainCatalog.builtin()
    static let tasks: [(pack: DomainPack, task: TaskInfo)] = catalog.packs.flatMap { pack in pack.tasks.map { (pack, $0) } }

    private static func records(_ pack: DomainPack, _ task: String, seed: UInt64, count: Int) throws -> [Record] {
        let plan = Plan(spec: GenerationSpec(domain: pack.name, task: task, count: count, seed: seed, shardSize: 40))
        return try (0..<count).map { i in
            try pack.record(task: task, shard: plan.shard(i / 40), index: i % 40, specSeed: seed)
        }
    }

    @Test func everyRecordOfEveryTaskIsValidLabelledAndReproducible() async throws {
        await propertyCheck(count: 60, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 0...(Self.tasks.count - 1))) {
            seed, which in
            let (pack, task) = Self.tasks[which]
            let records = try! Self.records(pack, task.name, seed: seed, count: 40)
            for record in records {
                #expect(record.shape == task.shape)
                #expect(task.shape.violation(in: record.fields) == nil, "\(pack.name)/\(task.name): \(record.fields)")
                switch task.shape {
                case .classification:
                    let label = record.fields["label"]?.stringValue ?? ""
                    #expect(task.labels.contains(label), "\(pack.name)/\(task.name): label '\(label)' not declared")
                case .ner:
                    for entity in record.fields["entities"]?.arrayValue ?? [] {
                        let type = entity.objectValue?["type"]?.stringValue ?? ""
                        #expect(task.labels.isEmpty || task.labels.contains(type), "\(pack.name)/\(task.name): span type \(type)")
                    }
                case .qa:
                    let context = record.fields["context"]!.stringValue!
                    #expect(context.contains(record.fields["answer"]!.stringValue!))
                default: break
                }
            }
            #expect(try! Self.records(pack, task.name, seed: seed, count: 40) == records)
        }
    }

    @Test func differentSeedsGiveDifferentRecords() throws {
        for (pack, task) in Self.tasks {
            let a = try Self.records(pack, task.name, seed: 1, count: 5)
            let b = try Self.records(pack, task.name, seed: 2, count: 5)
            #expect(a.map(\.fields) != b.map(\.fields), "\(pack.name)/\(task.name)")
        }
    }

    @Test func everyTaskReadsAsVariedText() throws {
        // Among 800 records of any task, at most 1% may repeat exactly.
        for (pack, task) in Self.tasks {
            let records = try Self.records(pack, task.name, seed: 99, count: 800)
            let distinct = Set(records.map(\.readableText)).count
            #expect(distinct >= 792, "\(pack.name)/\(task.name): only \(distinct) distinct of 800")
        }
    }

    @Test func thereAreTwelveDomainsCoveringEveryShape() {
        #expect(Self.catalog.packs.count >= 12)
        #expect(Self.catalog.packs.allSatisfy { $0.tasks.count >= 2 })
        #expect(Set(Self.tasks.map(\.task.shape)) == Set(TaskShape.allCases))
    }
}
