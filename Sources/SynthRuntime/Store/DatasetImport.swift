import Foundation
import SynthCore
import SynthExport
import SynthStore

/// Brings a JSONL file into a dataset as a new version: what `dataset import` and
/// `generate --dataset` both do, with the run recorded in the store.
public enum DatasetImport {
    /// What an import asks for.
    public struct Request: Sendable {
        /// The dataset; made when missing.
        public var dataset: String
        /// The JSONL file to read.
        public var path: String
        /// Replace the branch's records, or add to them.
        public var mode: CommitMode
        /// The branch to commit to; nil for the dataset's current one.
        public var branch: String?
        /// The version's message.
        public var message: String
        /// What ran (`import`, `generate`) and its spec, for the run record.
        public var kind: String
        public var spec: String
        /// A description for a dataset made by this import.
        public var description: String = ""

        /// Makes a request.
        public init(dataset: String, path: String, mode: CommitMode, branch: String?, message: String, kind: String, spec: String) {
            self.dataset = dataset
            self.path = path
            self.mode = mode
            self.branch = branch
            self.message = message
            self.kind = kind
            self.spec = spec
        }
    }

    /// What an import did.
    public struct Outcome: Sendable {
        /// The version made (or the head, when nothing changed).
        public var commit: CommitOutcome
        /// Records read and lines skipped.
        public var read: RecordIngest.Summary
        /// Whether the dataset was made by this import.
        public var created: Bool

        /// A paragraph for standard error.
        public var text: String {
            var lines: [String] = []
            let v = commit.version
            if commit.unchanged {
                lines.append("\(v.dataset): no change; \(commit.branch) stays at \(v.short) (\(NumberFormat.grouped(v.count)) records).")
            } else {
                lines.append(
                    "\(created ? "Created \(v.dataset); c" : "C")ommitted \(v.short) to \(v.dataset) \(commit.branch): "
                        + "\(NumberFormat.grouped(v.count)) records (+\(NumberFormat.grouped(v.added)) "
                        + "-\(NumberFormat.grouped(v.removed)) ~\(NumberFormat.grouped(v.changed))).")
            }
            if !read.skipped.isEmpty {
                lines.append("Skipped \(read.skipped.count) line\(read.skipped.count == 1 ? "" : "s") that are not records:")
                for s in read.skipped.prefix(10) { lines.append("  line \(s.line): \(s.reason)") }
                if read.skipped.count > 10 { lines.append("  … and \(read.skipped.count - 10) more") }
            }
            return lines.joined(separator: "\n")
        }
    }

    /// Runs the import in one transaction; on failure nothing of it stays (nor the dataset, if
    /// it made it), and the run is recorded as failed.
    public static func run(
        _ request: Request, store: Store, progress: (_ records: Int, _ bytesRead: Int, _ size: Int?) -> Void = { _, _, _ in }
    ) throws(SynthError) -> Outcome {
        guard FileManager.default.isReadableFile(atPath: request.path) else {
            throw SynthError(.io, "cannot read '\(request.path)': no such file or not readable")
        }
        try Store.checkName(request.dataset, kind: "dataset")
        let created = try store.dataset(request.dataset) == nil
        if created { try store.createDataset(DatasetInfo(name: request.dataset, description: request.description)) }
        let runID = try store.startRun(kind: request.kind, dataset: request.dataset, spec: request.spec)
        var summary = RecordIngest.Summary()
        do throws(SynthError) {
            var records = 0
            let commit = try store.commit(
                request.dataset, branch: request.branch, mode: request.mode, message: request.message, runID: runID
            ) { (add: ([StoredRecord]) throws(SynthError) -> Void) throws(SynthError) in
                summary = try RecordIngest.read(path: request.path, progress: { progress(records, $0, $1) }) {
                    (batch: [StoredRecord]) throws(SynthError) in
                    try add(batch)
                    records += batch.count
                }
                if summary.records == 0 {
                    let first = summary.skipped.first.map { "; line \($0.line): \($0.reason)" } ?? ""
                    throw SynthError(
                        .invalidArgument, "\(request.path) holds no records (\(summary.skipped.count) lines skipped\(first))")
                }
            }
            let outcome = Outcome(commit: commit, read: summary, created: created)
            try store.finishRun(runID, succeeded: true, summary: outcome.text, version: commit.version.hash)
            return outcome
        } catch {
            try? store.finishRun(runID, succeeded: false, summary: error.message)
            if created { try? store.removeDataset(request.dataset) }
            throw error
        }
    }
}
