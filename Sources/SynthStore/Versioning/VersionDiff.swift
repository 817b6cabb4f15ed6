import SynthCore

/// What changed between two versions, by record id.
public struct VersionDiff: Sendable {
    /// A record whose id is in both versions with different contents.
    public struct Change: Sendable, Hashable {
        /// The record's id.
        public var id: String
        /// Its hash in the first version.
        public var from: String
        /// Its hash in the second version.
        public var to: String
    }

    /// Records only in the second version, in its order.
    public var added: [ManifestEntry] = []
    /// Records only in the first version, in its order.
    public var removed: [ManifestEntry] = []
    /// Records in both with different contents, in the second version's order.
    public var changed: [Change] = []

    /// Whether the two versions hold the same records.
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }

    /// Compares two versions given as chunk lists; `chunkText` reads a chunk's text.
    ///
    /// Chunks in both are skipped unread: a record in a shared chunk is in both versions
    /// unchanged. The others are walked side by side, line by line, comparing bytes: while the
    /// ids agree (the usual case, as versions keep their records' order) nothing is allocated
    /// but for changed records. Where ids part (records inserted, removed or moved), each side's
    /// unmatched ids wait in a table until the other side meets them.
    public static func between(
        _ first: [String], _ second: [String], chunkText: (String) throws(SynthError) -> String
    ) throws(SynthError) -> VersionDiff {
        let firstSet = Set(first)
        let secondSet = Set(second)
        var old = LineCursor(
            chunks: try first.filter { !secondSet.contains($0) }.map { (h: String) throws(SynthError) in try chunkText(h) })
        var new = LineCursor(
            chunks: try second.filter { !firstSet.contains($0) }.map { (h: String) throws(SynthError) in try chunkText(h) })

        var diff = VersionDiff()
        var changedAt: [(position: Int, change: Change)] = []
        var oldWaiting: [String: (position: Int, entry: ManifestEntry)] = [:]
        var newWaiting: [String: (position: Int, entry: ManifestEntry)] = [:]
        // Settles an id found on both sides.
        func matched(_ id: String, from: String, to: String, at position: Int) {
            if from != to { changedAt.append((position, Change(id: id, from: from, to: to))) }
        }
        // Settles an old line: against a waiting new one, else it waits.
        func settleOld(_ line: ManifestEntry, _ position: Int) {
            if let other = newWaiting.removeValue(forKey: line.id) {
                matched(line.id, from: line.hash, to: other.entry.hash, at: other.position)
            } else {
                oldWaiting[line.id] = (position, line)
            }
        }
        func settleNew(_ line: ManifestEntry, _ position: Int) {
            if let other = oldWaiting.removeValue(forKey: line.id) {
                matched(line.id, from: other.entry.hash, to: line.hash, at: position)
            } else {
                newWaiting[line.id] = (position, line)
            }
        }
        var oldPosition = 0
        var newPosition = 0
        var a = try old.next()
        var b = try new.next()
        while let x = a, let y = b {
            if x.id == y.id {
                if x.hash != y.hash { changedAt.append((newPosition, Change(id: x.entry.id, from: x.entry.hash, to: y.entry.hash))) }
            } else {
                settleOld(x.entry, oldPosition)
                settleNew(y.entry, newPosition)
            }
            oldPosition += 1
            newPosition += 1
            a = try old.next()
            b = try new.next()
        }
        while let x = a {
            settleOld(x.entry, oldPosition)
            oldPosition += 1
            a = try old.next()
        }
        while let y = b {
            settleNew(y.entry, newPosition)
            newPosition += 1
            b = try new.next()
        }
        diff.changed = changedAt.sorted { $0.position < $1.position }.map(\.change)
        diff.added = newWaiting.values.sorted { $0.position < $1.position }.map(\.entry)
        diff.removed = oldWaiting.values.sorted { $0.position < $1.position }.map(\.entry)
        return diff
    }
}

/// Walks the lines of manifest chunk texts without copying them.
private struct LineCursor {
    /// One line: its id and hash bytes, and the entry they make (built only when asked).
    struct Line {
        var parts: (hash: ArraySlice<UInt8>, seq: Int64, id: ArraySlice<UInt8>)
        var id: ArraySlice<UInt8> { parts.id }
        var hash: ArraySlice<UInt8> { parts.hash }
        var entry: ManifestEntry { Manifest.entry(parts) }
    }

    private var chunks: [[UInt8]]
    private var chunk = 0
    private var offset = 0

    init(chunks: [String]) { self.chunks = chunks.map { Array($0.utf8) } }

    /// The next line, or nil at the end; a damaged line is an error.
    mutating func next() throws(SynthError) -> Line? {
        while chunk < chunks.count {
            let bytes = chunks[chunk]
            guard offset < bytes.count else {
                chunk += 1
                offset = 0
                continue
            }
            var end = offset
            while end < bytes.count && bytes[end] != 0x0a { end += 1 }
            let line = bytes[offset..<end]
            offset = end + 1
            guard let parts = Manifest.fields(of: line) else {
                throw SynthError(.store, "a manifest chunk in the store is damaged (a line without a record hash and number)")
            }
            return Line(parts: parts)
        }
        return nil
    }
}
