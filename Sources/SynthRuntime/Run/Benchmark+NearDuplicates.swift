import Foundation
import SynthCore
import SynthExport
import SynthQuality

extension Benchmark {
    /// What a near-duplicate benchmark measured and found.
    public struct NearDuplicateFigures: Sendable {
        /// The finder that was timed.
        public var finder: NearDuplicateFinder
        /// The documents read.
        public var documents: Int
        /// The 1-based line each document came from, in document order.
        public var lines: [Int]
        /// Lines skipped: not JSON objects, or with no text.
        public var skippedLines: Int
        /// Documents with no shingles (no words), which are never near duplicates.
        public var withoutShingles: Int
        /// Reading and parsing the file (not part of `total`).
        public var read: Timing
        /// Shingling and MinHash signatures, on all cores.
        public var signatures: Timing
        /// Putting every signature in the LSH index, finding its candidates and confirming them.
        public var lsh: Timing
        /// Peak resident memory of the process (VmHWM), in bytes.
        public var peakRSS: Int
        /// The candidate pairs and clusters found.
        public var report: NearDuplicateReport

        /// Signatures and LSH together: the work a MinHash LSH library does once the texts are in memory.
        public var total: Timing { signatures + lsh }
        /// Candidate pairs whose estimated Jaccard index confirms them as near duplicates.
        public var nearDuplicatePairs: Int { report.candidates.count { $0.estimatedJaccard >= finder.confirmAt } }

        /// The figures as lines for people.
        public var summary: String {
            let shingles =
                switch finder.hasher.shingling {
                case .words(let n): "\(n)-word shingles"
                case .characters(let k): "\(k)-character shingles"
                }
            var lines = [
                "near-dup: \(NumberFormat.grouped(documents)) documents (\(shingles), \(finder.hasher.permutations) permutations, "
                    + "\(finder.banding.bands) bands × \(finder.banding.rows) rows; threshold \(NumberFormat.shortest(finder.threshold)), "
                    + "confirmed at \(NumberFormat.fixed(finder.confirmAt, decimals: 3)))",
                "read:        \(Benchmark.describe(read)) (not in the total)",
                "signatures:  \(Benchmark.describe(signatures))",
                "LSH:         \(Benchmark.describe(lsh))",
                "total:       \(Benchmark.describe(total))",
                "peak RSS:    \(Benchmark.megabytes(peakRSS))",
                "candidate pairs:      \(NumberFormat.grouped(report.candidates.count))",
                "near-duplicate pairs: \(NumberFormat.grouped(nearDuplicatePairs))",
                "clusters:             \(NumberFormat.grouped(report.clusters.count)) (\(NumberFormat.grouped(report.dropped)) documents to drop)",
            ]
            if skippedLines > 0 { lines.append("skipped lines:        \(NumberFormat.grouped(skippedLines))") }
            if withoutShingles > 0 { lines.append("documents without words: \(NumberFormat.grouped(withoutShingles))") }
            return lines.joined(separator: "\n")
        }

        /// The figures as one JSON object (times in seconds, memory in bytes).
        public var json: Value {
            .object([
                "documents": .int(documents), "skipped_lines": .int(skippedLines), "without_shingles": .int(withoutShingles),
                "permutations": .int(finder.hasher.permutations), "bands": .int(finder.banding.bands), "rows": .int(finder.banding.rows),
                "threshold": .double(finder.threshold), "confirm_at": .double(finder.confirmAt),
                "read": Benchmark.json(read), "signatures": Benchmark.json(signatures), "lsh": Benchmark.json(lsh),
                "total": Benchmark.json(total), "peak_rss_bytes": .int(peakRSS), "candidate_pairs": .int(report.candidates.count),
                "near_duplicate_pairs": .int(nearDuplicatePairs), "clusters": .int(report.clusters.count), "dropped": .int(report.dropped),
            ])
        }
    }

    /// Reads the JSONL documents at `path` (text from `fields`, or detected from each record's
    /// shape) and times `finder` on them: signatures, then the LSH index and its candidate pairs.
    public static func nearDuplicates(
        in path: String, fields: [String] = [], finder: NearDuplicateFinder = NearDuplicateFinder()
    ) async throws(SynthError) -> NearDuplicateFigures {
        let reading = Stopwatch()
        var reader = try JSONLReader(path: path)
        let textReader = TextRecordReader(fields: fields)
        var texts: [String] = []
        var lines: [Int] = []
        var noText = 0
        while let (line, object) = reader.next() {
            guard case .success(let record) = textReader.record(from: object, line: line) else {
                noText += 1
                continue
            }
            texts.append(record.readableText)
            lines.append(line)
        }
        guard !texts.isEmpty else { throw SynthError(.invalidArgument, "'\(path)' has no documents with text to compare") }
        let read = reading.elapsed

        let hashing = Stopwatch()
        let signatures = await finder.hasher.signatures(of: texts)
        let signed = hashing.elapsed
        let indexing = Stopwatch()
        let report = finder.find(signatures: signatures)
        let lsh = indexing.elapsed
        return NearDuplicateFigures(
            finder: finder, documents: texts.count, lines: lines, skippedLines: reader.skipped.count + noText,
            withoutShingles: signatures.count { $0 == nil }, read: read, signatures: signed, lsh: lsh,
            peakRSS: MemoryStatus.read("VmHWM") ?? 0, report: report)
    }

    /// Writes every candidate pair of `figures` as tab-separated lines, atomically: the two
    /// documents' line numbers, the estimated Jaccard index, and 1 when it confirms a near duplicate.
    public static func writePairs(_ figures: NearDuplicateFigures, to path: String) throws(SynthError) {
        var text = "first_line\tsecond_line\testimated_jaccard\tnear_duplicate\n"
        for pair in figures.report.candidates {
            let near = pair.estimatedJaccard >= figures.finder.confirmAt ? 1 : 0
            text += "\(figures.lines[pair.first])\t\(figures.lines[pair.second])\t\(pair.estimatedJaccard)\t\(near)\n"
        }
        try write(Data(text.utf8), to: path)
    }

    /// Writes `data` to `path` atomically, with an error that names the file.
    static func write(_ data: Data, to path: String) throws(SynthError) {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SynthError(.io, "cannot write '\(path)': \(error.localizedDescription)")
        }
    }
}
