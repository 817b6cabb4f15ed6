/// Signatures in LSH buckets: finds the earlier signatures that share a band with a new one.
///
/// Holds one signature and one bucket link per band for each signature added, never text. Each
/// bucket is a chain through `previous`, so the table needs no array per bucket.
struct BandIndex: Sendable {
    let banding: LSHBanding
    let permutations: Int
    /// The signatures added, one after another.
    private var signatures: [UInt32] = []
    /// The newest entry (`item · bands + band`) in each bucket.
    private var newest: [UInt64: Int32] = [:]
    /// For each entry, the next older entry in its bucket, or −1.
    private var previous: [Int32] = []

    init(banding: LSHBanding, permutations: Int, expected: Int = 0) {
        self.banding = banding
        self.permutations = permutations
        signatures.reserveCapacity(expected * permutations)
        newest.reserveCapacity(expected * banding.bands)
        previous.reserveCapacity(expected * banding.bands)
    }

    /// The number of signatures added.
    var count: Int { signatures.count / permutations }

    /// The band keys of `signature`.
    func keys(of signature: MinHashSignature) -> [UInt64] {
        signature.values.withUnsafeBufferPointer { banding.keys(of: $0) }
    }

    /// The items that share at least one band key with `keys`, ascending.
    func candidates(of keys: [UInt64]) -> [Int] {
        var found: [Int] = []
        for key in keys {
            var entry = newest[key] ?? -1
            while entry >= 0 {
                found.append(Int(entry) / banding.bands)
                entry = previous[Int(entry)]
            }
        }
        if found.count < 2 { return found }
        found.sort()
        var unique: [Int] = [found[0]]
        for item in found.dropFirst() where item != unique[unique.count - 1] { unique.append(item) }
        return unique
    }

    /// The estimated Jaccard index of `signature` and item `item`.
    func estimatedJaccard(_ signature: MinHashSignature, item: Int) -> Double {
        signature.values.withUnsafeBufferPointer { a in
            signatures.withUnsafeBufferPointer { all in
                MinHashSignature.agreement(a, UnsafeBufferPointer(rebasing: all[(item * permutations)..<((item + 1) * permutations)]))
            }
        }
    }

    /// Adds `signature`, whose band keys are `keys`, as the next item.
    mutating func insert(_ signature: MinHashSignature, keys: [UInt64]) {
        let item = count
        signatures.append(contentsOf: signature.values)
        for (band, key) in keys.enumerated() {
            let entry = Int32(item * banding.bands + band)
            previous.append(newest.updateValue(entry, forKey: key) ?? -1)
        }
    }
}
