import Foundation
import SynthCore
import SynthExport

extension Generation {
    /// Runs a built-in spec durably, as server jobs do: records reach `spec.out + ".partial"` as they
    /// come (`JournalSink`), a stop keeps them there, and running the same spec again replays the
    /// plan and passes over the records already kept, so a restarted run loses and repeats none.
    ///
    /// - Parameters:
    ///   - stop: fires to stop early; the summary is then partial and the journal holds what was made.
    /// - Returns: the summary and the records the journal held before this run (0 for a fresh run).
    public static func runJournaled(
        _ spec: GenerationSpec, concurrency: Int = defaultConcurrency, stop: StopRequest? = nil,
        progress: (RunProgress) -> Void = { _ in }
    ) async throws -> (summary: RunSummary, resumed: Int) {
        guard spec.format == .jsonl else {
            throw SynthError(.invalidSpec, "a durable run writes JSONL, which it can resume; convert it afterwards")
        }
        let pipeline = try pipeline(for: spec, concurrency: concurrency)
        var sink = try JournalSink(target: spec.out)
        let resumed = sink.resumed
        let summary = try await pipeline.run(into: &sink, stop: stop, progress: progress)
        return (summary, resumed)
    }
}
