import Foundation
import SynthCore
import SynthExport
import SynthGenerators
import SynthStore

/// Fitting models on a table file and sampling from model files: what `fit`, `sample` and `tabular` run.
public enum TabularSynthesis {
    /// Categorical columns with more labels than this get a note: their rare labels are near-copies of rows.
    public static let manyLevels = 1000

    /// Reads `data` (CSV or JSONL) under the schema at `schemaPath` and fits `model` on it.
    ///
    /// Returns the model file and the reader's notes (choices worth telling the user).
    public static func fit(
        data: String, schemaPath: String?, model: String, options: FitOptions, synthforgeVersion: String
    ) throws(SynthError) -> (file: ModelFile, notes: [String]) {
        _ = try TabularModels.type(named: model)
        let schema = try schemaPath.map { path throws(SynthError) in try TableSchema.load(path: path) } ?? TableSchema()
        let read = try TableReader.read(path: data, schema: schema)
        let file = try ModelFile.fit(read.table, schema: schema, modelName: model, options: options, synthforgeVersion: synthforgeVersion)
        var notes = read.notes
        for column in read.table.columns where column.kind == .categorical && column.levels.count > manyLevels {
            notes.append(
                "column '\(column.name)' has \(column.levels.count) labels; each is sampled at its share, so rare labels repeat values of the data"
                    + " (declare it 'type: text' in the schema to fake it, or 'type: identifier' to regenerate it)")
        }
        return (file, notes)
    }

    /// Records what fitting `file` spent of the privacy budget on `dataset`, in the ledger file next to
    /// `path` (the model file, or the synthetic table when no model is kept) and in `store`'s ledger.
    ///
    /// Returns nil for a model that is not private. Call it before writing anything derived from
    /// the model: a spend recorded for output that then failed to appear errs on the safe side.
    public static func recordSpend(of file: ModelFile, dataset: String, beside path: String, store: Store) throws(SynthError)
        -> PrivacyLedgerEntry?
    {
        guard let spend = file.model.privacy else { return nil }
        return try PrivacyLedger.record(spend, dataset: dataset, modelPath: path, store: store)
    }

    /// Writes `file` to `path` (all or nothing).
    public static func save(_ file: ModelFile, to path: String) throws(SynthError) {
        let data = try file.encoded()
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SynthError(.io, "cannot write the model to '\(path)': \((error as NSError).localizedDescription)")
        }
    }

    /// Reads the model file at `path`.
    public static func load(path: String) throws(SynthError) -> ModelFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SynthError(.io, "cannot read model '\(path)': no such file or not readable")
        }
        return try ModelFile.decode(data, source: path)
    }

    /// Samples `count` rows from `file` under the `--where` text `condition` into `out`, a batch at a time.
    ///
    /// `progress` is called after each batch with the rows written so far. Memory stays within a
    /// few batches whatever `count` is; the output appears only when complete.
    public static func sample(
        _ file: ModelFile, count: Int, condition: String?, seed: UInt64, out: String, progress: (Int) -> Void = { _ in }
    ) throws(SynthError) {
        let conditions =
            try condition.map { text throws(SynthError) in try file.modelConditions(try WhereClause(text).conditions(for: file)) } ?? []
        var writer = try TableWriter(path: out)
        do {
            let batches = (count + ModelFile.batchSize - 1) / ModelFile.batchSize
            let lanes = max(1, ProcessInfo.processInfo.activeProcessorCount)
            var next = 0
            while next < batches {
                // A few batches at once on all cores, written in order, so memory stays bounded.
                let group = Array(next..<min(batches, next + lanes))
                let tables = try parallel(group) { b throws(SynthError) in try file.batch(b, of: count, seed: seed, conditions: conditions)
                }
                for table in tables {
                    try writer.write(table)
                    progress(writer.rowCount)
                }
                next += group.count
            }
            try writer.finish()
        } catch {
            writer.discard()
            throw error
        }
    }

    /// `body` over `items` on all cores, results in order; the first error wins.
    private static func parallel<T: Sendable>(_ items: [Int], _ body: @Sendable (Int) throws(SynthError) -> T) throws(SynthError) -> [T] {
        if items.count == 1 { return [try body(items[0])] }
        let results = Results<T>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            do throws(SynthError) { results.set(i, .success(try body(items[i]))) } catch { results.set(i, .failure(error)) }
        }
        return try results.values()
    }

    private final class Results<T: Sendable>: @unchecked Sendable {
        private var slots: [Result<T, SynthError>?]
        private let lock = NSLock()
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ value: Result<T, SynthError>) {
            lock.lock()
            slots[i] = value
            lock.unlock()
        }
        func values() throws(SynthError) -> [T] {
            var out: [T] = []
            for slot in slots {
                switch slot {
                case .success(let value)?: out.append(value)
                case .failure(let error)?: throw error
                case nil: throw SynthError(.cancelled, "a sampling batch did not finish")
                }
            }
            return out
        }
    }
}
