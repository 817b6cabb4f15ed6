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

    /// Compares two versions given as chunk lists. Chunks in both are skipped unread (a record
    /// in a shared chunk is in both versions unchanged); `entries` reads each of the others once.
    public static func between(
        _ first: [String], _ second: [String], entries: (String) throws(SynthError) -> [ManifestEntry]
    ) throws(SynthError) -> VersionDiff {
        let firstSet = Set(first)
        let secondSet = Set(second)
        var old: [ManifestEntry] = []
        for chunk in first where !secondSet.contains(chunk) { old += try entries(chunk) }
        var oldHash: [String: String] = [:]
        oldHash.reserveCapacity(old.count)
        for entry in old { oldHash[entry.id] = entry.hash }
        var diff = VersionDiff()
        var matched = Set<String>()
        for chunk in second where !firstSet.contains(chunk) {
            for entry in try entries(chunk) {
                if let previous = oldHash[entry.id] {
                    matched.insert(entry.id)
                    if previous != entry.hash { diff.changed.append(Change(id: entry.id, from: previous, to: entry.hash)) }
                } else {
                    diff.added.append(entry)
                }
            }
        }
        diff.removed = old.filter { !matched.contains($0.id) }
        return diff
    }
}
