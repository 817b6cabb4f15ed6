/// A set of well-mixed 64-bit hashes in one flat table with linear probing: 8 bytes a slot and
/// between 0.35 and 0.7 of the slots used, so a hundred million hashes take 1–2 GB, where a
/// `Set<UInt64>` would take several times more.
///
/// The slot is taken from the hash's low bits, so the hashes must already be mixed. The value 0
/// marks an empty slot: a hash of 0 is stored as 1, which merges two of 2^64 values.
struct HashSet64: Sendable {
    private var slots: [UInt64]
    /// The number of distinct hashes held.
    private(set) var count = 0

    /// An empty set with room for `capacity` hashes before it grows.
    init(capacity: Int = 0) {
        slots = [UInt64](repeating: 0, count: Self.slotCount(for: capacity))
    }

    /// The bytes the table takes.
    var byteCount: Int { slots.count * MemoryLayout<UInt64>.stride }

    /// Adds `hash`.
    mutating func insert(_ hash: UInt64) { insert(contentsOf: CollectionOfOne(hash)) }

    /// Adds each of `hashes`.
    mutating func insert(contentsOf hashes: some Collection<UInt64>) {
        if (count + hashes.count) * 10 > slots.count * 7 { rehash(into: max(slots.count * 2, Self.slotCount(for: count + hashes.count))) }
        var added = 0
        slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            for hash in hashes {
                let key = hash == 0 ? 1 : hash
                var slot = Int(truncatingIfNeeded: key) & mask
                while true {
                    let held = slots[slot]
                    if held == key { break }
                    if held == 0 {
                        slots[slot] = key
                        added += 1
                        break
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
        count += added
    }

    /// True when `hash` was added.
    func contains(_ hash: UInt64) -> Bool {
        let key = hash == 0 ? 1 : hash
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: key) & mask
        while true {
            let held = slots[slot]
            if held == key { return true }
            if held == 0 { return false }
            slot = (slot + 1) & mask
        }
    }

    private mutating func rehash(into slotCount: Int) {
        let old = slots
        slots = [UInt64](repeating: 0, count: slotCount)
        let mask = slotCount - 1
        for key in old where key != 0 {
            var slot = Int(truncatingIfNeeded: key) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = key
        }
    }

    /// The power of two that holds `capacity` hashes at most 0.7 full (at least 16).
    private static func slotCount(for capacity: Int) -> Int {
        var slots = 16
        while capacity * 10 > slots * 7 { slots *= 2 }
        return slots
    }
}
