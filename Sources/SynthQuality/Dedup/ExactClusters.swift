import SynthCore

/// Groups records whose normalised text is identical, for reports: each cluster lists the
/// positions of its records, the first being the one a dedup stage keeps.
public struct ExactClusters: Sendable {
    private var first: [UInt64: Int] = [:]
    private var members: [Int: [Int]] = [:]

    /// No records yet.
    public init() {}

    /// Adds the record at `position` with readable text `text`.
    public mutating func add(_ text: String, at position: Int) {
        add(fingerprint: TextFingerprint.of(text), at: position)
    }

    /// Adds the record at `position` whose text has `TextFingerprint` `fingerprint` (computed elsewhere, on another core say).
    public mutating func add(fingerprint: UInt64, at position: Int) {
        if let original = first[fingerprint] {
            members[original, default: [original]].append(position)
        } else {
            first[fingerprint] = position
        }
    }

    /// Clusters of two or more identical records, ordered by their first position.
    public var clusters: [[Int]] { members.values.sorted { $0[0] < $1[0] } }

    /// Records that repeat an earlier one.
    public var duplicateCount: Int { members.values.reduce(0) { $0 + $1.count - 1 } }
}
