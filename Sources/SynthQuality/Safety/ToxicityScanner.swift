/// A category of toxic language.
public enum ToxicityCategory: String, Sendable, CaseIterable, Comparable {
    case insult, threat, obscenity
    case identityAttack = "identity_attack"
    case sexual

    /// How much one finding adds to a text's score.
    var weight: Double {
        switch self {
        case .threat: return 0.9
        case .identityAttack: return 0.8
        case .insult, .sexual: return 0.5
        case .obscenity: return 0.35
        }
    }

    public static func < (a: ToxicityCategory, b: ToxicityCategory) -> Bool { a.rawValue < b.rawValue }
}

/// One toxic word or phrase found in a text.
public struct ToxicityFinding: Sendable, Equatable {
    /// Its category.
    public var category: ToxicityCategory
    /// The normalised word or phrase that matched.
    public var term: String
    /// Where it is in the text, in Unicode scalars.
    public var start: Int
    /// Where it ends.
    public var end: Int
}

/// Finds toxic language with a category lexicon, matching whole normalised words.
///
/// The score of a text is `1 − Π(1 − weight)` over its findings (threat 0.9, identity attack 0.8,
/// insult and sexual 0.5, obscenity 0.35): one obscenity scores 0.35, two insults 0.75, any
/// threat at least 0.9.
public enum ToxicityScanner {
    /// The categories found by a word alone, in the order findings list them.
    private static let listed: [(LexiconTable.Categories, ToxicityCategory)] = [
        (.insult, .insult), (.obscenity, .obscenity), (.sexual, .sexual),
    ]

    /// Every finding in `text`, in order.
    public static func scan(_ text: String) -> [ToxicityFinding] { scan(LexiconWords(text)) }

    /// Every finding in a text whose words are already looked up, in order.
    public static func scan(_ text: LexiconWords) -> [ToxicityFinding] {
        let table = LexiconWords.table
        let words = text.words
        var findings: [ToxicityFinding] = []
        for (i, word) in words.enumerated() where word.entry >= 0 {
            let entry = table.entries[word.entry]
            let w = entry.text
            for (list, category) in listed where entry.categories.contains(list) {
                findings.append(.init(category: category, term: w, start: word.start, end: word.end))
            }
            for p in entry.threats where i + table.threats[p].count <= words.count {
                let phrase = table.threats[p]
                if phrase.indices.allSatisfy({ words[i + $0].entry == phrase[$0] }) {
                    findings.append(
                        .init(
                            category: .threat, term: Lexicons.threats[p].joined(separator: " "), start: word.start,
                            end: words[i + phrase.count - 1].end))
                }
            }
            // An identity term (not a gender word) within five words of an insult or a dehumanising word.
            if entry.group >= 2 {
                let window = words[max(0, i - 5)..<min(words.count, i + 6)]
                let hit = window.first {
                    $0.entry >= 0 && !table.entries[$0.entry].categories.isDisjoint(with: [.dehumanising, .insult])
                }
                if let hit {
                    findings.append(
                        .init(
                            category: .identityAttack, term: "\(w) … \(table.entries[hit.entry].text)", start: min(word.start, hit.start),
                            end: max(word.end, hit.end)))
                }
            }
        }
        return findings
    }

    /// The score of a text with `findings`, 0…1.
    public static func score(_ findings: [ToxicityFinding]) -> Double {
        1 - findings.reduce(1.0) { $0 * (1 - $1.category.weight) }
    }
}
