/// Writes `Value`s as compact JSON bytes, keys in their stored order.
///
/// Hand-written rather than `JSONEncoder` because output must be byte-stable across platforms
/// (no key reordering, no locale) and fast enough to stream a million records a minute.
public enum JSONWriter {
    /// Appends the JSON text of `value` to `out`.
    public static func append(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d):
            guard d.isFinite else {
                out.append(contentsOf: "null".utf8)
                return
            }
            // A whole double keeps its ".0", so it reads back as a double, as Python's json writes it.
            let text = "\(d)"
            out.append(contentsOf: text.utf8)
            if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { out.append(contentsOf: ".0".utf8) }
        case .string(let s): appendString(s, to: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, element) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                append(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o): append(o, to: &out)
        }
    }

    /// Appends `fields` as a JSON object.
    public static func append(_ fields: Fields, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for (key, value) in fields {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            appendString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            append(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// The JSON text of `value`.
    public static func string(_ value: Value) -> String {
        var out: [UInt8] = []
        append(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Appends `s` as a quoted JSON string.
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escaping: copy runs of plain bytes at once rather than byte by byte.
        let copied = s.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var start = 0
            for (i, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                out.append(contentsOf: bytes[start..<i])
                appendEscaped(byte, to: &out)
                start = i + 1
            }
            out.append(contentsOf: bytes[start...])
            return true
        }
        if copied == nil {
            for byte in s.utf8 { appendEscaped(byte, to: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0..<0x20:
            out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        default: out.append(byte)
        }
    }
}
