import SynthCore

/// Replaces names of people, cities, countries and companies with others of the same kind, the same way
/// throughout a record, so a conversation or a QA pair stays consistent; NER spans and QA answers are renamed
/// inside too and their offsets follow. Names come from the built-in engine's `people` and `places` packs.
public struct EntitySwap: AugmentOperation {
    public let name = "entity-swap"

    /// Makes the operation.
    public init() {}

    public func augment(_ record: Record, random: inout SeededRandom) -> Record {
        let lexicon = Lexicon.builtin
        var renames: [String: String] = [:]
        func rename(_ word: String, _ random: inout SeededRandom) -> String {
            guard let kind = lexicon.classOfName[word] else { return word }
            if let done = renames[word] { return done }
            let names = lexicon.nameClasses[kind]
            guard names.count > 1 else { return word }
            var other = names[random.below(names.count - 1)]
            if other == word { other = names[names.count - 1] }
            renames[word] = other
            return other
        }
        return RecordText.edit(record, random: &random) { text, random in
            for index in text.pieces.indices where text.pieces[index].kind == .word {
                guard text.pieces[index].anchor != nil else {
                    text.pieces[index].text = rename(text.pieces[index].text, &random)
                    continue
                }
                // A protected span (an entity, an answer) may hold several words: rename each.
                var inner = TextPieces.cut(ArraySlice(text.pieces[index].text.unicodeScalars))
                for k in inner.indices where inner[k].kind == .word { inner[k].text = rename(inner[k].text, &random) }
                text.pieces[index].text = inner.map(\.text).joined()
            }
        }
    }
}
