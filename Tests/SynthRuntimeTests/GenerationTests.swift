import Foundation
import PropertyBased
import SynthCore
import SynthRuntime
import SynthTesting
import Testing

@Suite struct GenerationTests {
    private func generate(_ spec: GenerationSpec, workers: Int) async throws -> Data {
        var spec = spec
        spec.out = try Processes.temporaryFolder() + "/out." + spec.format.rawValue
        _ = try await Generation.run(spec, concurrency: workers)
        return try Data(contentsOf: URL(fileURLWithPath: spec.out))
    }

    @Test func sameSpecGivesTheSameBytesWhateverTheWorkers() async throws {
        let spec = GenerationSpec(domain: "medical", task: "clinical-notes", count: 1500, seed: 7, shardSize: 100)
        let one = try await generate(spec, workers: 1)
        let four = try await generate(spec, workers: 4)
        #expect(one == four)
        #expect(one.split(separator: UInt8(ascii: "\n")).count == 1500)
    }

    @Test func recordsDoNotDependOnHowTheStreamIsCutIntoShards() async throws {
        var outputs: [[Record]] = []
        for shardSize in [1000, 37, 1] {
            let spec = GenerationSpec(domain: "medical", task: "clinical-entities", count: 300, seed: 4, shardSize: shardSize)
            var sink = MemorySink()
            _ = try await Generation.pipeline(for: spec, concurrency: 3).run(into: &sink)
            outputs.append(sink.records)
        }
        for other in outputs.dropFirst() {
            #expect(other.map(\.id) == outputs[0].map(\.id))
            #expect(other.map(\.fields) == outputs[0].map(\.fields))
            #expect(other.map(\.provenance.index) == Array(0..<300))
        }
        #expect(outputs[2].last?.provenance.shard == 299)
    }

    @Test func differentSeedsGiveDifferentData() async throws {
        let a = try await generate(GenerationSpec(domain: "medical", task: "chart-qa", count: 50, seed: 1), workers: 2)
        let b = try await generate(GenerationSpec(domain: "medical", task: "chart-qa", count: 50, seed: 2), workers: 2)
        #expect(a != b)
    }

    @Test func aSmallerCountIsAPrefixOfALargerOne() async throws {
        let small = try await generate(
            GenerationSpec(domain: "medical", task: "specialty-triage", count: 30, seed: 5, format: .csv), workers: 2)
        let large = try await generate(
            GenerationSpec(domain: "medical", task: "specialty-triage", count: 3000, seed: 5, format: .csv), workers: 2)
        #expect(large.starts(with: small))
    }

    @Test func summaryCountsWhatWasWritten() async throws {
        var spec = GenerationSpec(domain: "medical", task: "clinical-entities", count: 400, seed: 3)
        spec.out = try Processes.temporaryFolder() + "/x.jsonl"
        let summary = try await Generation.run(spec, concurrency: 2)
        #expect(summary.written == 400)
        #expect(summary.drops.keys.allSatisfy { !$0.hasPrefix("invalid") })
        #expect(summary.paragraph.hasPrefix("Wrote 400 medical/clinical-entities records to \(spec.out) (jsonl, seed 3) in "))
        let diversity = try #require(summary.stage("diversity"))
        #expect((diversity["distinct-2"] ?? 0) > 0)
    }
}
