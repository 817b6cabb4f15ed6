import SynthCore

/// Writes a stored record as the API's record item straight from its stored JSON, without
/// building its values: the top-level members are found by a scan and copied as they are.
///
/// Paging writes thousands of records a second; parsing each body into values and writing them
/// again was most of a page's cost. The stored body is JSON the store wrote itself, so its
/// members can be copied verbatim; a body the scan cannot read goes the slow, parsing way.
enum RecordJSON {
    /// Appends `{"id", "fields", "provenance", "score", "label", "status", "review_reason"}` for the
    /// record stored as `body`, with the score and label the index holds and its review.
    static func append(
        body: String, score: Double?, label: String?, status: ReviewStatus, reason: String?, to out: inout [UInt8]
    ) {
        let bytes = Array(body.utf8)
        guard let members = topLevelMembers(bytes) else {
            JSONWriter.append(RecordItem(json: body, status: status, reason: reason).json, to: &out)
            return
        }
        var id: Range<Int>?
        var provenance: Range<Int>?
        out.append(contentsOf: Array(#"{"id":"#.utf8))
        for member in members {
            let key = bytes[member.key]
            if key.elementsEqual(#""id""#.utf8) {
                id = member.value
            } else if key.elementsEqual(#""provenance""#.utf8) {
                provenance = member.value
            }
        }
        if let id { out.append(contentsOf: bytes[id]) } else { out.append(contentsOf: Array(#""""#.utf8)) }
        out.append(contentsOf: Array(#","fields":{"#.utf8))
        var first = true
        for member in members where member.value != id && member.value != provenance {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: bytes[member.key])
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: bytes[member.value])
        }
        out.append(contentsOf: Array(#"},"provenance":"#.utf8))
        if let provenance { out.append(contentsOf: bytes[provenance]) } else { out.append(contentsOf: Array("{}".utf8)) }
        out.append(contentsOf: Array(#","score":"#.utf8))
        JSONWriter.append(score.map(Value.double) ?? .null, to: &out)
        out.append(contentsOf: Array(#","label":"#.utf8))
        JSONWriter.append(label.map(Value.string) ?? .null, to: &out)
        out.append(contentsOf: Array(#","status":"#.utf8))
        JSONWriter.append(.string(status.rawValue), to: &out)
        out.append(contentsOf: Array(#","review_reason":"#.utf8))
        JSONWriter.append(reason.flatMap { $0.isEmpty ? nil : Value.string($0) } ?? .null, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// The byte ranges of each top-level member's key (with its quotes) and value, or nil when
    /// `bytes` is not one JSON object this scan can read.
    static func topLevelMembers(_ bytes: [UInt8]) -> [(key: Range<Int>, value: Range<Int>)]? {
        var i = 0
        func skipSpace() { while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0a || bytes[i] == 0x0d || bytes[i] == 0x09 { i += 1 } }
        /// Moves past the string starting at `i` (a quote); false when it does not end.
        func skipString() -> Bool {
            i += 1
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\\"): i += 2
                case UInt8(ascii: "\""):
                    i += 1
                    return true
                default: i += 1
                }
            }
            return false
        }
        /// Moves past the value starting at `i`; false when it does not end.
        func skipValue() -> Bool {
            guard i < bytes.count else { return false }
            switch bytes[i] {
            case UInt8(ascii: "\""): return skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                while i < bytes.count {
                    switch bytes[i] {
                    case UInt8(ascii: "\""):
                        if !skipString() { return false }
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 {
                            i += 1
                            return true
                        }
                    default: break
                    }
                    i += 1
                }
                return false
            default:
                let start = i
                while i < bytes.count, bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: "}"), bytes[i] != 0x20, bytes[i] != 0x0a {
                    i += 1
                }
                return i > start
            }
        }
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        var members: [(key: Range<Int>, value: Range<Int>)] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { return members }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
            let keyStart = i
            guard skipString() else { return nil }
            let key = keyStart..<i
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace()
            let valueStart = i
            guard skipValue() else { return nil }
            members.append((key, valueStart..<i))
            skipSpace()
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            guard bytes[i] == UInt8(ascii: "}") else { return nil }
            i += 1
            skipSpace()
            return i == bytes.count ? members : nil
        }
    }
}
