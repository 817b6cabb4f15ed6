import SynthCore

/// Streams a table to CSV or JSONL, a batch of rows at a time, so a million sampled rows never sit in memory at once.
///
/// The file appears under its name only on ``finish()``; a failed run leaves nothing behind.
public struct TableWriter {
    /// The file layouts a table can be written in.
    public enum Format: String, Sendable, CaseIterable {
        case csv, jsonl

        /// The format a path's extension names (`.jsonl`/`.json` → JSONL, anything else → CSV).
        public init(path: String) {
            let lower = path.lowercased()
            self = lower.hasSuffix(".jsonl") || lower.hasSuffix(".json") || lower.hasSuffix(".ndjson") ? .jsonl : .csv
        }
    }

    private var sink: FileSink
    private let format: Format
    private var wroteHeader = false
    /// Rows written so far.
    public private(set) var rowCount = 0

    /// Opens `path` (or `-` for standard output) in `format` (by default from the extension).
    public init(path: String, format: Format? = nil) throws(SynthError) {
        self.format = format ?? Format(path: path)
        sink = try FileSink(target: path, encoder: JSONLEncoder())
    }

    /// Appends the rows of `batch`; every batch must have the same columns.
    public mutating func write(_ batch: Table) throws(SynthError) {
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
            case .jsonl:
                var fields = Fields()
                for column in batch.columns { fields[column.name] = column.value(at: row) }
                JSONWriter.append(fields, to: &out)
                out.append(0x0A)
            }
        }
        rowCount += batch.rowCount
        try sink.write(bytes: out)
    }

    /// Flushes, syncs and moves the file into place.
    public mutating func finish() throws(SynthError) {
        do {
            try sink.commit()
        } catch let error as SynthError {
            throw error
        } catch {
            throw SynthError(.io, "cannot finish the table: \(error)")
        }
    }

    /// Removes the unfinished file.
    public mutating func discard() {
        sink.discard()
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
