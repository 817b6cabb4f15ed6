import Foundation
import SynthCore
import SynthExport
import SynthStore

extension Benchmark {
    /// What a store benchmark measured: a JSONL file committed to a fresh dataset, a second
    /// version with some records edited, diffs between them, and exports from the store.
    public struct StoreFigures: Sendable {
        /// One timed step, with the peak resident memory during it.
        public struct Phase: Sendable {
            /// What was timed.
            public var name: String
            /// Its wall and CPU time.
            public var timing: Timing
            /// Peak resident memory (VmHWM) during the step, in bytes; nil where the kernel
            /// cannot reset the peak between steps.
            public var peakRSS: Int?
            /// Whether records per second mean something for it.
            public var perRecord: Bool
        }

        /// Where the store was (a path, or a URL without its password).
        public var location: String
        /// Records committed, and the input file's size in bytes.
        public var records: Int
        public var inputBytes: Int
        /// Changing one record in `editEvery` makes the second version.
        public var editEvery: Int
        /// Records the diff of the two versions found changed.
        public var changed: Int
        /// The steps, in the order run.
        public var phases: [Phase]
        /// The SQLite file's size after the run (nil for PostgreSQL).
        public var storeBytes: Int?

        /// The figures as lines for people.
        public var summary: String {
            var lines = ["Store: \(location), \(NumberFormat.grouped(records)) records (\(Benchmark.megabytes(inputBytes)) of JSONL)"]
            for phase in phases {
                var line = "  " + phase.name.padding(toLength: 32, withPad: " ", startingAt: 0) + Benchmark.describe(phase.timing)
                if phase.perRecord {
                    line += ", " + NumberFormat.grouped(Int((Double(records) / max(phase.timing.wall, 1e-9)).rounded())) + " records/s"
                }
                if let peak = phase.peakRSS { line += ", peak RSS \(Benchmark.megabytes(peak))" }
                lines.append(line)
            }
            lines.append("  the diff found \(NumberFormat.grouped(changed)) changed records (1 in \(editEvery) was edited)")
            if let storeBytes { lines.append("  store file: \(Benchmark.megabytes(storeBytes))") }
            return lines.joined(separator: "\n")
        }

        /// The figures as JSON.
        public var json: Value {
            .object([
                "location": .string(location), "records": .int(records), "input_bytes": .int(inputBytes),
                "edit_every": .int(editEvery), "changed": .int(changed),
                "phases": .array(
                    phases.map { phase in
                        .object([
                            "name": .string(phase.name), "wall_seconds": .double(phase.timing.wall),
                            "cpu_seconds": .double(phase.timing.cpu), "peak_rss_bytes": phase.peakRSS.map { .int($0) } ?? .null,
                        ])
                    }),
                "store_bytes": storeBytes.map { .int($0) } ?? .null,
            ])
        }
    }

    /// Runs the store benchmark on `store` with the records of `input`, in a dataset of its own
    /// that is removed afterwards; exports go to `scratch` and are deleted.
    public static func store(input: String, store: Store, editEvery: Int, scratch: String) throws(SynthError) -> StoreFigures {
        let dataset = "bench-\(UUID().uuidString.prefix(8).lowercased())"
        defer { try? store.removeDataset(dataset) }
        let inputBytes = (try? FileManager.default.attributesOfItem(atPath: input)[.size] as? Int) ?? 0
        var phases: [StoreFigures.Phase] = []
        // Times one step, with the process's peak memory reset before it where the kernel allows.
        func timed<T>(_ name: String, perRecord: Bool = false, _ step: () throws(SynthError) -> T) throws(SynthError) -> T {
            let resettable = MemoryStatus.resetPeak()
            let watch = Stopwatch()
            let result = try step()
            phases.append(
                StoreFigures.Phase(
                    name: name, timing: watch.elapsed, peakRSS: resettable ? MemoryStatus.read("VmHWM") : nil, perRecord: perRecord))
            return result
        }

        let request = DatasetImport.Request(
            dataset: dataset, path: input, mode: .replace, branch: nil, message: "bench insert", kind: "bench", spec: "bench store")
        let first = try timed("insert (read, hash, commit)", perRecord: true) { () throws(SynthError) in
            try DatasetImport.run(request, store: store).commit.version
        }

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
        let second = try timed("commit 1 in \(editEvery) changed") { () throws(SynthError) in
            try store.commit(dataset, mode: .append, message: "bench edit") {
                (add: ([StoredRecord]) throws(SynthError) -> Void) throws(SynthError) in try add(edited)
            }.version
        }
        edited = []

        let diff = try timed("diff of the two versions") { () throws(SynthError) in try store.diff(dataset, first.hash, second.hash).2 }
        let full = try timed("diff reading every chunk") { () throws(SynthError) in
            try VersionDiff.between([], second.chunks) { (hash: String) throws(SynthError) in try store.chunkText(hash) }
        }
        guard full.added.count == second.count else {
            throw SynthError(.store, "the full diff found \(full.added.count) records, not \(second.count)")
        }

        for format in ["jsonl", "parquet"] {
            let out = scratch + "/bench-export-\(UUID().uuidString.prefix(8)).\(format)"
            defer { try? FileManager.default.removeItem(atPath: out) }
            let exportFormat = try ExportFormat.named(format)
            try timed("export \(format)", perRecord: true) { () throws(SynthError) in
                do {
                    _ = try Exporter.run(ExportRequest(format: exportFormat, out: out), input: VersionInput(store: store, version: second))
                } catch let error as SynthError {
                    throw error
                } catch {
                    throw SynthError(.io, "the \(format) export failed: \(error)")
                }
            }
        }
        let file =
            store.database.dialect == .sqlite
            ? (try? FileManager.default.attributesOfItem(atPath: store.database.location)[.size] as? Int) : nil
        return StoreFigures(
            location: store.database.location, records: first.count, inputBytes: inputBytes, editEvery: editEvery,
            changed: diff.changed.count, phases: phases, storeBytes: file ?? nil)
    }
}
