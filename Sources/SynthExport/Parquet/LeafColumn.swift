import SynthCore

/// One leaf (primitive) column of a Parquet file while a row group is being written: the current
/// data page's levels and PLAIN values, and the pages already finished for this row group.
struct LeafColumn {
    /// The leaf's path from the root, such as `["messages", "list", "element", "role"]`.
    let path: [String]
    /// The primitive column at the leaf.
    let column: ParquetColumn
    /// The definition level of a present value.
    let maxDefinition: Int
    /// The highest repetition level (1 inside a list, else 0).
    let maxRepetition: Int

    private var values: [UInt8] = []
    private var definitions: [UInt8] = []
    private var repetitions: [UInt8] = []
    private var pageLevels = 0
    private var pageBits = 0

    /// The encoded pages of the current row group.
    private(set) var chunk: [UInt8] = []
    /// The number of level entries (values and nulls) in `chunk`.
    private(set) var chunkLevels = 0

    init(path: [String], column: ParquetColumn, maxDefinition: Int, maxRepetition: Int) {
        self.path = path
        self.column = column
        self.maxDefinition = maxDefinition
        self.maxRepetition = maxRepetition
    }

    /// Bytes held for the current row group.
    var bufferedBytes: Int { chunk.count + values.count + definitions.count + repetitions.count }

    /// Bytes of PLAIN values in the current page.
    var pageBytes: Int { values.count }

    /// Appends one level entry: `value` when `definition` is the maximum, else a null or an empty
    /// list at that level. The value's type was checked by the writer.
    mutating func append(_ value: Value?, definition: Int, repetition: Int) {
        if maxDefinition > 0 { definitions.append(UInt8(definition)) }
        if maxRepetition > 0 { repetitions.append(UInt8(repetition)) }
        pageLevels += 1
        guard definition == maxDefinition, let value else { return }
        switch (column.kind, value) {
        case (_, .string(let s)):
            let count = UInt32(s.utf8.count)
            withUnsafeBytes(of: count.littleEndian) { values.append(contentsOf: $0) }
            values.append(contentsOf: s.utf8)
        case (.double, .int(let i)):
            withUnsafeBytes(of: Double(i).bitPattern.littleEndian) { values.append(contentsOf: $0) }
        case (_, .int(let i)):
            withUnsafeBytes(of: Int64(i).littleEndian) { values.append(contentsOf: $0) }
        case (_, .double(let d)):
            withUnsafeBytes(of: d.bitPattern.littleEndian) { values.append(contentsOf: $0) }
        case (_, .bool(let b)):
            // PLAIN booleans are bit-packed, least significant bit first.
            if pageBits % 8 == 0 { values.append(0) }
            if b { values[values.count - 1] |= 1 << UInt8(pageBits % 8) }
            pageBits += 1
        default:
            preconditionFailure("unchecked value for column \(path.joined(separator: "."))")
        }
    }

    /// Ends the current data page (v1, uncompressed) and appends it to `chunk`.
    mutating func finishPage() {
        guard pageLevels > 0 else { return }
        var levels: [UInt8] = []
        if maxRepetition > 0 { Self.appendLevels(repetitions, maxLevel: maxRepetition, to: &levels) }
        if maxDefinition > 0 { Self.appendLevels(definitions, maxLevel: maxDefinition, to: &levels) }
        let size = levels.count + values.count

        var header = ThriftCompactWriter()
        header.i32(1, 0)  // type: DATA_PAGE
        header.i32(2, size)  // uncompressed_page_size
        header.i32(3, size)  // compressed_page_size
        header.beginStruct(5)  // data_page_header
        header.i32(1, pageLevels)  // num_values, nulls included
        header.i32(2, 0)  // encoding: PLAIN
        header.i32(3, 3)  // definition_level_encoding: RLE
        header.i32(4, 3)  // repetition_level_encoding: RLE
        header.end()
        header.end()
        // The page body (levels, then values) goes straight after its header, without a copy.
        chunk.append(contentsOf: header.bytes)
        chunk.append(contentsOf: levels)
        chunk.append(contentsOf: values)

        chunkLevels += pageLevels
        pageLevels = 0
        pageBits = 0
        values.removeAll(keepingCapacity: true)
        definitions.removeAll(keepingCapacity: true)
        repetitions.removeAll(keepingCapacity: true)
    }

    /// Forgets the finished row group's pages.
    mutating func resetChunk() {
        chunk.removeAll(keepingCapacity: true)
        chunkLevels = 0
    }

    /// Appends `levels` in the RLE/bit-packed hybrid encoding, preceded by its 4-byte length.
    ///
    /// Only RLE runs are written (a run of one is legal): levels repeat in long runs for flat
    /// columns, and each run costs two bytes where they alternate.
    static func appendLevels(_ levels: [UInt8], maxLevel: Int, to out: inout [UInt8]) {
        precondition(maxLevel < 256, "levels deeper than 255 are not supported")
        let lengthAt = out.count
        out.append(contentsOf: [0, 0, 0, 0])
        var i = 0
        while i < levels.count {
            let level = levels[i]
            var j = i + 1
            while j < levels.count && levels[j] == level { j += 1 }
            var header = UInt64(j - i) << 1
            while header >= 0x80 {
                out.append(UInt8(header & 0x7F) | 0x80)
                header >>= 7
            }
            out.append(UInt8(header))
            out.append(level)
            i = j
        }
        let length = UInt32(out.count - lengthAt - 4).littleEndian
        withUnsafeBytes(of: length) { bytes in
            for k in 0..<4 { out[lengthAt + k] = bytes[k] }
        }
    }
}
