import SynthCore

/// Realistic fakes for personal data, derived from a salted stable hash of the normalised value,
/// so every worker maps the same value to the same fake without sharing state.
enum Surrogates {
    /// The value as compared for consistency: digits only for numeric identifiers, lowercased otherwise,
    /// so `(555) 123-4567` and `555-123-4567` get the same fake digits.
    static func normalised(_ match: PIIMatch) -> String {
        switch match.type {
        case .phone, .ssn, .creditCard: return String(match.text.filter(\.isNumber))
        default: return String(match.text.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "@" || $0 == "." || $0 == ":" })
        }
    }

    static func seed(_ match: PIIMatch, salt: String) -> UInt64 {
        seed(match.type, normalised(match), salt: salt)
    }

    static func seed(_ type: PIIType, _ value: String, salt: String) -> UInt64 {
        SplitMix64.derive(stableHash(salt), stableHash(type.rawValue), stableHash(value))
    }

    static func fake(for match: PIIMatch, salt: String) -> String {
        var rng = SeededRandom(seed: seed(match, salt: salt))
        switch match.type {
        case .email:
            let given = NameLists.given[rng.below(NameLists.given.count)].lowercased()
            let surname = NameLists.surnames[rng.below(NameLists.surnames.count)].lowercased().filter(\.isLetter)
            let domains = ["example.com", "example.org", "example.net"]
            return "\(given).\(surname)\(rng.int(in: 1, 99))@\(domains[rng.below(domains.count)])"
        case .person:
            return person(match.text, salt: salt)
        case .creditCard:
            return creditCard(match.text, rng: &rng)
        case .iban:
            return iban(match.text, rng: &rng)
        case .ssn:
            let area = [rng.int(in: 1, 665), rng.int(in: 667, 899)][rng.below(2)]
            let digits = pad(area, 3) + pad(rng.int(in: 1, 99), 2) + pad(rng.int(in: 1, 9999), 4)
            return refill(match.text, digits: Array(digits))
        case .ipv4:
            let nets = ["192.0.2", "198.51.100", "203.0.113"]  // RFC 5737 documentation ranges
            return "\(nets[rng.below(nets.count)]).\(rng.int(in: 1, 254))"
        case .ipv6:
            return "2001:db8::\(String(rng.int(in: 1, 0xffff), radix: 16)):\(String(rng.int(in: 1, 0xffff), radix: 16))"
        case .dateOfBirth:
            return date(match.text, rng: &rng)
        case .phone:
            return phone(match.text, rng: &rng)
        case .streetAddress, .mrn, .passport, .driverLicense:
            return sameClasses(match.text, keepWords: match.type == .streetAddress, rng: &rng)
        }
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// `text` with its digits replaced, in order, by `digits`.
    private static func refill(_ text: String, digits: [Character]) -> String {
        var k = 0
        return String(
            text.map { c in
                guard c.isNumber, k < digits.count else { return c }
                defer { k += 1 }
                return digits[k]
            })
    }

    /// Each name word mapped on its own, so "John Smith" and "Mr. Smith" keep the same surname.
    private static func person(_ text: String, salt: String) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        return words.enumerated().map { k, word -> String in
            let bare = word.filter(\.isLetter)
            if bare.count <= 1 { return String(word) }
            var rng = SeededRandom(seed: seed(.person, bare.lowercased(), salt: salt))
            let useGiven = NameLists.givenSet.contains(bare) || (k == 0 && words.count > 1 && !NameLists.surnameSet.contains(bare))
            let list = useGiven ? NameLists.given : NameLists.surnames
            return list[rng.below(list.count)]
        }.joined(separator: " ")
    }

    private static func creditCard(_ text: String, rng: inout SeededRandom) -> String {
        let original = text.compactMap(\.wholeNumberValue)
        var digits = [original[0]]
        while digits.count < original.count - 1 { digits.append(rng.below(10)) }
        if original[0] == 5 { digits[1] = rng.int(in: 1, 5) }
        if original[0] == 3 { digits[1] = original[1] }
        if original[0] == 2 { digits = [2, 2, 2, 1] + digits.dropFirst(4) }
        digits.append(Checksums.luhnCheckDigit(digits))
        return refill(text, digits: digits.map { Character(String($0)) })
    }

    private static func iban(_ text: String, rng: inout SeededRandom) -> String {
        let compact = Array(text.uppercased().unicodeScalars.filter { $0 != " " })
        let country = String(String.UnicodeScalarView(compact[0..<2]))
        let bban: [Unicode.Scalar] = compact[4...].map { s in
            ScanText.isDigit(s) ? Unicode.Scalar(48 + UInt32(rng.below(10)))! : Unicode.Scalar(65 + UInt32(rng.below(26)))!
        }
        let check = Checksums.ibanCheckDigits(country: country, bban: bban)
        let fresh = Array((country + check).unicodeScalars) + bban
        // Keep the original spacing.
        var k = 0
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if s == " " {
                out.append(s)
            } else if k < fresh.count {
                out.append(fresh[k])
                k += 1
            }
        }
        return String(out)
    }

    private static func phone(_ text: String, rng: inout SeededRandom) -> String {
        // Keep the country code after "+", then draw the rest, starting with a non-zero digit.
        let scalars = Array(text)
        var out = ""
        var inCountryCode = text.hasPrefix("+")
        var first = true
        for c in scalars {
            if c.isNumber && !inCountryCode {
                out.append(first ? Character(String(rng.int(in: 2, 9))) : Character(String(rng.below(10))))
                first = false
            } else {
                if !c.isNumber && c != "+" { inCountryCode = false }
                out.append(c)
            }
        }
        return out
    }

    private static func date(_ text: String, rng: inout SeededRandom) -> String {
        // Months become other months, days 1–12 (valid whichever order), years shift by up to ten.
        var out = ""
        var rest = Substring(text)
        while let c = rest.first {
            if c.isNumber {
                let run = rest.prefix { $0.isNumber }
                rest = rest.dropFirst(run.count)
                if run.count == 4, let year = Int(run) {
                    out += String(year + rng.int(in: -10, 10))
                } else {
                    out += run.count == 2 ? pad(rng.int(in: 1, 12), 2) : String(rng.int(in: 1, 12))
                }
            } else if c.isLetter {
                let run = rest.prefix { $0.isLetter }
                rest = rest.dropFirst(run.count)
                if let m = ContextDetectors.months.firstIndex(where: { $0.hasPrefix(run.lowercased()) && run.count >= 3 }) {
                    let name = ContextDetectors.months[(m + rng.int(in: 1, 11)) % 12]
                    let fresh = run.count == 3 ? String(name.prefix(3)) : name
                    out += fresh.prefix(1).uppercased() + fresh.dropFirst()
                } else {
                    out += run
                }
            } else {
                out.append(c)
                rest = rest.dropFirst()
            }
        }
        return out
    }

    /// Letters for letters and digits for digits; with `keepWords`, whole words are kept (street suffixes)
    /// except the street name, drawn from a list.
    private static func sameClasses(_ text: String, keepWords: Bool, rng: inout SeededRandom) -> String {
        if keepWords {
            let streets = ["Maple", "Oak", "Cedar", "Willow", "Elm", "Birch", "Lakeview", "Hillcrest", "Sunset", "Park", "Ridge", "Mill"]
            var words = text.split(separator: " ").map(String.init)
            words[0] = String(words[0].map { $0.isNumber ? Character(String(rng.int(in: 1, 9))) : $0 })
            if words.count > 2 { words[1] = streets[rng.below(streets.count)] }
            return words.joined(separator: " ")
        }
        return String(
            text.map { c -> Character in
                if c.isNumber { return Character(String(rng.below(10))) }
                if c.isUppercase { return Character(Unicode.Scalar(65 + UInt8(rng.below(26)))) }
                if c.isLetter { return Character(Unicode.Scalar(97 + UInt8(rng.below(26)))) }
                return c
            })
    }
}
