import Foundation
import SynthCore
import SynthExport
import SynthGenerators

/// What `synthforge features` is asked to do.
public struct FeatureOptions: Sendable {
    /// The schema file (YAML).
    public var schema: String
    /// Rows for a feature schema, entities for a series schema (default: the schema's `entities`).
    public var count: Int?
    /// The CSV or JSONL file to write, or nil to check the guarantees without writing.
    public var out: String?
    /// The seed; the same seed gives the same bytes.
    public var seed: UInt64

    /// Options for one run.
    public init(schema: String, count: Int?, out: String?, seed: UInt64) {
        self.schema = schema
        self.count = count
        self.out = out
        self.seed = seed
    }
}

/// The outcome of a `features` run.
public struct FeatureRun: Sendable {
    /// Rows generated.
    public var rows: Int
    /// The column names.
    public var columns: [String]
    /// The guarantees, measured on every generated row.
    public var report: ReadinessReport
    /// What the schema parser changed or assumed.
    public var notes: [String]
    /// The file written: nil when no `out` was given or when a guarantee failed (nothing is left behind then).
    public var written: String?
}

/// Generates schema-driven ML feature data or time series, streaming batches to a file while
/// the guarantees are tallied, so a million rows never sit in memory.
public enum FeatureGeneration {
    /// Parses the schema at `path`.
    public static func schema(at path: String) throws(SynthError) -> FeatureSchema {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SynthError(.io, "cannot read the schema '\(path)': no such file or not readable UTF-8 text")
        }
        return try FeatureSchema.parse(text: text, file: path)
    }

    /// Generates, writes and checks the data `options` describe.
    ///
    /// A guarantee that fails leaves no file behind; the returned report says which and by how much.
    public static func run(_ options: FeatureOptions) throws(SynthError) -> FeatureRun {
        let schema = try schema(at: options.schema)
        let batchCount: Int
        let batch: (Int) throws(SynthError) -> Table
        let rows: Int
        let columns: [String]
        if let series = schema.series {
            let generator = SeriesGenerator(schema: series, entities: options.count ?? series.entities, seed: options.seed)
            batchCount = generator.batchCount
            batch = { index throws(SynthError) in generator.batch(index) }
            rows = generator.rowCount
            columns = [series.entityColumn, series.timeColumn] + series.values.map(\.name)
        } else {
            guard let count = options.count else {
                throw SynthError(.invalidArgument, "--count is required: how many rows to generate from '\(options.schema)'")
            }
            let generator = try FeatureGenerator(schema: schema, count: count, seed: options.seed)
            batchCount = generator.batchCount
            batch = { index throws(SynthError) in try generator.batch(index) }
            rows = count
            columns = generator.columnNames
        }
        guard rows >= schema.guarantees.minSamples else {
            throw SynthError(
                .invalidArgument,
                "\(NumberFormat.grouped(rows)) rows are fewer than the schema's min_samples \(NumberFormat.grouped(schema.guarantees.minSamples)); raise --count"
            )
        }

        var writer = try options.out.map { path throws(SynthError) in try TableWriter(path: path) }
        var tally = ReadinessTally(schema: schema)
        do {
            for index in 0..<batchCount {
                let table = try batch(index)
                tally.add(table)
                try writer?.write(table)
            }
        } catch {
            writer?.discard()
            throw error
        }
        let report = tally.report()
        var written: String? = nil
        if report.passed {
            try writer?.finish()
            written = options.out
        } else {
            writer?.discard()
        }
        return FeatureRun(rows: rows, columns: columns, report: report, notes: schema.notes, written: written)
    }

    /// The report as pretty-printed JSON with sorted keys.
    public static func json(_ report: ReadinessReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // A report of plain numbers and strings always encodes.
        return String(decoding: (try? encoder.encode(report)) ?? Data(), as: UTF8.self)
    }
}
