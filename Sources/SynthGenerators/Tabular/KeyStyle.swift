import SynthCore

/// How regenerated identifiers look: learned from the input's keys so new ones read like them.
public enum KeyStyle: Sendable, Equatable, Codable {
    /// Whole numbers continuing the input's sequence: `start`, `start + step`, ...
    case sequence(start: Int, step: Int)
    /// A fixed prefix and a number continuing the input's (`CUST-00042`); `width` pads with zeros (0: no padding).
    case prefixed(prefix: String, width: Int, start: Int, step: Int)
    /// Keys of the input's most common length, each position a literal or a character class
    /// (`a-f0-9` for hex, `A-Z0-9`, ...); unique through a permutation of the row index.
    case pattern(slots: [String], offset: UInt64)

    /// The style of `column`'s keys.
    static func learn(_ column: Column) -> KeyStyle {
        let keys: [String] =
            column.kind.isNumeric
            ? column.numbers.filter { !$0.isNaN }.map { NumberFormat.shortest($0.rounded()) } : column.levels
        let whole = keys.compactMap { Int($0) }
        if !whole.isEmpty && whole.count == keys.count {
            let numbers = whole
            let (last, step) = continuation(numbers)
            return .sequence(start: last + step, step: step)
        }
        if let first = keys.first {
            var prefix = Substring(first)
            for key in keys.dropFirst() { prefix = prefix.prefix(zip(prefix, key).prefix { $0 == $1 }.count) }
            while let last = prefix.last, last.isNumber { prefix = prefix.dropLast() }
            let tails = keys.map { $0.dropFirst(prefix.count) }
            let numbers = tails.compactMap { $0.allSatisfy(\.isASCII) ? Int($0) : nil }
            if !prefix.isEmpty && numbers.count == tails.count {
                let widths = Set(tails.map(\.count))
                let (last, step) = continuation(numbers)
                return .prefixed(prefix: String(prefix), width: widths.count == 1 ? widths.first! : 0, start: last + step, step: step)
            }
        }
        var lengths: [Int: Int] = [:]
        for key in keys { lengths[key.count, default: 0] += 1 }
        let length = lengths.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? 8
        var seen = [Set<Character>](repeating: [], count: length)
        for key in keys where key.count == length {
            for (i, ch) in key.enumerated() { seen[i].insert(ch) }
        }
        let slots = seen.map { chars -> String in
            if chars.count == 1, let ch = chars.first, !ch.isLetter, !ch.isNumber { return String(ch) }
            return classes.first { c in chars.allSatisfy { c.contains($0) } } ?? classes[classes.count - 1]
        }
        return .pattern(slots: slots, offset: stableHash(keys.count.description + length.description))
    }

    private static let classes = [
        "0123456789", "0123456789abcdef", "0123456789ABCDEF", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "0123456789abcdefghijklmnopqrstuvwxyz", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    ]

    /// The largest key and the most common step between sorted distinct keys (1 when unclear).
    private static func continuation(_ numbers: [Int]) -> (Int, Int) {
        let sorted = Array(Set(numbers)).sorted()
        var steps: [Int: Int] = [:]
        for (a, b) in zip(sorted, sorted.dropFirst()) { steps[b - a, default: 0] += 1 }
        let step = steps.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key ?? 1
        return (sorted.last ?? 0, max(step, 1))
    }

    /// Keys for rows `firstRow ..< firstRow + count`, as a column of `kind`.
    func column(name: String, kind: ColumnKind, count: Int, firstRow: Int, seed: UInt64) throws(SynthError) -> Column {
        switch self {
        case .sequence(let start, let step):
            let values = (0..<count).map { start + (firstRow + $0) * step }
            if kind.isNumeric { return Column(name: name, kind: kind, numbers: values.map(Double.init)) }
            return Column(name: name, kind: kind, strings: values.map { String($0) })
        case .prefixed(let prefix, let width, let start, let step):
            return Column(
                name: name, kind: kind,
                strings: (0..<count).map { i in
                    let digits = String(start + (firstRow + i) * step)
                    return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
                })
        case .pattern(let slots, let offset):
            // The key space is the product of the class sizes (capped at 2^62); multiplying the row
            // index by a prime that divides none of them permutes it, so keys never repeat.
            var space: UInt64 = 1
            var spanned = Set<Int>()
            for p in slots.indices.reversed() where slots[p].count > 1 {
                let (product, overflow) = space.multipliedReportingOverflow(by: UInt64(slots[p].count))
                if overflow || product > 1 << 62 { break }
                space = product
                spanned.insert(p)
            }
            guard UInt64(firstRow + count) <= space else {
                throw SynthError(
                    .invalidArgument,
                    "identifier '\(name)' has only \(space) possible keys in the input's style; \(firstRow + count) rows need more")
            }
            let alphabets = slots.map { Array($0) }
            let prime: UInt64 = 1_000_000_007
            return Column(
                name: name, kind: kind,
                strings: (0..<count).map { i in
                    let row = UInt64(firstRow + i)
                    let product = row.multipliedFullWidth(by: prime)
                    var index = (space.dividingFullWidth((product.high % space, product.low)).remainder &+ offset % space) % space
                    var random = SeededRandom(seed: SplitMix64.derive(seed, row))
                    var chars = [Character](repeating: " ", count: alphabets.count)
                    for p in alphabets.indices.reversed() {
                        let alphabet = alphabets[p]
                        if alphabet.count == 1 {
                            chars[p] = alphabet[0]
                        } else if spanned.contains(p) {
                            chars[p] = alphabet[Int(index % UInt64(alphabet.count))]
                            index /= UInt64(alphabet.count)
                        } else {
                            chars[p] = alphabet[random.below(alphabet.count)]
                        }
                    }
                    return String(chars)
                })
        }
    }
}
