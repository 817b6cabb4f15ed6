/// English inflection helpers for generated prose.
enum Inflection {
    /// "a" or "an" for the word that follows, by its sound where the spelling misleads.
    static func article(for word: String) -> String {
        let lower = word.lowercased()
        guard let first = lower.first else { return "a" }
        let anExceptions = ["hour", "honest", "honor", "honour", "heir", "herb"]
        let aExceptions = ["uni", "use", "usu", "uti", "ure", "eu", "one", "once", "ubiq", "ukr", "uro", "ufo"]
        if anExceptions.contains(where: lower.hasPrefix) { return "an" }
        if aExceptions.contains(where: lower.hasPrefix) { return "a" }
        // Initialisms and lone capitals are read letter by letter: "an MRI", "an X-ray", "a CT scan".
        let token = word.prefix { $0.isLetter || $0.isNumber }
        if token.contains(where: \.isLetter),
            token.count == 1 ? token.first!.isUppercase : token.allSatisfy({ $0.isUppercase || $0.isNumber })
        {
            return "AEFHILMNORSX".contains(token.first!) ? "an" : "a"
        }
        if first.isNumber {
            // "an 8", "an 11", "an 18,000" (eleven/eighteen thousand), but "a 110".
            let digits = word.prefix { $0.isNumber || $0 == "," }.filter(\.isNumber)
            if digits.hasPrefix("8") { return "an" }
            if (digits.hasPrefix("11") || digits.hasPrefix("18")) && digits.count % 3 == 2 { return "an" }
            return "a"
        }
        return "aeiou".contains(first) ? "an" : "a"
    }

    /// The first letter upper-cased.
    static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// Each word's first letter upper-cased, short function words kept lower-case after the first.
    static func title(_ text: String) -> String {
        let small: Set<String> = ["a", "an", "and", "of", "the", "in", "on", "for", "to", "or", "with", "at", "by"]
        return text.split(separator: " ", omittingEmptySubsequences: false).enumerated().map { i, word in
            i > 0 && small.contains(word.lowercased()) ? String(word) : capitalized(String(word))
        }.joined(separator: " ")
    }

    /// The plural of a noun phrase (its last word inflected).
    static func plural(_ phrase: String) -> String {
        guard let space = phrase.lastIndex(of: " ") else { return pluralWord(phrase) }
        return String(phrase[...space]) + pluralWord(String(phrase[phrase.index(after: space)...]))
    }

    private static let irregular: [String: String] = [
        "child": "children", "person": "people", "man": "men", "woman": "women", "foot": "feet", "tooth": "teeth",
        "mouse": "mice", "analysis": "analyses", "diagnosis": "diagnoses", "criterion": "criteria",
        "datum": "data", "index": "indices", "series": "series", "species": "species", "fish": "fish",
    ]

    private static func pluralWord(_ word: String) -> String {
        let lower = word.lowercased()
        if let p = irregular[lower] { return word.first!.isUppercase ? capitalized(p) : p }
        if lower.hasSuffix("s") || lower.hasSuffix("x") || lower.hasSuffix("z") || lower.hasSuffix("ch")
            || lower.hasSuffix("sh")
        {
            return word + "es"
        }
        if lower.hasSuffix("y"), let before = lower.dropLast().last, !"aeiou".contains(before) {
            return word.dropLast() + "ies"
        }
        if lower.hasSuffix("fe") { return word.dropLast(2) + "ves" }
        if lower.hasSuffix("lf") || lower.hasSuffix("af") { return word.dropLast() + "ves" }
        return word + "s"
    }

    /// "1st", "2nd", "11th", "23rd".
    static func ordinal(_ n: Int) -> String {
        let tens = (n / 10) % 10
        let suffix: String
        switch (tens == 1, n % 10) {
        case (false, 1): suffix = "st"
        case (false, 2): suffix = "nd"
        case (false, 3): suffix = "rd"
        default: suffix = "th"
        }
        return String(n) + suffix
    }

    private static let ones = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ]
    private static let tensWords = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

    /// A number in words below one hundred ("forty-two"); digits beyond.
    static func spelled(_ n: Int) -> String {
        if n >= 0 && n < 20 { return ones[n] }
        if n >= 20 && n < 100 { return tensWords[n / 10] + (n % 10 == 0 ? "" : "-" + ones[n % 10]) }
        return String(n)
    }

    /// "a", "a and b", "a, b and c" (or with "or", or plain commas when `conjunction` is nil).
    static func join(_ items: [String], conjunction: String?) -> String {
        guard let conjunction else { return items.joined(separator: ", ") }
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
        }
    }
}
