/// Gives each distinct byte string a small integer id (1, 2, 3, …), so metrics compare and count
/// integers instead of strings. Ids are exact: equal ids mean equal bytes.
struct TokenInterner {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    private var hashes: [UInt64] = []
    // Open addressing: each slot holds an id, or 0 when empty.
    private var slots = [UInt32](repeating: 0, count: 1024)

    /// The number of distinct tokens seen.
    var count: Int { ends.count }

    /// The id of the token `token`, adding it if new. Ids start at 1 so 0 can mean "no token".
    mutating func id(of token: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in token { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 29
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let id = slots[slot]
            if id == 0 { break }
            if hashes[Int(id) - 1] == h && matches(Int(id) - 1, token) { return id }
            slot = (slot + 1) & mask
        }
        bytes.append(contentsOf: token)
        ends.append(bytes.count)
        hashes.append(h)
        let id = UInt32(ends.count)
        slots[slot] = id
        if ends.count * 2 > slots.count { grow() }
        return id
    }

    private func matches(_ index: Int, _ token: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = index == 0 ? 0 : ends[index - 1]
        guard ends[index] - start == token.count else { return false }
        var i = start
        for byte in token {
            if bytes[i] != byte { return false }
            i += 1
        }
        return true
    }

    private mutating func grow() {
        slots = [UInt32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for index in 0..<hashes.count {
            var slot = Int(truncatingIfNeeded: hashes[index]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(index + 1)
        }
    }
}
