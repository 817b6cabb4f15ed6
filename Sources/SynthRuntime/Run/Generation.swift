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
        let (recordStages, streamStages) = try stages(for: spec, declaredLabels: task.labels)
        return Pipeline(
            plan: Plan(spec: spec), source: source, recordStages: recordStages, streamStages: streamStages, concurrency: concurrency)
    }

    /// The stages `spec` asks for, in the order they run (see docs/quality.md for what each does).
    ///
    /// Record stages: shape check, PII, toxicity, bias, memorization, decontamination, quality gate
    /// (it reads the toxicity score).
    /// Stream stages: exact dedup, near dedup, diversity, then the findings tally of kept records.
    static func stages(
        for spec: GenerationSpec, declaredLabels: [String]
    ) throws(SynthError) -> ([any RecordStage], [any StreamStage]) {
        let checks = spec.checks
        var record: [any RecordStage] = [ShapeCheck(declared: declaredLabels)]
        if let action = checks.effectivePII { record.append(PIIScrub(defaultAction: action, salt: piiSalt(for: spec))) }
        switch checks.effectiveToxicity {
        case .off: break
        case .flag: record.append(ToxicityFilter(dropAt: nil))
        case .drop: record.append(ToxicityFilter(dropAt: 0.5))
        }
        if let bias = checks.bias, bias != .off { record.append(BiasFilter(drops: bias == .drop)) }
        if checks.checksMemorization, let reference = checks.reference {
            record.append(MemorizationCheck(index: try OverlapCorpus.index(path: reference, role: "reference")))
        }
        if let eval = checks.decontaminate {
            record.append(Decontamination(index: try OverlapCorpus.index(path: eval, role: "evaluation set")))
        }
        if let threshold = checks.qualityThreshold { record.append(QualityGate(threshold: threshold)) }
        var stream: [any StreamStage] = []
        if spec.dedup { stream.append(ExactDedup(expected: spec.count)) }
        if checks.effectiveNearDedup { stream.append(NearDedup(finder: nearFinder(checks.near), expected: spec.count)) }
        stream.append(DiversitySummary())
        stream.append(FindingsTally())
        return (record, stream)
    }

    /// The near-duplicate finder `settings` describe.
    static func nearFinder(_ settings: NearDuplicateSettings) -> NearDuplicateFinder {
        NearDuplicateFinder(
            threshold: settings.threshold, permutations: settings.permutations, shingling: .words(settings.shingleWords))
    }

    /// The salt for hashes and surrogates: `SYNTHFORGE_PII_SALT` when set (keep it secret to make
    /// hashed values hard to reverse), else one derived from the seed, so runs stay reproducible.
    static func piiSalt(for spec: GenerationSpec) -> String {
        ProcessInfo.processInfo.environment["SYNTHFORGE_PII_SALT"].flatMap { $0.isEmpty ? nil : $0 } ?? "seed-\(spec.seed)"
    }

    /// Runs `spec` to its output (a file, written atomically, or standard output), writing dropped
    /// records to `spec.rejects` and a quality report of the output to `spec.report` when asked.
    public static func run(
        _ spec: GenerationSpec, concurrency: Int = defaultConcurrency, progress: (RunProgress) -> Void = { _ in }
    ) async throws -> RunSummary {
        // Everything that can fail is opened before the output, so a bad setting leaves no partial file.
        let pipeline = try pipeline(for: spec, concurrency: concurrency)
        let printer = try GenerationReport.printer(for: spec)
        var rejects = try spec.rejects.map { (path: String) throws(SynthError) in try FileSink(target: path, encoder: JSONLEncoder()) }
        var sink: FileSink
        do {
            sink = try FileSink(target: spec.out, encoder: encoder(for: spec.format))
        } catch {
            rejects?.discard()
            throw error
        }
        guard spec.rejects != nil || spec.report != nil else { return try await pipeline.run(into: &sink, progress: progress) }
        var dropped = GenerationReport.DroppedSample()
        let summary: RunSummary
        do {
            summary = try await pipeline.run(into: &sink, progress: progress) { record, reason in
                dropped.add(record, reason: reason)
                var record = record
                record.provenance.extra["dropped"] = .string(reason)
                try rejects?.write(record)
            }
            try rejects?.commit()
        } catch {
            // Rejected records are kept even when the run fails: they are what explains the failure.
            try? rejects?.commit()
            throw error
        }
        try await GenerationReport.write(for: spec, summary: summary, dropped: dropped, printer: printer)
        return summary
    }

    /// One worker per core.
    public static var defaultConcurrency: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
