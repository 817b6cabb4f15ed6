import SynthCore

/// Streams rows into an Apache Parquet file, one row group at a time, so memory stays bounded
/// whatever the row count.
///
/// Hand-written from the Parquet format specification (no Parquet library is among the project's
/// dependencies): data pages v1 with PLAIN values and RLE levels, uncompressed, and the footer in
/// Thrift's compact protocol. The file is written under a hidden name beside `path` and appears
/// under `path` only when `finish()` succeeds.
public struct ParquetWriter {
    /// The file's final path.
    public let path: String
    /// The top-level columns, in file order.
    public let columns: [ParquetColumn]
    /// A row group is closed after this many rows…
    public let rowGroupRows: Int
    /// …or once its buffered pages reach this many bytes, whichever comes first.
    public let rowGroupBytes: Int
    /// The number of rows written so far.
    public private(set) var rowCount = 0

    /// The default rows per row group.
    public static let defaultRowGroupRows = 50_000
    /// The default byte bound of a row group.
    public static let defaultRowGroupBytes = 96 << 20
    /// A data page is closed at the first row boundary after its values reach this many bytes.
    static let pageBytes = 1 << 20

    private var file: PartialFile
    private var leaves: [LeafColumn]
    private var rowGroups: [[UInt8]] = []
    private var rowsInGroup = 0

    /// Starts a Parquet file at `path` with `columns`; fails at once if the path cannot be written.
    public init(
        path: String, columns: [ParquetColumn], rowGroupRows: Int = defaultRowGroupRows,
        rowGroupBytes: Int = defaultRowGroupBytes
    ) throws(SynthError) {
        guard !columns.isEmpty else { throw SynthError(.invalidArgument, "a Parquet file needs at least one column") }
        guard rowGroupRows > 0, rowGroupBytes > 0 else {
            throw SynthError(.invalidArgument, "the rows and bytes of a Parquet row group must be positive")
        }
        for column in columns {
            if case .list(let members) = column.kind, members.isEmpty || members.contains(where: { Self.isList($0) }) {
                throw SynthError(.invalidArgument, "list column '\(column.name)' needs primitive members")
            }
        }
        self.path = path
        self.columns = columns
        self.rowGroupRows = rowGroupRows
        self.rowGroupBytes = rowGroupBytes
        leaves = []
        for column in columns {
            let base = column.isOptional ? 1 : 0
            if case .list(let members) = column.kind {
                for member in members {
                    leaves.append(
                        LeafColumn(
                            path: [column.name, "list", "element", member.name], column: member,
                            maxDefinition: base + 1 + (member.isOptional ? 1 : 0), maxRepetition: 1))
                }
            } else {
                leaves.append(LeafColumn(path: [column.name], column: column, maxDefinition: base, maxRepetition: 0))
            }
        }
        file = try PartialFile(target: path)
        try file.write(Self.magic)
    }

    private static let magic = Array("PAR1".utf8)

    private static func isList(_ column: ParquetColumn) -> Bool {
        if case .list = column.kind { return true }
        return false
    }

    /// Appends one row: a value per column, in column order. A missing member of a list element
    /// and `.null` both write a null; an int is accepted for a double column.
    ///
    /// A row that does not fit the columns is rejected whole, with an error naming the column.
    public mutating func write(_ row: [Value]) throws(SynthError) {
        guard row.count == columns.count else {
            throw SynthError(.invalidArgument, "'\(path)': a row has \(row.count) values for \(columns.count) columns")
        }
        for (column, value) in zip(columns, row) {
            if let problem = Self.problem(value, for: column) {
                throw SynthError(.invalidArgument, "'\(path)': row \(rowCount): \(problem)")
            }
        }
        var leaf = 0
        for (column, value) in zip(columns, row) {
            guard case .list(let members) = column.kind else {
                leaves[leaf].append(value, definition: value.isNull ? 0 : leaves[leaf].maxDefinition, repetition: 0)
                leaf += 1
                continue
            }
            let base = column.isOptional ? 1 : 0
            switch value {
            case .array(let elements) where !elements.isEmpty:
                for (k, element) in elements.enumerated() {
                    let object = element.objectValue!
                    for (m, member) in members.enumerated() {
                        let memberValue = object[member.name] ?? .null
                        let definition = memberValue.isNull ? base + 1 : leaves[leaf + m].maxDefinition
                        leaves[leaf + m].append(memberValue, definition: definition, repetition: k == 0 ? 0 : 1)
                    }
                }
            case .array:
                for m in members.indices { leaves[leaf + m].append(nil, definition: base, repetition: 0) }
            default:
                for m in members.indices { leaves[leaf + m].append(nil, definition: 0, repetition: 0) }
            }
            leaf += members.count
        }
        rowCount += 1
        rowsInGroup += 1
        var buffered = 0
        for i in leaves.indices {
            if leaves[i].pageBytes >= Self.pageBytes { leaves[i].finishPage() }
            buffered += leaves[i].bufferedBytes
        }
        if rowsInGroup >= rowGroupRows || buffered >= rowGroupBytes { try finishRowGroup() }
    }

    /// What is wrong with `value` for `column`, or nil when it fits.
    private static func problem(_ value: Value, for column: ParquetColumn) -> String? {
        let fits: Bool
        switch (column.kind, value) {
        case (_, .null): fits = column.isOptional
        case (.string, .string), (.int64, .int), (.double, .double), (.double, .int), (.boolean, .bool): fits = true
        case (.list(let members), .array(let elements)):
            for (k, element) in elements.enumerated() {
                guard let object = element.objectValue else {
                    return "column '\(column.name)': element \(k) is not an object"
                }
                for member in members {
                    if let problem = problem(object[member.name] ?? .null, for: member) {
                        return "column '\(column.name)': element \(k): \(problem)"
                    }
                }
            }
            fits = true
        default: fits = false
        }
        if fits { return nil }
        let found = value.isNull ? "null" : JSONWriter.string(value).prefix(40)
        return "column '\(column.name)' needs \(column.kindName), found \(found)"
    }

    private mutating func finishRowGroup() throws(SynthError) {
        guard rowsInGroup > 0 else { return }
        let groupOffset = file.position
        var chunks = ThriftCompactWriter()
        chunks.list(1, of: .structure, count: leaves.count)  // RowGroup.columns
        var totalBytes = 0
        for i in leaves.indices {
            leaves[i].finishPage()
            let offset = file.position
            try file.write(leaves[i].chunk)
            let size = leaves[i].chunk.count
            totalBytes += size
            chunks.beginElement()  // ColumnChunk
            chunks.i64(2, offset)  // file_offset
            chunks.beginStruct(3)  // meta_data
            chunks.i32(1, leaves[i].column.physicalType)
            chunks.list(2, of: .i32, count: 2)  // encodings: PLAIN, RLE
            chunks.i32Element(0)
            chunks.i32Element(3)
            chunks.list(3, of: .binary, count: leaves[i].path.count)  // path_in_schema
            for name in leaves[i].path { chunks.stringElement(name) }
            chunks.i32(4, 0)  // codec: UNCOMPRESSED
            chunks.i64(5, leaves[i].chunkLevels)  // num_values
            chunks.i64(6, size)  // total_uncompressed_size
            chunks.i64(7, size)  // total_compressed_size
            chunks.i64(9, offset)  // data_page_offset
            chunks.end()
            chunks.end()
            leaves[i].resetChunk()
        }
        chunks.i64(2, totalBytes)  // total_byte_size
        chunks.i64(3, rowsInGroup)  // num_rows
        chunks.i64(5, groupOffset)  // file_offset
        chunks.i64(6, totalBytes)  // total_compressed_size
        rowGroups.append(chunks.bytes)
        rowsInGroup = 0
    }

    /// Writes the last row group and the footer, syncs, and moves the file to `path`.
    public mutating func finish() throws(SynthError) {
        do {
            try finishRowGroup()
            let footer = footer()
            try file.write(footer)
            var tail: [UInt8] = []
            withUnsafeBytes(of: UInt32(footer.count).littleEndian) { tail.append(contentsOf: $0) }
            tail.append(contentsOf: Self.magic)
            try file.write(tail)
            try file.finish()
        } catch {
            file.discard()
            throw error
        }
    }

    /// Stops writing and removes the partial file; nothing appears under `path`.
    public mutating func discard() { file.discard() }

    /// The serialised `FileMetaData`.
    private func footer() -> [UInt8] {
        var meta = ThriftCompactWriter()
        meta.i32(1, 1)  // version
        let elementCount =
            1
            + columns.reduce(0) { count, column in
                if case .list(let members) = column.kind { return count + 3 + members.count }
                return count + 1
            }
        meta.list(2, of: .structure, count: elementCount)  // schema, depth first
        meta.beginElement()
        meta.string(4, "schema")
        meta.i32(5, columns.count)
        meta.end()
        for column in columns {
            guard case .list(let members) = column.kind else {
                Self.schemaElement(column, into: &meta)
                continue
            }
            meta.beginElement()
            meta.i32(3, column.isOptional ? 1 : 0)
            meta.string(4, column.name)
            meta.i32(5, 1)
            meta.i32(6, 3)  // converted_type: LIST
            meta.beginStruct(10)  // logicalType
            meta.emptyStruct(3)  // LIST
            meta.end()
            meta.end()
            meta.beginElement()
            meta.i32(3, 2)  // repeated
            meta.string(4, "list")
            meta.i32(5, 1)
            meta.end()
            meta.beginElement()
            meta.i32(3, 0)  // required
            meta.string(4, "element")
            meta.i32(5, members.count)
            meta.end()
            for member in members { Self.schemaElement(member, into: &meta) }
        }
        meta.i64(3, rowCount)  // num_rows
        meta.list(4, of: .structure, count: rowGroups.count)
        for group in rowGroups {
            meta.beginElement()
            meta.bytes.append(contentsOf: group)
            meta.end()
        }
        meta.string(6, "synthforge")  // created_by
        meta.end()
        return meta.bytes
    }

    private static func schemaElement(_ column: ParquetColumn, into meta: inout ThriftCompactWriter) {
        meta.beginElement()
        meta.i32(1, column.physicalType)
        meta.i32(3, column.isOptional ? 1 : 0)
        meta.string(4, column.name)
        if column.kind == .string {
            meta.i32(6, 0)  // converted_type: UTF8
            meta.beginStruct(10)  // logicalType
            meta.emptyStruct(1)  // STRING
            meta.end()
        }
        meta.end()
    }
}
