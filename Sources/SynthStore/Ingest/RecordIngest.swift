import Dispatch
import Foundation
import SynthCore
import SynthExport

/// Turns a JSONL file into records for the store, on all cores, in batches, in file order.
///
/// Each line is read as a record the way `export` reads one (SynthForge's own, or another
/// tool's with `messages`, `instruction`/`output`, … fields), or else as a table row: an object
/// whose values are all strings, numbers, booleans or nulls (what `synthforge tabular` writes
/// as JSONL), which `evaluate` reads back as a table. Other lines are skipped and listed. A
/// record is kept as its JSON re-written compactly, so spacing does not change its hash; one
/// without an `id` gets `line-N`, its line number, as its first field.
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
    ///
    /// A reader thread reads and parses the next batch (on all cores) while `add` stores the
    /// current one, so storing and parsing overlap. When `add` throws, reading stops.
    public static func read(
        path: String, batchSize: Int = 4096, progress: (_ bytesRead: Int, _ size: Int?) -> Void = { _, _ in },
        _ add: ([StoredRecord]) throws(SynthError) -> Void
    ) throws(SynthError) -> Summary {
        let reader = UncheckedBox(try JSONLReader(path: path))
        let size = reader.value.size
        let handoff = Handoff<Batch>(capacity: 2)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            defer { done.signal() }
            while true {
                let lines = reader.value.nextLines(batchSize)
                if lines.isEmpty { break }
                guard handoff.put(parse(lines, bytesRead: reader.value.bytesRead)) else { return }
            }
            handoff.finish()
        }
        var summary = Summary()
        do {
            while let batch = handoff.take() {
                summary.records += batch.records.count
                summary.skipped += batch.skipped
                if !batch.records.isEmpty { try add(batch.records) }
                progress(batch.bytesRead, size)
            }
        } catch {
            handoff.cancel()
            done.wait()
            throw error
        }
        done.wait()
        summary.skipped = (reader.value.skipped + summary.skipped).sorted { $0.line < $1.line }
        return summary
    }

    /// One batch of lines, parsed.
    private struct Batch: Sendable {
        var records: [StoredRecord]
        var skipped: [JSONLReader.SkippedLine]
        var bytesRead: Int
    }

    /// Parses `lines` on all cores into records and skipped lines, in line order.
    private static func parse(_ lines: [JSONLReader.Line], bytesRead: Int) -> Batch {
        var batch = Batch(records: [], skipped: [], bytesRead: bytesRead)
        batch.records.reserveCapacity(lines.count)
        for result in parallelMap(lines, record(from:)) {
            switch result {
            case .success(let record): batch.records.append(record)
            case .failure(let skipped): batch.skipped.append(skipped)
            }
        }
        return batch
    }

    /// One line as a record to store, or why it is not one.
    public static func record(from line: JSONLReader.Line) -> Result<StoredRecord, JSONLReader.SkippedLine> {
        let object: Fields
        switch JSONLReader.parse(line) {
        case .success(let parsed): object = parsed
        case .failure(let skipped): return .failure(skipped)
        }
        let id: String
        switch RecordDecoder.record(from: object, line: line.number) {
        case .success(let record): id = record.id
        case .failure(let problem):
            guard isRow(object) else { return .failure(JSONLReader.SkippedLine(line: line.number, reason: problem.reason)) }
            id = object["id"]?.stringValue ?? "line-\(line.number)"
        }
        var json: [UInt8] = []
        json.reserveCapacity(line.bytes.count + 16)
        if object["id"]?.stringValue == nil {
            var withID = Fields([("id", .string(id))])
            for (key, value) in object where key != "id" { withID[key] = value }
            JSONWriter.append(withID, to: &json)
        } else {
            JSONWriter.append(object, to: &json)
        }
        return .success(StoredRecord(id: id, json: String(decoding: json, as: UTF8.self)))
    }

    /// True for a table row: an object with a field besides `id`, whose values are all scalars.
    static func isRow(_ object: Fields) -> Bool {
        var columns = 0
        for (key, value) in object {
            switch value {
            case .array, .object: return false
            default: if key != "id" { columns += 1 }
            }
        }
        return columns > 0
    }
}

/// A value moved to another thread that only that thread uses from then on.
final class UncheckedBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

/// Hands items from one thread to another, holding at most `capacity` at a time.
final class Handoff<T: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [T] = []
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Adds an item, waiting while full; false once the taker has cancelled.
    func put(_ item: T) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Says no more items will come.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, waiting for one; nil when finished and empty.
    func take() -> T? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        if items.isEmpty { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// Drops what is waiting and makes further `put`s fail.
    func cancel() {
        condition.lock()
        cancelled = true
        items = []
        condition.broadcast()
        condition.unlock()
    }
}
