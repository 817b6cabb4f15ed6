import SynthCore

/// The composite quality score of one record: 1 for well-formed, varied, clean text, lower for
/// each defect found.
///
/// `score = completeness × length × repetition × characters × (1 − toxicity)`, each factor in 0…1:
/// - **completeness**: the share of the shape's text parts (fields, or messages of a conversation)
///   that are not empty;
/// - **length**: `min(1, words / 5)`, so texts of five words or more are not penalised;
/// - **repetition**: from `u`, the share of word 3-grams that are distinct in the most repetitive
///   text part: `clamp((u − 0.25) / 0.25)`, 1 when at most half of the 3-grams repeat (templated prose,
///   code and logs stay below that), 0 when 75% do, as in a model stuck in a loop (parts under
///   four words count as 1);
/// - **characters**: from `g`, the share of Unicode scalars that are replacement characters
///   (U+FFFD), control characters other than tab and newline, or private-use scalars:
///   `clamp(1 − 10·g)`, 0 once a tenth of the text is garbled;
/// - **toxicity**: the toxicity stage's score (0 when it found nothing or did not run).
///
/// A product, not a mean, so one bad factor cannot hide behind good ones.
public struct QualityScore: Sendable, Equatable {
    /// The score, 0…1.
    public var value: Double
    /// Each factor below 1, with why, in the formula's order.
    public var issues: [String]

    /// Words below which a text counts as short.
    public static let minimumWords = 5

    /// Scores `record`'s text; `toxicity` is its toxicity score, if measured.
    public init(of record: Record, toxicity: Double = 0) {
        var factors: [(Double, String)] = []
        var parts = Self.textParts(of: record)
        let empty = parts.filter { $0.text.unicodeScalars.allSatisfy(\.properties.isWhitespace) }
        if !parts.isEmpty, !empty.isEmpty {
            let names = empty.prefix(3).map { part in part.message.map { "\(part.field)[\($0)]" } ?? part.field }
            factors.append((Double(parts.count - empty.count) / Double(parts.count), "empty: \(names.joined(separator: ", "))"))
        }
        if parts.isEmpty { parts = [("text", nil, record.readableText)] }
        // One pass per part: word count, the part's distinct share of word 3-grams, garbled scalars.
        // Repetition is measured per part: a preference pair or a QA answer repeats other parts by design.
        var words = 0
        var distinct = 1.0
        var garbled = 0
        var scalars = 0
        var hashes: [UInt64] = []
        var trigrams: [UInt64] = []
        for part in parts {
            hashes.removeAll(keepingCapacity: true)
            WordTokens.forEachHash(in: part.text) { hashes.append($0) }
            words += hashes.count
            if hashes.count >= 4 {
                trigrams.removeAll(keepingCapacity: true)
                for i in 2..<hashes.count { trigrams.append((hashes[i - 2] &* 31 &+ hashes[i - 1]) &* 31 &+ hashes[i]) }
                trigrams.sort()
                var unique = 1
                for i in 1..<trigrams.count where trigrams[i] != trigrams[i - 1] { unique += 1 }
                distinct = min(distinct, Double(unique) / Double(trigrams.count))
            }
            for s in part.text.unicodeScalars {
                scalars += 1
                let v = s.value
                if v == 0xFFFD || (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || (v >= 0x7F && v < 0xA0)
                    || (v >= 0xE000 && v <= 0xF8FF) || v >= 0xF0000
                {
                    garbled += 1
                }
            }
        }
        if words < Self.minimumWords {
            factors.append((Double(words) / Double(Self.minimumWords), "short: \(words) words"))
        }
        let repetition = Self.clamp((distinct - 0.25) / 0.25)
        if repetition < 1 { factors.append((repetition, "repetitive: \(Self.percent(1 - distinct)) of word 3-grams repeat")) }
        if garbled > 0 {
            let share = Double(garbled) / Double(scalars)
            factors.append((Self.clamp(1 - 10 * share), "garbled: \(Self.percent(share)) of characters"))
        }
        if toxicity > 0 { factors.append((1 - min(1, toxicity), "toxic: \(NumberFormat.fixed(toxicity, decimals: 2))")) }
        value = factors.reduce(1.0) { $0 * $1.0 }
        issues = factors.map(\.1)
    }

    /// The score rounded to three decimals, as stored in provenance and reports.
    public var rounded: Double { (value * 1000).rounded() / 1000 }

    /// The text parts of a record: each text field, or each message of a conversation.
    static func textParts(of record: Record) -> [(field: String, message: Int?, text: String)] {
        var parts: [(field: String, message: Int?, text: String)] = []
        for name in record.shape.textFields {
            // An instruction's input is optional by design.
            if record.shape == .instruction && name == "input" { continue }
            guard let value = record.fields[name] else {
                parts.append((name, nil, ""))
                continue
            }
            if let messages = value.arrayValue {
                for (k, m) in messages.enumerated() { parts.append((name, k, m.objectValue?["content"]?.stringValue ?? "")) }
            } else {
                parts.append((name, nil, value.stringValue ?? value.text))
            }
        }
        return parts
    }

    private static func clamp(_ x: Double) -> Double { min(1, max(0, x)) }
    private static func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }
}
