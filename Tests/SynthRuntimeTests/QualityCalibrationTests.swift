import SynthCore
import SynthGenerators
import SynthQuality
import SynthRuntime
import SynthTesting
import Testing

/// The quality score must not punish honest templated data: every built-in task scores well, so
/// `--quality-threshold 0.85` drops defects, not whole tasks.
@Suite struct QualityCalibrationTests {
    @Test func everyBuiltInTaskScoresWell() async throws {
        for pack in try DomainCatalog.builtin().packs {
            for task in pack.tasks {
                let spec = GenerationSpec(domain: pack.name, task: task.name, count: 200, seed: 3)
                var sink = MemorySink()
                _ = try await Generation.pipeline(for: spec, concurrency: 2).run(into: &sink)
                let scores = sink.records.map { QualityScore(of: $0).value }
                let mean = scores.reduce(0, +) / Double(scores.count)
                let below = scores.filter { $0 < 0.85 }.count
                #expect(mean >= 0.97, "\(pack.name)/\(task.name): mean score \(mean)")
                #expect(below <= 10, "\(pack.name)/\(task.name): \(below) of 200 records below 0.85")
            }
        }
    }
}
