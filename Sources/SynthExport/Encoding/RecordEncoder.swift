import SynthCore

/// Turns records into the bytes of one output format.
public protocol RecordEncoder: Sendable {
    /// Bytes written once before the first record (a CSV header), given the first record.
    func header(for first: Record) -> [UInt8]
    /// Appends one record's bytes to `out`.
    func append(_ record: Record, to out: inout [UInt8])
    /// Bytes written between two records (the comma of a JSON array).
    var separator: [UInt8] { get }
    /// Bytes written once at the end; `empty` when no record (and so no header) was written.
    func footer(empty: Bool) -> [UInt8]
}

extension RecordEncoder {
    public func header(for first: Record) -> [UInt8] { [] }
    public var separator: [UInt8] { [] }
    public func footer(empty: Bool) -> [UInt8] { [] }
}

/// The encoder for `format`.
public func encoder(for format: OutputFormat) -> any RecordEncoder {
    switch format {
    case .jsonl: return JSONLEncoder()
    case .csv: return CSVEncoder()
    }
}

/// One JSON object per line: `id`, the shape's fields, then `provenance`.
public struct JSONLEncoder: RecordEncoder {
    /// The encoder.
    public init() {}

    public func append(_ record: Record, to out: inout [UInt8]) {
        var object = Fields()
        object["id"] = .string(record.id)
        for (k, v) in record.fields { object[k] = v }
        var provenance = record.provenance.fields
        provenance["shape"] = .string(record.shape.rawValue)
        object["provenance"] = .object(provenance)
        JSONWriter.append(object, to: &out)
        out.append(0x0A)
    }
}

/// RFC 4180 CSV: a header, then one row per record. Columns are the record id, the shape's
/// fields (nested values as JSON text) and the provenance, in a fixed order per shape.
public struct CSVEncoder: RecordEncoder {
    static let provenanceColumns = ["source", "domain", "task", "version", "seed", "shard", "index"]

    /// The encoder.
    public init() {}

    /// The columns written for records of `shape`.
    public static func columns(for shape: TaskShape) -> [String] {
        ["id"] + shape.payloadFields + provenanceColumns
    }

    public func header(for first: Record) -> [UInt8] {
        var out: [UInt8] = []
        Self.appendRow(Self.columns(for: first.shape), to: &out)
        return out
    }

    public func append(_ record: Record, to out: inout [UInt8]) {
        let cells = Self.row(for: record).map { value -> String in
            if case .null = value { return "" }
            return value.text
        }
        Self.appendRow(cells, to: &out)
    }

    /// The cells of `record` under ``columns(for:)``: scalars as they are, nested values as JSON
    /// text, a missing field as null. Spreadsheet writers share it so every table has the same columns.
    public static func row(for record: Record) -> [Value] {
        var cells: [Value] = [.string(record.id)]
        for name in record.shape.payloadFields {
            switch record.fields[name] {
            case nil: cells.append(.null)
            case let value?: cells.append(value.isScalar ? value : .string(JSONWriter.string(value)))
            }
        }
        let provenance = record.provenance.fields
        for name in provenanceColumns { cells.append(provenance[name] ?? .null) }
        return cells
    }

    /// Appends one RFC 4180 row: cells holding a comma, quote, line break or edge whitespace are
    /// quoted (quotes doubled); the row ends with `lineEnd` (CRLF by default, as the RFC has it).
    static func appendRow(_ cells: [String], to out: inout [UInt8], lineEnd: [UInt8] = [0x0D, 0x0A]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            let needsQuotes =
                cell.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
                || cell.first?.isWhitespace == true || cell.last?.isWhitespace == true
            if needsQuotes {
                out.append(0x22)
                for byte in cell.utf8 {
                    if byte == 0x22 { out.append(0x22) }
                    out.append(byte)
                }
                out.append(0x22)
            } else {
                out.append(contentsOf: cell.utf8)
            }
        }
        out.append(contentsOf: lineEnd)
    }
}

extension Value {
    var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }
}
