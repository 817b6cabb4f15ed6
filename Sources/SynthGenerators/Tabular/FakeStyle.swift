import Foundation
import SynthCore

/// How a text or personal-data column is refilled: realistic fakes of its kind, never an input value.
///
/// Fakes come from SynthForge's own lists (names, streets, words) and from ranges set aside for
/// fiction: emails at the reserved `example.com`/`.org`/`.net` domains, phone numbers in the
/// `555-01xx` block, SSNs in the never-issued 9xx area. An input value a fake could coincide with
/// (one built from the same lists or ranges) is kept only as a salted hash, and a fake with that
/// hash is drawn again, so no fake ever equals an input value.
public struct FakeStyle: Sendable, Equatable, Codable {
    /// The personal data kind (`name`, `email`, `phone`, `address`, `ssn`), or nil for free text.
    public var pii: String?
    /// The share of rows left empty, as in the input.
    public var missing: Double
    /// A phone number's layout from the input, with `#` for digits (`(###) ###-####`).
    public var layout: String?
    /// Free text: the input's mean number of words.
    public var words: Int
    /// Email fakes carry the row number so none repeats (the unique constraint).
    public var unique: Bool
    /// Salted hashes of the input values a fake could have coincided with.
    public var excluded: [UInt64]

    /// The style of `column` (a text column), hashing with `salt`.
    static func learn(_ column: Column, salt: UInt64, unique: Bool) -> FakeStyle {
        let values = column.codes.compactMap { $0 < 0 ? nil : column.levels[Int($0)] }
        let pii = column.pii
        var layout: String?
        if pii == "phone", let first = values.first {
            layout = String(first.map { $0.isNumber ? "#" : $0 })
        }
        let words =
            values.isEmpty ? 8 : max(1, values.prefix(1000).reduce(0) { $0 + $1.split(separator: " ").count } / min(values.count, 1000))
        let saltText = String(SplitMix64.derive(salt, 0x6661_6B65))
        let excluded = Set(column.levels.filter { couldBeFake($0, pii: pii) }.map { stableHash(saltText + $0) }).sorted()
        return FakeStyle(pii: pii, missing: column.missingShare, layout: layout, words: words, unique: unique, excluded: excluded)
    }

    /// True when a fake of kind `pii` could equal `value` (it is built from the same lists or ranges).
    static func couldBeFake(_ value: String, pii: String?) -> Bool {
        let lower = value.lowercased()
        switch pii {
        case "email": return lower.hasSuffix("@example.com") || lower.hasSuffix("@example.org") || lower.hasSuffix("@example.net")
        case "phone": return value.filter(\.isNumber).contains("55501")
        case "ssn": return value.first == "9"
        case "name":
            let parts = value.split(separator: " ")
            return parts.count == 2 && firstNames.contains(String(parts[0])) && lastNames.contains(String(parts[1]))
        case "address": return streets.contains { value.contains($0) }
        default:
            return value.split(separator: " ").allSatisfy {
                vocabulary.contains($0.lowercased().trimmingCharacters(in: .punctuationCharacters))
            }
        }
    }

    /// Fakes for rows `firstRow ..< firstRow + count`; row `i` depends only on `seed` and `firstRow + i`.
    func column(name: String, count: Int, firstRow: Int, seed: UInt64, salt: UInt64) -> Column {
        let saltText = String(SplitMix64.derive(salt, 0x6661_6B65))
        let excluded = Set(self.excluded)
        let strings = (0..<count).map { i -> String? in
            let row = firstRow + i
            var random = SeededRandom(seed: SplitMix64.derive(seed, UInt64(row)))
            if random.chance(missing) { return nil }
            while true {
                let fake = make(row: row, random: &random)
                if !excluded.contains(stableHash(saltText + fake)) { return fake }
            }
        }
        return Column(name: name, kind: .text, strings: strings)
    }

    private func make(row: Int, random: inout SeededRandom) -> String {
        let first = Self.firstNames[random.below(Self.firstNames.count)]
        let last = Self.lastNames[random.below(Self.lastNames.count)]
        switch pii {
        case "name":
            return first + " " + last
        case "email":
            let tag = unique ? String(row) : String(random.int(in: 1, 99))
            return "\(first.lowercased()).\(last.lowercased())\(tag)@example.\(["com", "org", "net"][random.below(3)])"
        case "phone":
            // Area code, then the 555-01xx block set aside for fiction; a shorter layout keeps its tail.
            let digits = String(random.int(in: 200, 999)) + "55501" + String(format2(random.below(100)))
            let layout = self.layout ?? "(###) ###-####"
            let slots = layout.filter { $0 == "#" }.count
            var source = Array(digits.suffix(slots))
            while source.count < slots { source.insert(Character(String(random.below(10))), at: 0) }
            var out = ""
            var next = 0
            for ch in layout {
                if ch == "#" {
                    out.append(source[next])
                    next += 1
                } else {
                    out.append(ch)
                }
            }
            return out
        case "ssn":
            return
                "9\(format2(random.below(100)))-\(format2(random.int(in: 1, 99)))-\(format2(random.below(100)))\(format2(random.below(100)))"
        case "address":
            let types = ["Street", "Avenue", "Road", "Lane", "Drive", "Court"]
            return "\(random.int(in: 1, 9999)) \(Self.streets[random.below(Self.streets.count)]) \(types[random.below(types.count)])"
        default:
            var words = (0..<max(1, words + random.int(in: -1, 1))).map { _ in Self.vocabulary[random.below(Self.vocabulary.count)] }
            words[0] = words[0].prefix(1).uppercased() + words[0].dropFirst()
            return words.joined(separator: " ") + "."
        }
    }

    private func format2(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    static let firstNames = [
        "Alice", "Bruno", "Chiara", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Keiko", "Liam", "Maya", "Nikhil", "Olga",
        "Pablo", "Quinn", "Rosa", "Samir", "Tara", "Umar", "Vera", "Wen", "Ximena", "Yusuf", "Zoe", "Amara", "Bjorn", "Camila", "Darius",
    ]
    static let lastNames = [
        "Abara", "Bellweather", "Castellano", "Draskovic", "Eklund", "Fontaine", "Grimaldi", "Halvorsen", "Iwasaki", "Jablonski",
        "Kowalczyk",
        "Lindqvist", "Marchetti", "Nakamura", "Okonkwo", "Petrova", "Quintero", "Rasmussen", "Santoro", "Thorsen", "Ulrich", "Vasquez",
        "Whitfield", "Xiong", "Yamamoto", "Zielinski",
    ]
    static let streets = [
        "Maple", "Cedar", "Willow", "Harbor", "Juniper", "Orchard", "Lantern", "Meadow", "Quarry", "Sparrow", "Thistle", "Beacon",
    ]
    static let vocabulary = [
        "the", "a", "report", "service", "was", "quick", "order", "arrived", "late", "team", "helpful", "product", "quality", "good",
        "price", "fair", "support", "answered", "question", "again", "would", "recommend", "delivery", "package", "clear", "update",
    ]
}
