/// Writes Thrift structs in the compact protocol, the encoding of Parquet's page headers and footer.
///
/// Only what Parquet's metadata needs: i32, i64, binary, bool, nested structs and lists. Fields
/// must be written in increasing id order within a struct, as the short field header stores the
/// delta from the previous id.
struct ThriftCompactWriter {
    /// The compact protocol's type codes.
    enum Kind: UInt8 {
        case boolTrue = 1
        case boolFalse = 2
        case i32 = 5
        case i64 = 6
        case binary = 8
        case list = 9
        case structure = 12
    }

    /// The bytes written so far.
    var bytes: [UInt8] = []
    /// The last field id written in each open struct, innermost last.
    private var lastIDs: [Int] = [0]

    private mutating func header(_ id: Int, _ kind: Kind) {
        let delta = id - lastIDs[lastIDs.count - 1]
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta << 4) | kind.rawValue)
        } else {
            bytes.append(kind.rawValue)
            varint(zigzag(Int64(id)))
        }
        lastIDs[lastIDs.count - 1] = id
    }

    private func zigzag(_ v: Int64) -> UInt64 { UInt64(bitPattern: (v << 1) ^ (v >> 63)) }

    private mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Writes an i32 field.
    mutating func i32(_ id: Int, _ value: Int) {
        header(id, .i32)
        varint(zigzag(Int64(value)))
    }

    /// Writes an i64 field.
    mutating func i64(_ id: Int, _ value: Int) {
        header(id, .i64)
        varint(zigzag(Int64(value)))
    }

    /// Writes a string field as UTF-8 binary.
    mutating func string(_ id: Int, _ value: String) {
        header(id, .binary)
        varint(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }

    /// Opens a struct field; close it with `end()`.
    mutating func beginStruct(_ id: Int) {
        header(id, .structure)
        lastIDs.append(0)
    }

    /// Opens a struct that is an element of a list; close it with `end()`.
    mutating func beginElement() { lastIDs.append(0) }

    /// Closes the innermost struct.
    mutating func end() {
        bytes.append(0)
        lastIDs.removeLast()
    }

    /// Writes an empty struct field (a marker such as `LogicalType.STRING`).
    mutating func emptyStruct(_ id: Int) {
        beginStruct(id)
        end()
    }

    /// Opens a list field of `count` elements of `kind`; the elements follow.
    mutating func list(_ id: Int, of kind: Kind, count: Int) {
        header(id, .list)
        if count < 15 {
            bytes.append(UInt8(count << 4) | kind.rawValue)
        } else {
            bytes.append(0xF0 | kind.rawValue)
            varint(UInt64(count))
        }
    }

    /// Writes an i32 list element.
    mutating func i32Element(_ value: Int) { varint(zigzag(Int64(value))) }

    /// Writes a string list element.
    mutating func stringElement(_ value: String) {
        varint(UInt64(value.utf8.count))
        bytes.append(contentsOf: value.utf8)
    }
}
