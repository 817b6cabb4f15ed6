import SynthCore

/// Keyboard noise: each word gets a typo with probability `alpha` (at least one word per text): a letter replaced
/// by a neighbouring key on a QWERTY keyboard, two letters transposed, a letter dropped, or a letter doubled.
public struct TypoNoise: AugmentOperation {
    public let name = "typo"
    /// The chance that a word gets a typo.
    public var alpha: Double

    /// Makes the operation.
    public init(alpha: Double) { self.alpha = alpha }

    /// The keys around each letter key on a QWERTY keyboard.
    static let neighbours: [Character: [Character]] = {
        let rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"].map { Array($0) }
        var out: [Character: [Character]] = [:]
        for (r, row) in rows.enumerated() {
            for (c, key) in row.enumerated() {
                var near: [Character] = []
                for dr in -1...1 {
                    let other = r + dr
                    guard rows.indices.contains(other) else { continue }
                    // Rows are staggered: the row below sits half a key to the right.
                    let columns = dr == 0 ? [c - 1, c + 1] : dr < 0 ? [c, c + 1] : [c - 1, c]
                    for column in columns where rows[other].indices.contains(column) { near.append(rows[other][column]) }
                }
                out[key] = near
            }
        }
        return out
    }()

    public func augment(_ record: Record, random: inout SeededRandom) -> Record {
        RecordText.edit(record, random: &random) { text, random in
            let words = text.freeWords
            guard !words.isEmpty else { return }
            var chosen = words.filter { _ in random.chance(alpha) }
            if chosen.isEmpty { chosen = [words[random.below(words.count)]] }
            for index in chosen { text.pieces[index].text = Self.typo(in: text.pieces[index].text, random: &random) }
        }
    }

    /// One typo in `word`; always a different spelling.
    static func typo(in word: String, random: inout SeededRandom) -> String {
        var letters = Array(word)
        let swappable = letters.indices.dropLast().filter {
            letters[$0] != letters[$0 + 1] && letters[$0].isLetter && letters[$0 + 1].isLetter
        }
        switch random.below(4) {
        case 0 where !swappable.isEmpty:
            let i = swappable[random.below(swappable.count)]
            letters.swapAt(i, i + 1)
        case 1 where letters.count >= 3:
            letters.remove(at: random.below(letters.count))
        case 2:
            let i = random.below(letters.count)
            letters.insert(letters[i], at: i)
        default:
            let keyed = letters.indices.filter { neighbours[Character(letters[$0].lowercased())] != nil }
            guard !keyed.isEmpty else {
                let i = random.below(letters.count)
                letters.insert(letters[i], at: i)
                break
            }
            let i = keyed[random.below(keyed.count)]
            let near = neighbours[Character(letters[i].lowercased())]!
            let key = near[random.below(near.count)]
            letters[i] = letters[i].isUppercase ? Character(key.uppercased()) : key
        }
        return String(letters)
    }
}
