import Foundation
import SynthCore
import SynthExport
import SynthStore

extension Benchmark {
    /// What a store benchmark measured: a JSONL file committed to a fresh dataset, a second
    /// version with some records edited, diffs between them, and exports from the store.
    public struct StoreFigures: Sendable {
        /// Where the store was (a path, or a URL without its password).
        public var location: String
        /// Records committed, and the input file's size in bytes.
        public var records: Int
        public var inputBytes: Int
        /// Reading, hashing and committing the whole file as the first version.
        public var insert: Timing
        /// Committing a version with every `editEvery`-th record changed (in append mode).
        public var edit: Timing
        public var editEvery: Int
        /// Diff of the two versions (only the chunks they do not share are read).
        public var diff: Timing
        /// Records the diff found changed.
        public var changed: Int
        /// Diff against an empty first version: every chunk of the second read and compared.
        public var fullDiff: Timing
        /// Export of the second version to JSONL and to Parquet.
        public var exportJSONL: Timing
        public var exportParquet: Timing
        /// Peak resident memory of the process (VmHWM), in bytes.
        public var peakRSS: Int
        /// The SQLite file's size after the run (nil for PostgreSQL).
        public var storeBytes: Int?

        /// The figures as lines for people.
        public var summary: String {
            let rate = { (t: Timing) in NumberFormat.grouped(Int((Double(records) / max(t.wall, 1e-9)).rounded())) + " records/s" }
            var lines = [
                "Store: \(location), \(NumberFormat.grouped(records)) records (\(Benchmark.megabytes(inputBytes)) of JSONL)",
                "  insert (read, hash, commit)     \(Benchmark.describe(insert)), \(rate(insert))",
                "  commit with 1 in \(editEvery) changed    \(Benchmark.describe(edit))",
                "  diff of the two versions        \(Benchmark.describe(diff)), \(NumberFormat.grouped(changed)) changed",
                "  diff reading every chunk        \(Benchmark.describe(fullDiff))",
                "  export JSONL                    \(Benchmark.describe(exportJSONL)), \(rate(exportJSONL))",
                "  export Parquet                  \(Benchmark.describe(exportParquet)), \(rate(exportParquet))",
                "  peak RSS                        \(Benchmark.megabytes(peakRSS))",
            ]
            if let storeBytes { lines.append("  store file                      \(Benchmark.megabytes(storeBytes))") }
            return lines.joined(separator: "\n")
        }

        /// The figures as JSON.
        public var json: Value {
            .object([
                "location": .string(location), "records": .int(records), "input_bytes": .int(inputBytes),
                "insert": Benchmark.json(insert), "edit": Benchmark.json(edit), "edit_every": .int(editEvery),
                "diff": Benchmark.json(diff), "changed": .int(changed), "full_diff": Benchmark.json(fullDiff),
                "export_jsonl": Benchmark.json(exportJSONL), "export_parquet": Benchmark.json(exportParquet),
                "peak_rss_bytes": .int(peakRSS), "store_bytes": storeBytes.map { .int($0) } ?? .null,
            ])
        }
    }

    /// Runs the store benchmark on `store` with the records of `input`, in a dataset of its own
    /// that is removed afterwards; exports go to `scratch` and are deleted.
    public static func store(input: String, store: Store, editEvery: Int, scratch: String) throws(SynthError) -> StoreFigures {
        let dataset = "bench-\(UUID().uuidString.prefix(8).lowercased())"
        defer { try? store.removeDataset(dataset) }
        let inputBytes = (try? FileManager.default.attributesOfItem(atPath: input)[.size] as? Int) ?? 0

        var watch = Stopwatch()
        let request = DatasetImport.Request(
            dataset: dataset, path: input, mode: .replace, branch: nil, message: "bench insert", kind: "bench", spec: "bench store")
        let first = try DatasetImport.run(request, store: store).commit.version
        let insert = watch.elapsed

        // Every editEvery-th record gets new JSON under the same id (picked before the clock starts).
        var edited: [StoredRecord] = []
        var position = 0
        try store.readRecords(of: first, batchSize: 10_000) { (batch: [(entry: ManifestEntry, json: String)]) throws(SynthError) in
            for (entry, json) in batch {
                if position % editEvery == 0 {
                    edited.append(StoredRecord(id: entry.id, json: String(json.dropLast()) + #","bench_edit":true}"#))
                }
                position += 1
            }
            return true
        }
        watch = Stopwatch()
        let second = try store.commit(dataset, mode: .append, message: "bench edit") {
            (add: ([StoredRecord]) throws(SynthError) -> Void) throws(SynthError) in try add(edited)
        }.version
        let edit = watch.elapsed
        edited = []

        watch = Stopwatch()
        let (_, _, diff) = try store.diff(dataset, first.hash, second.hash)
        let diffTiming = watch.elapsed

        watch = Stopwatch()
        let full = try VersionDiff.between([], second.chunks) { (hash: String) throws(SynthError) in try store.chunkText(hash) }
        let fullDiff = watch.elapsed
        guard full.added.count == second.count else {
            throw SynthError(.store, "the full diff found \(full.added.count) records, not \(second.count)")
        }

        var exports: [Timing] = []
        for format in ["jsonl", "parquet"] {
            let out = scratch + "/bench-export.\(format)"
            defer { try? FileManager.default.removeItem(atPath: out) }
            watch = Stopwatch()
            do {
                _ = try Exporter.run(
                    ExportRequest(format: try ExportFormat.named(format), out: out), input: VersionInput(store: store, version: second))
            } catch let error as SynthError {
                throw error
            } catch {
                throw SynthError(.io, "the \(format) export failed: \(error)")
            }
            exports.append(watch.elapsed)
        }
        let file =
            store.database.dialect == .sqlite
            ? (try? FileManager.default.attributesOfItem(atPath: store.database.location)[.size] as? Int) : nil
        return StoreFigures(
            location: store.database.location, records: first.count, inputBytes: inputBytes, insert: insert, edit: edit,
            editEvery: editEvery, diff: diffTiming, changed: diff.changed.count, fullDiff: fullDiff, exportJSONL: exports[0],
            exportParquet: exports[1], peakRSS: MemoryStatus.read("VmHWM") ?? 0, storeBytes: file ?? nil)
    }
}
