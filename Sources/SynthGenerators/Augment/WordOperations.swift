import SynthCore

/// EDA's synonym replacement: `alpha` × the number of words (at least one) are replaced by a synonym.
public struct SynonymReplacement: AugmentOperation {
    public let name = "synonym"
    /// The share of words changed.
    public var alpha: Double

    /// Makes the operation.
    public init(alpha: Double) { self.alpha = alpha }

    public func augment(_ record: Record, random: inout SeededRandom) -> Record {
        let synonyms = Lexicon.builtin.synonyms
        return RecordText.edit(record, random: &random) { text, random in
            var candidates = text.freeWords.filter { synonyms[text.pieces[$0].text.lowercased()] != nil }
            candidates.shuffle(using: &random)
            for index in candidates.prefix(edits(alpha, text.freeWords.count)) {
                let word = text.pieces[index].text
                let choices = synonyms[word.lowercased()]!
                text.pieces[index].text = choices[random.below(choices.count)].cased(like: word)
            }
        }
    }
}

/// EDA's random insertion: a synonym of a word of the text is inserted at a random place, `alpha` × the number
/// of words times (at least once).
public struct RandomInsertion: AugmentOperation {
    public let name = "insert"
    /// The share of words inserted.
    public var alpha: Double

    /// Makes the operation.
    public init(alpha: Double) { self.alpha = alpha }

    public func augment(_ record: Record, random: inout SeededRandom) -> Record {
        let synonyms = Lexicon.builtin.synonyms
        return RecordText.edit(record, random: &random) { text, random in
            // Synonyms of the text's own words, not of words inserted a moment ago.
            let sources = text.freeWords.compactMap { synonyms[text.pieces[$0].text.lowercased()] }
            guard !sources.isEmpty else { return }
            for _ in 0..<edits(alpha, text.freeWords.count) {
                let choices = sources[random.below(sources.count)]
                let word = choices[random.below(choices.count)]
                // After any word, protected spans included: a span moves but is never cut.
                let words = text.pieces.indices.filter { text.pieces[$0].kind == .word }
                let after = words[random.below(words.count)]
                text.pieces.insert(contentsOf: [.init(text: " ", kind: .space), .init(text: word, kind: .word)], at: after + 1)
            }
        }
    }
}

/// EDA's random swap: two words trade places, `alpha` × the number of words times (at least once).
public struct RandomSwap: AugmentOperation {
    public let name = "swap"
    /// The share of words swapped.
    public var alpha: Double

    /// Makes the operation.
    public init(alpha: Double) { self.alpha = alpha }

    public func augment(_ record: Record, random: inout SeededRandom) -> Record {
        RecordText.edit(record, random: &random) { text, random in
            let words = text.freeWords
            guard words.count >= 2 else { return }
            for _ in 0..<edits(alpha, words.count) {
                let a = words[random.below(words.count)]
                var b = words[random.below(words.count - 1)]
                if b == a { b = words[words.count - 1] }
                text.pieces.swapAt(a, b)
            }
        }
    }
}

/// EDA's random deletion: each word is dropped with probability `alpha`; a text keeps at least one word.
public struct RandomDeletion: AugmentOperation {
    public let name = "delete"
    /// The chance that a word is dropped.
    public var alpha: Double

    /// Makes the operation.
    public init(alpha: Double) { self.alpha = alpha }

    public func augment(_ record: Record, random: inout SeededRandom) -> Record {
        RecordText.edit(record, random: &random) { text, random in
            let words = text.freeWords
            var doomed = Set(words.filter { _ in random.chance(alpha) })
            if doomed.count == words.count, let keep = words.isEmpty ? nil : words[random.below(words.count)] { doomed.remove(keep) }
            // The space before a dropped word goes with it (the one after, for a text's first word).
            for index in doomed.sorted(by: >) {
                if index > 0, text.pieces[index - 1].kind == .space {
                    text.pieces.removeSubrange((index - 1)...index)
                } else if index + 1 < text.pieces.count, text.pieces[index + 1].kind == .space {
                    text.pieces.removeSubrange(index...(index + 1))
                } else {
                    text.pieces.remove(at: index)
                }
            }
        }
    }
}

/// How many edits a text of `words` words gets: `alpha` of them, at least one.
func edits(_ alpha: Double, _ words: Int) -> Int { max(1, Int((alpha * Double(words)).rounded())) }
