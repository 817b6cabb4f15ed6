import Foundation
import SynthCore
import SynthExport
import SynthQuality
import Yams

/// `synthforge evaluate`: reads a real and a synthetic table (and a holdout), measures quality,
/// privacy and utility, and writes the HTML and JSON reports.
public enum Evaluation {
    /// What to evaluate and where to write the reports.
    public struct Request: Sendable {
        /// The real table (CSV or JSONL).
        public var real: String
        /// The synthetic table.
        public var synthetic: String
        /// Real rows kept out of training, if any.
        public var holdout: String?
        /// A YAML schema declaring column kinds and quasi-identifiers.
        public var schema: String?
        /// Quasi-identifier columns for k-anonymity (added to the schema's).
        public var quasiIdentifiers: [String]
        /// Groups smaller than this count as at risk.
        public var k: Int
        /// The column utility predicts.
        public var target: String?
        /// Where to write the HTML report.
        public var report: String?
        /// Where to write the JSON report.
        public var json: String?

        /// A request.
        public init(
            real: String, synthetic: String, holdout: String? = nil, schema: String? = nil, quasiIdentifiers: [String] = [], k: Int = 5,
            target: String? = nil, report: String? = nil, json: String? = nil
        ) {
            self.real = real
            self.synthetic = synthetic
            self.holdout = holdout
            self.schema = schema
            self.quasiIdentifiers = quasiIdentifiers
            self.k = k
            self.target = target
            self.report = report
            self.json = json
        }
    }

    /// An evaluation and what reading the files noted.
    public struct Outcome: Sendable {
        /// The scores.
        public var evaluation: TabularEvaluation
        /// Choices the table reader made, naming the file and column.
        public var notes: [String]
        /// Time spent, reading included.
        public var timing: Timing
    }

    /// Reads the files, evaluates, and writes the reports the request names.
    public static func run(_ request: Request) throws(SynthError) -> Outcome {
        let clock = Stopwatch()
        let schema = try request.schema.map { path throws(SynthError) in try TableSchema.load(path: path) } ?? TableSchema()
        let real = try read(request.real, schema: schema)
        // The other files are read with the real table's kinds, so a value that does not fit is an error naming its line.
        var declared = schema
        for column in real.table.columns { declared.columns[column.name, default: ColumnSpec()].kind = column.kind }
        let synthetic = try read(request.synthetic, like: real.table, from: request.real, declared: declared)
        let holdout = try request.holdout.map { path throws(SynthError) in
            try read(path, like: real.table, from: request.real, declared: declared)
        }
        var quasiIdentifiers = schema.quasiIdentifiers
        for name in request.quasiIdentifiers where !quasiIdentifiers.contains(name) { quasiIdentifiers.append(name) }
        for name in quasiIdentifiers where real.table.index(of: name) == nil {
            throw SynthError(
                .invalidArgument,
                "quasi-identifier '\(name)' is not a column of \(request.real) (columns: \(real.table.names.joined(separator: ", ")))")
        }
        if let target = request.target, real.table.index(of: target) == nil {
            throw SynthError(
                .invalidArgument,
                "--target '\(target)' is not a column of \(request.real) (columns: \(real.table.names.joined(separator: ", ")))")
        }
        let evaluation = try TabularEvaluation(
            real: real.table, synthetic: synthetic.table, holdout: holdout?.table, quasiIdentifiers: quasiIdentifiers, k: request.k,
            target: request.target)
        if let path = request.json {
            var bytes: [UInt8] = []
            JSONWriter.append(evaluation.json, to: &bytes)
            bytes.append(0x0A)
            try Benchmark.write(Data(bytes), to: path)
        }
        if let path = request.report {
            let document = evaluation.document(realName: request.real, syntheticName: request.synthetic)
            try Benchmark.write(Data(HTMLReport.render(document).utf8), to: path)
        }
        let notes = [real, synthetic].flatMap(\.notes) + (holdout?.notes ?? [])
        return Outcome(evaluation: evaluation, notes: notes, timing: clock.elapsed)
    }

    /// Reads a table, refusing an empty one.
    private static func read(_ path: String, schema: TableSchema) throws(SynthError) -> TableReader.Result {
        let result = try TableReader.read(path: path, schema: schema)
        guard result.table.rowCount > 0 else { throw SynthError(.invalidArgument, "\(path) holds no rows") }
        return result
    }

    /// Reads a table that must have the columns of `reference` (read from `referencePath`) and
    /// their kinds: it is read as inferred first, and read again with the reference's kinds
    /// (`declared`) only if a kind differs, so a value that does not fit is an error naming its line.
    private static func read(
        _ path: String, like reference: Table, from referencePath: String, declared: TableSchema
    ) throws(SynthError) -> TableReader.Result {
        let inferred = try read(path, schema: TableSchema())
        for name in inferred.table.names where reference.index(of: name) == nil {
            throw SynthError(.invalidArgument, "\(path) has column '\(name)', which \(referencePath) does not have")
        }
        for name in reference.names where inferred.table.index(of: name) == nil {
            throw SynthError(.invalidArgument, "\(path) lacks column '\(name)', which \(referencePath) has")
        }
        let same = reference.columns.allSatisfy { inferred.table[$0.name]?.kind == $0.kind }
        return same ? inferred : try read(path, schema: declared)
    }

    /// The parts of a YAML schema evaluation uses: `columns` (kind, min, max, values, pii) and `quasi_identifiers`.
    /// A few lines for the terminal: overall quality, properties, privacy, utility.
    public static func summary(_ outcome: Outcome) -> String {
        let e = outcome.evaluation
        func f(_ x: Double) -> String { x.isNaN ? "n/a" : String(format: "%.3f", x) }
        var rows: [(String, String)] = [
            ("Quality (SDMetrics)", f(e.quality.score)),
            ("  Column Shapes", f(e.quality.columnShapes)),
            ("  Column Pair Trends", f(e.quality.columnPairTrends)),
            ("Diagnostic", f(e.diagnostic.score)),
            ("  Data Validity", f(e.diagnostic.dataValidity)),
            ("  Data Structure", f(e.diagnostic.structure)),
            ("Privacy: median DCR", f(e.privacy.medianDCR)),
            ("  exact-match rate", f(e.privacy.exactMatchRate)),
            ("  NNDR 10th percentile", f(e.privacy.nndrTenthPercentile)),
        ]
        if !e.privacy.closestHoldout.isEmpty { rows.append(("  DCR share (0.5 ideal)", f(e.privacy.dcrShare))) }
        if let k = e.privacy.kAnonymity {
            rows.append(("  k-anonymity (synthetic)", "\(k.syntheticMinimum); \(f(k.syntheticShareBelowK)) of rows in groups < \(k.k)"))
        }
        if let u = e.utility {
            let metric = u.task == .classification ? "accuracy" : "R²"
            rows.append(("Utility: \(u.target) (\(metric))", "TRTR \(f(u.trtr.main(u.task))), TSTR \(f(u.tstr.main(u.task)))"))
            rows.append(("  TSTR / TRTR", f(u.ratio)))
        }
        let width = rows.map(\.0.count).max() ?? 0
        var text =
            "Evaluated \(e.synthetic.rowCount) synthetic rows against \(e.real.rowCount) real rows in \(String(format: "%.2f", outcome.timing.wall)) s.\n"
        for note in outcome.notes { text += "Note: \(note)\n" }
        for (label, value) in rows { text += label.padding(toLength: width + 2, withPad: " ", startingAt: 0) + value + "\n" }
        return text
    }
}
