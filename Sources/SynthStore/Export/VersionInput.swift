import SynthCore
import SynthExport

/// The records of a stored version, as input to an export; positions count from 1.
public struct VersionInput: ExportInput {
    /// The store to read from.
    public let store: Store
    /// The version to export.
    public let version: Version

    /// The records of `version` in `store`.
    public init(store: Store, version: Version) {
        self.store = store
        self.version = version
    }

    public func read(_ body: (_ line: Int, _ record: Record) throws -> Bool) throws -> [JSONLReader.SkippedLine] {
        var skipped: [JSONLReader.SkippedLine] = []
        var position = 0
        var stopped: (any Error)?
        try store.readRecords(of: version) { (batch: [(entry: ManifestEntry, json: String)]) throws(SynthError) -> Bool in
            for (_, json) in batch {
                position += 1
                let line = JSONLReader.Line(number: position, bytes: Array(json.utf8))
                let record: Record
                switch JSONLReader.parse(line).flatMap({ object in
                    RecordDecoder.record(from: object, line: position).mapError {
                        JSONLReader.SkippedLine(line: position, reason: $0.reason)
                    }
                }) {
                case .success(let decoded): record = decoded
                case .failure(let problem):
                    skipped.append(problem)
                    continue
                }
                do {
                    if try !body(position, record) { return false }
                } catch let error as SynthError {
                    throw error
                } catch {
                    stopped = error
                    return false
                }
            }
            return true
        }
        if let stopped { throw stopped }
        return skipped
    }
}
