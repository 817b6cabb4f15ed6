import SynthCore
import SynthExport

/// The records of a stored version, as input to an export; positions count from 1. Records are
/// decoded on all cores, a batch at a time; a JSONL export copies their JSON without decoding.
public struct VersionInput: StoredJSONInput {
    /// The store to read from.
    public let store: Store
    /// The version to export.
    public let version: Version
    /// Which of its records to export (nil: all).
    public let keep: (@Sendable (ManifestEntry) -> Bool)?

    /// The records of `version` in `store`, only those `keep` accepts when given.
    public init(store: Store, version: Version, keep: (@Sendable (ManifestEntry) -> Bool)? = nil) {
        self.store = store
        self.version = version
        self.keep = keep
    }

    public func readJSON(_ body: (String) throws -> Bool) throws {
        try forEachBatch { batch in
            for (_, json) in batch where try !body(json) { return false }
            return true
        }
    }

    public func read(_ body: (_ line: Int, _ record: Record) throws -> Bool) throws -> [JSONLReader.SkippedLine] {
        var skipped: [JSONLReader.SkippedLine] = []
        var position = 0
        try forEachBatch { batch in
            let first = position + 1
            let decoded = parallelMap(Array(batch.enumerated())) { i, item in
                JSONLInput.record(from: JSONLReader.Line(number: first + i, bytes: Array(item.json.utf8)))
            }
            for result in decoded {
                position += 1
                switch result {
                case .success(let record): if try !body(position, record) { return false }
                case .failure(let problem): skipped.append(problem)
                }
            }
            return true
        }
        return skipped
    }

    /// The version's records a batch at a time, for a body that may throw any error (the
    /// store's reader takes only its own, so others are carried out around it).
    private func forEachBatch(_ body: ([(entry: ManifestEntry, json: String)]) throws -> Bool) throws {
        var stopped: (any Error)?
        try store.readRecords(of: version, batchSize: 2000) { (batch: [(entry: ManifestEntry, json: String)]) throws(SynthError) -> Bool in
            do {
                guard let keep else { return try body(batch) }
                let kept = batch.filter { keep($0.entry) }
                return kept.isEmpty ? true : try body(kept)
            } catch let error as SynthError {
                throw error
            } catch {
                stopped = error
                return false
            }
        }
        if let stopped { throw stopped }
    }
}
