import SynthCore

/// One record of a version: its id, the SHA-256 of its stored JSON, and where the store keeps it.
public struct ManifestEntry: Sendable, Hashable {
    /// The record's id, unique within a version.
    public var id: String
    /// The hex SHA-256 of the record's JSON: its identity, the same in every store.
    public var hash: String
    /// The record's number in this store (the `seq` of its row), by which it is read: records
    /// stored together have consecutive numbers, so a version is read in runs, not lookups.
    public var seq: Int64

    /// Makes an entry.
    public init(id: String, hash: String, seq: Int64) {
        self.id = id
        self.hash = hash
        self.seq = seq
    }
}

/// A version's records in order, cut into content-defined chunks that versions share.
///
/// A chunk ends after a record whose id hashes to a boundary value (about one in 1,024), or at
/// 8,192 records. Boundaries depend on ids alone, so editing, adding or removing a few records
/// changes only the chunks that hold them: a version of a million records that differs from its
/// parent in one record stores one new chunk, and a diff skips every chunk the two share.
public enum Manifest {
    /// One chunk: its hash (its key in the store) and its text.
    public struct Chunk: Sendable, Hashable {
        /// The hex SHA-256 of `text`.
        public var hash: String
        /// One line per record: the record's hash, a space, its number in the store, a space,
        /// then its id (newlines and backslashes escaped).
        public var text: String
    }

    /// The most records in one chunk.
    public static let maxChunk = 8_192

    /// Cuts `entries` into chunks.
    public static func chunks(of entries: [ManifestEntry]) -> [Chunk] {
        var chunks: [Chunk] = []
        var text: [UInt8] = []
        var inChunk = 0
        for entry in entries {
            text += entry.hash.utf8
            text.append(0x20)
            text += String(entry.seq).utf8
            text.append(0x20)
            appendEscaped(entry.id, to: &text)
            text.append(0x0a)
            inChunk += 1
            if inChunk == maxChunk || isBoundary(entry.id) {
                chunks.append(Chunk(hash: SHA256.hex(text), text: String(decoding: text, as: UTF8.self)))
                text.removeAll(keepingCapacity: true)
                inChunk = 0
            }
        }
        if !text.isEmpty { chunks.append(Chunk(hash: SHA256.hex(text), text: String(decoding: text, as: UTF8.self))) }
        return chunks
    }

    /// The entries of a chunk's text.
    public static func entries(of text: String) throws(SynthError) -> [ManifestEntry] {
        var out: [ManifestEntry] = []
        let bytes = Array(text.utf8)
        for line in bytes.split(separator: 0x0a) {
            guard let parts = fields(of: line) else {
                throw SynthError(.store, "a manifest chunk in the store is damaged (a line without a record hash and number)")
            }
            out.append(entry(parts))
        }
        return out
    }

    /// The hash, number and escaped id of one manifest line, or nil if it is not one.
    static func fields(of line: ArraySlice<UInt8>) -> (hash: ArraySlice<UInt8>, seq: Int64, id: ArraySlice<UInt8>)? {
        let start = line.startIndex
        guard line.count > 66, line[start + 64] == 0x20 else { return nil }
        var i = start + 65
        var seq: Int64 = 0
        while i < line.endIndex, line[i] != 0x20 {
            guard line[i] >= 0x30 && line[i] <= 0x39 else { return nil }
            seq = seq &* 10 &+ Int64(line[i] - 0x30)
            i += 1
        }
        guard i > start + 65, i < line.endIndex else { return nil }
        return (line[start..<(start + 64)], seq, line[(i + 1)...])
    }

    /// The entry of one line's fields.
    static func entry(_ parts: (hash: ArraySlice<UInt8>, seq: Int64, id: ArraySlice<UInt8>)) -> ManifestEntry {
        ManifestEntry(id: unescaped(parts.id), hash: String(decoding: parts.hash, as: UTF8.self), seq: parts.seq)
    }

    /// Whether a chunk ends after the record with this id.
    static func isBoundary(_ id: String) -> Bool {
        ((stableHash(id) ^ 0x9e37_79b9_7f4a_7c15) &* 0xff51_afd7_ed55_8ccd) >> 54 == 0
    }

    private static func appendEscaped(_ id: String, to out: inout [UInt8]) {
        for byte in id.utf8 {
            switch byte {
            case 0x0a: out += [0x5c, 0x6e]
            case 0x0d: out += [0x5c, 0x72]
            case 0x5c: out += [0x5c, 0x5c]
            default: out.append(byte)
            }
        }
    }

    private static func unescaped(_ bytes: some Collection<UInt8>) -> String {
        guard bytes.contains(0x5c) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        var escaping = false
        for byte in bytes {
            if escaping {
                out.append(byte == 0x6e ? 0x0a : byte == 0x72 ? 0x0d : byte)
                escaping = false
            } else if byte == 0x5c {
                escaping = true
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
