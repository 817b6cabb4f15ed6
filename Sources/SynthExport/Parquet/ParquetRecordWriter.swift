import SynthCore

/// Writes records of one task shape to a Parquet file: `id`, the shape's payload fields with
/// their own types, and `provenance` as JSON text.
///
/// `messages` and `entities` are lists of structs; `answer_start` is an int64; `metadata` and
/// `provenance` are JSON text (their keys vary from record to record); every other field is a
/// string. Payload columns are optional, so a record without a field has a null there.
public struct ParquetRecordWriter {
    /// The shape every record must have.
    public let shape: TaskShape
    private var writer: ParquetWriter
    private var row: [Value] = []
    private var json: [UInt8] = []

    /// The file's final path.
    public var path: String { writer.path }
    /// The number of records written so far.
    public var recordCount: Int { writer.rowCount }

    /// Starts a Parquet file of `shape` records at `path`; fails at once if it cannot be written.
    public init(path: String, shape: TaskShape, rowGroupRows: Int = ParquetWriter.defaultRowGroupRows) throws(SynthError) {
        self.shape = shape
        writer = try ParquetWriter(path: path, columns: Self.columns(for: shape), rowGroupRows: rowGroupRows)
    }

    /// The columns written for records of `shape`, in file order.
    public static func columns(for shape: TaskShape) -> [ParquetColumn] {
        var columns = [ParquetColumn("id", .string)]
        for name in shape.payloadFields {
            switch name {
            case "messages":
                columns.append(ParquetColumn(name, .list(of: [.init("role", .string), .init("content", .string)]), optional: true))
            case "entities":
                let members: [ParquetColumn] = [
                    .init("start", .int64), .init("end", .int64), .init("type", .string), .init("text", .string),
                ]
                columns.append(ParquetColumn(name, .list(of: members), optional: true))
            case "answer_start":
                columns.append(ParquetColumn(name, .int64, optional: true))
            default:
                columns.append(ParquetColumn(name, .string, optional: true))
            }
        }
        columns.append(ParquetColumn("provenance", .string))
        return columns
    }

    /// Appends `record`; a record of another shape or with a field of the wrong type is refused
    /// with an error naming it.
    public mutating func write(_ record: Record) throws(SynthError) {
        guard record.shape == shape else {
            throw SynthError(
                .invalidArgument,
                "'\(path)': record '\(record.id)' is a \(record.shape.rawValue) record; this file holds \(shape.rawValue) records")
        }
        row.removeAll(keepingCapacity: true)
        row.append(.string(record.id))
        for name in shape.payloadFields {
            let value = record.fields[name] ?? .null
            row.append(name == "metadata" && !value.isNull ? jsonText(value) : value)
        }
        var provenance = record.provenance.fields
        provenance["shape"] = .string(record.shape.rawValue)
        row.append(jsonText(.object(provenance)))
        do {
            try writer.write(row)
        } catch {
            throw SynthError(error.code, "\(error.message) in record '\(record.id)'")
        }
    }

    private mutating func jsonText(_ value: Value) -> Value {
        json.removeAll(keepingCapacity: true)
        JSONWriter.append(value, to: &json)
        return .string(String(decoding: json, as: UTF8.self))
    }

    /// Writes the footer and moves the file to `path`.
    public mutating func finish() throws(SynthError) { try writer.finish() }

    /// Stops writing and removes the partial file.
    public mutating func discard() { writer.discard() }
}
