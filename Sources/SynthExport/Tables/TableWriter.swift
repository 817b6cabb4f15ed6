import SynthCore

/// Streams a table to CSV, JSONL or Parquet, a batch of rows at a time, so a million sampled rows never sit in memory at once.
///
/// The file appears under its name only on ``finish()``; a failed run leaves nothing behind.
public struct TableWriter {
    /// The file layouts a table can be written in.
    public enum Format: String, Sendable, CaseIterable {
        case csv, jsonl, parquet

        /// The format a path's extension names (`.jsonl`/`.json` → JSONL, `.parquet` → Parquet, anything else → CSV).
        public init(path: String) {
            let lower = path.lowercased()
            if lower.hasSuffix(".parquet") {
                self = .parquet
            } else {
                self = lower.hasSuffix(".jsonl") || lower.hasSuffix(".json") || lower.hasSuffix(".ndjson") ? .jsonl : .csv
            }
        }
    }

    private let path: String
    private var sink: FileSink?
    // Parquet's schema comes from the first batch's columns, so its writer opens then.
    private var parquet: ParquetWriter?
    private let format: Format
    private var wroteHeader = false
    /// Rows written so far.
    public private(set) var rowCount = 0

    /// Opens `path` (or `-` for standard output, not for Parquet) in `format` (by default from the extension).
    public init(path: String, format: Format? = nil) throws(SynthError) {
        self.path = path
        self.format = format ?? Format(path: path)
        if self.format == .parquet {
            if path == "-" { throw SynthError(.invalidArgument, "Parquet cannot go to standard output; give a .parquet file") }
        } else {
            sink = try FileSink(target: path, encoder: JSONLEncoder())
        }
    }

    /// The Parquet column a table column is written as: numbers, booleans and text natively, dates as ISO text.
    static func parquetColumn(_ column: Column) -> ParquetColumn {
        switch column.kind {
        case .integer: return ParquetColumn(column.name, .int64, optional: true)
        case .float: return ParquetColumn(column.name, .double, optional: true)
        case .boolean: return ParquetColumn(column.name, .boolean, optional: true)
        case .datetime, .categorical, .identifier, .text: return ParquetColumn(column.name, .string, optional: true)
        }
    }

    /// Appends the rows of `batch`; every batch must have the same columns.
    public mutating func write(_ batch: Table) throws(SynthError) {
        if format == .parquet {
            if parquet == nil { parquet = try ParquetWriter(path: path, columns: batch.columns.map(Self.parquetColumn)) }
            for row in 0..<batch.rowCount { try parquet?.write(batch.columns.map { $0.value(at: row) }) }
            rowCount += batch.rowCount
            return
        }
        var out: [UInt8] = []
        out.reserveCapacity(batch.rowCount * batch.columns.count * 8)
        if !wroteHeader && format == .csv {
            CSVEncoder.appendRow(batch.names, to: &out, lineEnd: [0x0A])
        }
        wroteHeader = true
        for row in 0..<batch.rowCount {
            switch format {
            case .csv:
                CSVEncoder.appendRow(batch.columns.map { $0.text(at: row) }, to: &out, lineEnd: [0x0A])
            case .jsonl, .parquet:
                var fields = Fields()
                for column in batch.columns { fields[column.name] = column.value(at: row) }
                JSONWriter.append(fields, to: &out)
                out.append(0x0A)
            }
        }
        rowCount += batch.rowCount
        try sink?.write(bytes: out)
    }

    /// Flushes, syncs and moves the file into place.
    public mutating func finish() throws(SynthError) {
        if format == .parquet {
            // A table with no rows still gets its file, with no columns to describe: refuse instead.
            guard parquet != nil else { throw SynthError(.invalidArgument, "a Parquet table needs at least one batch of columns") }
            try parquet?.finish()
            return
        }
        do {
            try sink?.commit()
        } catch let error as SynthError {
            throw error
        } catch {
            throw SynthError(.io, "cannot finish the table: \(error)")
        }
    }

    /// Removes the unfinished file.
    public mutating func discard() {
        sink?.discard()
        parquet?.discard()
    }

    /// Writes a whole table to `path` at once.
    public static func write(_ table: Table, to path: String, format: Format? = nil) throws(SynthError) {
        var writer = try TableWriter(path: path, format: format)
        do {
            try writer.write(table)
            try writer.finish()
        } catch {
            writer.discard()
            throw error
        }
    }
}
