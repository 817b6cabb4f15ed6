import SynthCore
import SynthGenerators
import SynthQuality
import Testing

/// The quality score must not punish honest templated data: every built-in task scores well, so
/// `--quality-threshold 0.85` drops defects, not whole tasks.
@Suite struct QualityCalibrationTests {
    @Test func everyBuiltInTaskScoresWell() async throws {
        let catalog = try DomainCatalog.builtin()
        for pack in catalog.packs {
            for task in pack.tasks {
                let spec = GenerationSpec(domain: pack.name, task: task.name, count: 200, seed: 3, shardSize: 200)
                let records = try await catalog.source(domain: pack.name, task: task.name, specSeed: spec.seed)
                    .records(for: Plan(spec: spec).shard(0))
                let scores = records.map { QualityScore(of: $0).value }
                let mean = scores.reduce(0, +) / Double(scores.count)
                let below = scores.filter { $0 < 0.85 }.count
                #expect(mean >= 0.97, "\(pack.name)/\(task.name): mean score \(mean)")
                #expect(below <= 10, "\(pack.name)/\(task.name): \(below) of 200 records below 0.85")
            }
        }
    }
}
