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
    /// Every finding in `text`, in order.
    public static func scan(_ text: String) -> [ToxicityFinding] {
        let words = TextNormalizer.words(text)
        var findings: [ToxicityFinding] = []
        for (i, word) in words.enumerated() {
            let w = word.text
            if Lexicons.insult.contains(w) { findings.append(.init(category: .insult, term: w, start: word.start, end: word.end)) }
            if Lexicons.obscenity.contains(w) { findings.append(.init(category: .obscenity, term: w, start: word.start, end: word.end)) }
            if Lexicons.sexual.contains(w) { findings.append(.init(category: .sexual, term: w, start: word.start, end: word.end)) }
            for phrase in Lexicons.threatsByFirstWord[w] ?? [] where i + phrase.count <= words.count {
                if zip(phrase, words[i..<(i + phrase.count)]).allSatisfy({ $0 == $1.text }) {
                    findings.append(
                        .init(
                            category: .threat, term: phrase.joined(separator: " "), start: word.start, end: words[i + phrase.count - 1].end)
                    )
                }
            }
            // An identity term within five words of an insult or a dehumanising word.
            if Lexicons.groups.contains(where: { $0.terms.contains(w) })
                && !Lexicons.groups[0...1].contains(where: { $0.terms.contains(w) })
            {
                let window = words[max(0, i - 5)..<min(words.count, i + 6)]
                if let hit = window.first(where: { Lexicons.dehumanising.contains($0.text) || Lexicons.insult.contains($0.text) }) {
                    findings.append(
                        .init(
                            category: .identityAttack, term: "\(w) … \(hit.text)", start: min(word.start, hit.start),
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
