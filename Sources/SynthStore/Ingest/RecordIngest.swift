import Dispatch
import SynthCore
import SynthExport

/// Turns a JSONL file into records for the store, on all cores, in batches, in file order.
///
/// Each line is read as a record the way `export` reads one (SynthForge's own, or another
/// tool's with `messages`, `instruction`/`output`, … fields); lines that are not records are
/// skipped and listed. A record is kept as its JSON re-written compactly, so spacing does not
/// change its hash; one without an `id` gets `line-N`, its line number.
public enum RecordIngest {
    /// What reading a file found.
    public struct Summary: Sendable {
        /// Records handed over.
        public var records = 0
        /// Lines that were not records, with why.
        public var skipped: [JSONLReader.SkippedLine] = []

        /// Nothing read yet.
        public init() {}
    }

    /// Reads `path`, calling `add` with each batch of records and `progress` with the bytes read
    /// so far and the file's size.
    public static func read(
        path: String, batchSize: Int = 4096, progress: (_ bytesRead: Int, _ size: Int?) -> Void = { _, _ in },
        _ add: ([StoredRecord]) throws(SynthError) -> Void
    ) throws(SynthError) -> Summary {
        var reader = try JSONLReader(path: path)
        var summary = Summary()
        while true {
            let lines = reader.nextLines(batchSize)
            if lines.isEmpty { break }
            let results = Slots<Result<StoredRecord, JSONLReader.SkippedLine>>(count: lines.count)
            let parts = min(lines.count, 16)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var i = part * lines.count / parts
                let end = (part + 1) * lines.count / parts
                while i < end {
                    results.set(i, record(from: lines[i]))
                    i += 1
                }
            }
            var batch: [StoredRecord] = []
            batch.reserveCapacity(lines.count)
            for result in results.values {
                switch result {
                case .success(let record): batch.append(record)
                case .failure(let skipped): summary.skipped.append(skipped)
                case nil: break
                }
            }
            summary.records += batch.count
            if !batch.isEmpty { try add(batch) }
            progress(reader.bytesRead, reader.size)
        }
        summary.skipped = (reader.skipped + summary.skipped).sorted { $0.line < $1.line }
        return summary
    }

    /// One line as a record to store, or why it is not one.
    public static func record(from line: JSONLReader.Line) -> Result<StoredRecord, JSONLReader.SkippedLine> {
        let object: Fields
        switch JSONLReader.parse(line) {
        case .success(let parsed): object = parsed
        case .failure(let skipped): return .failure(skipped)
        }
        switch RecordDecoder.record(from: object, line: line.number) {
        case .failure(let problem): return .failure(JSONLReader.SkippedLine(line: line.number, reason: problem.reason))
        case .success(let record):
            var json: [UInt8] = []
            json.reserveCapacity(line.bytes.count)
            if object["id"]?.stringValue == nil {
                var withID = Fields([("id", .string(record.id))])
                for (key, value) in object where key != "id" { withID[key] = value }
                JSONWriter.append(withID, to: &json)
            } else {
                JSONWriter.append(object, to: &json)
            }
            return .success(StoredRecord(id: record.id, json: String(decoding: json, as: UTF8.self)))
        }
    }
}

/// Result slots that parallel workers fill, each slot by one worker.
final class Slots<T>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<T?>
    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }
    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }
    /// Fills slot `i`; no two workers fill the same slot.
    func set(_ i: Int, _ value: T) { buffer[i] = value }
    /// The slots, once every worker is done.
    var values: UnsafeMutableBufferPointer<T?> { buffer }
}
