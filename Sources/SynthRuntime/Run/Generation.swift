import Foundation
import SynthCore
import SynthExport
import SynthGenerators
import SynthQuality

/// Runs generation specs: picks the source, the stages and the sink, then runs the pipeline.
///
/// Every front door (CLI, server, workers) calls this; none wires a pipeline of its own.
public enum Generation {
    /// The pipeline for `spec`, without a sink.
    public static func pipeline(for spec: GenerationSpec, concurrency: Int = defaultConcurrency) throws(SynthError) -> Pipeline {
        try spec.validate()
        let catalog = try DomainCatalog.load(adding: spec.packs)
        let source = try catalog.source(domain: spec.domain, task: spec.task, specSeed: spec.seed)
        let task = try catalog.task(domain: spec.domain, task: spec.task)
        var streamStages: [any StreamStage] = []
        if spec.dedup { streamStages.append(ExactDedup(expected: spec.count)) }
        streamStages.append(DiversitySummary())
        return Pipeline(
            plan: Plan(spec: spec), source: source, recordStages: [ShapeCheck(declared: task.labels)], streamStages: streamStages,
            concurrency: concurrency)
    }

    /// Runs `spec` to its output (a file, written atomically, or standard output).
    public static func run(
        _ spec: GenerationSpec, concurrency: Int = defaultConcurrency, progress: (RunProgress) -> Void = { _ in }
    ) async throws -> RunSummary {
        let pipeline = try pipeline(for: spec, concurrency: concurrency)
        var sink = try FileSink(target: spec.out, encoder: encoder(for: spec.format))
        return try await pipeline.run(into: &sink, progress: progress)
    }

    /// One worker per core.
    public static var defaultConcurrency: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
