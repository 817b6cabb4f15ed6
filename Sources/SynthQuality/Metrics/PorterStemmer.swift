/// The Porter stemmer as NLTK's `PorterStemmer()` runs it (its default `NLTK_EXTENSIONS` mode), which
/// rouge-score uses with `use_stemmer=True`. Works on lower-case ASCII bytes.
struct PorterStemmer {
    private static let irregular: [[UInt8]: [UInt8]] = {
        let forms: [(String, [String])] = [
            ("sky", ["sky", "skies"]), ("die", ["dying"]), ("lie", ["lying"]), ("tie", ["tying"]), ("news", ["news"]),
            ("inning", ["innings", "inning"]), ("outing", ["outings", "outing"]), ("canning", ["cannings", "canning"]),
            ("howe", ["howe"]), ("proceed", ["proceed"]), ("exceed", ["exceed"]), ("succeed", ["succeed"]),
        ]
        var pool: [[UInt8]: [UInt8]] = [:]
        for (stem, words) in forms { for word in words { pool[Array(word.utf8)] = Array(stem.utf8) } }
        return pool
    }()

    /// A rule: replace `suffix` by `replacement` when `condition` holds for what precedes the suffix.
    private typealias Rule = (suffix: [UInt8], replacement: [UInt8], condition: ([UInt8]) -> Bool)

    /// The stem of `word`.
    static func stem(_ word: [UInt8]) -> [UInt8] {
        if let irregular = irregular[word] { return irregular }
        if word.count <= 2 { return word }
        var w = step1a(word)
        w = step1b(w)
        w = step1c(w)
        w = step2(w)
        w = step3(w)
        w = step4(w)
        w = step5a(w)
        return step5b(w)
    }

    // MARK: Letters and measure

    private static func isVowel(_ c: UInt8) -> Bool { c == 0x61 || c == 0x65 || c == 0x69 || c == 0x6F || c == 0x75 }

    /// Consonant flags: a letter other than a, e, i, o, u, and other than a y after a consonant.
    private static func consonants(_ w: ArraySlice<UInt8>) -> [Bool] {
        var flags: [Bool] = []
        flags.reserveCapacity(w.count)
        for (i, c) in w.enumerated() {
            if isVowel(c) {
                flags.append(false)
            } else if c == 0x79 {
                flags.append(i == 0 ? true : !flags[i - 1])
            } else {
                flags.append(true)
            }
        }
        return flags
    }

    private static func isConsonant(_ w: [UInt8], _ i: Int) -> Bool { consonants(w[...i])[i] }

    /// The number of vowel-consonant sequences: m in [C](VC)^m[V].
    private static func measure(_ w: [UInt8]) -> Int {
        let flags = consonants(w[...])
        var m = 0
        for i in flags.indices.dropFirst() where !flags[i - 1] && flags[i] { m += 1 }
        return m
    }

    private static func positiveMeasure(_ w: [UInt8]) -> Bool { measure(w) > 0 }
    private static func measureAboveOne(_ w: [UInt8]) -> Bool { measure(w) > 1 }
    private static func containsVowel(_ w: [UInt8]) -> Bool { consonants(w[...]).contains(false) }

    private static func endsDoubleConsonant(_ w: [UInt8]) -> Bool {
        w.count >= 2 && w[w.count - 1] == w[w.count - 2] && isConsonant(w, w.count - 1)
    }

    /// Ends consonant–vowel–consonant with the last not w, x or y; or (NLTK) is a two-letter vowel–consonant word.
    private static func endsCVC(_ w: [UInt8]) -> Bool {
        let n = w.count
        if n >= 3 {
            let flags = consonants(w[...])
            return flags[n - 3] && !flags[n - 2] && flags[n - 1] && w[n - 1] != 0x77 && w[n - 1] != 0x78 && w[n - 1] != 0x79
        }
        if n == 2 {
            let flags = consonants(w[...])
            return !flags[0] && flags[1]
        }
        return false
    }

    private static func ends(_ w: [UInt8], _ suffix: [UInt8]) -> Bool {
        w.count >= suffix.count && w[(w.count - suffix.count)...].elementsEqual(suffix)
    }

    private static func dropping(_ w: [UInt8], _ count: Int) -> [UInt8] { Array(w[..<(w.count - count)]) }

    private static func rule(_ suffix: String, _ replacement: String, _ condition: @escaping ([UInt8]) -> Bool) -> Rule {
        (Array(suffix.utf8), Array(replacement.utf8), condition)
    }

    /// NLTK's `_apply_rule_list`: the first rule whose suffix matches decides, applying or not.
    private static func apply(_ w: [UInt8], _ rules: [Rule]) -> [UInt8] {
        for rule in rules where ends(w, rule.suffix) {
            let stem = dropping(w, rule.suffix.count)
            return rule.condition(stem) ? stem + rule.replacement : w
        }
        return w
    }

    // MARK: Steps

    private static func step1a(_ w: [UInt8]) -> [UInt8] {
        if ends(w, Array("ies".utf8)) && w.count == 4 { return dropping(w, 3) + Array("ie".utf8) }
        for (suffix, replacement) in [("sses", "ss"), ("ies", "i"), ("ss", "ss"), ("s", "")] where ends(w, Array(suffix.utf8)) {
            return dropping(w, suffix.utf8.count) + Array(replacement.utf8)
        }
        return w
    }

    private static func step1b(_ w: [UInt8]) -> [UInt8] {
        if ends(w, Array("ied".utf8)) { return dropping(w, 3) + Array((w.count == 4 ? "ie" : "i").utf8) }
        if ends(w, Array("eed".utf8)) {
            let stem = dropping(w, 3)
            return measure(stem) > 0 ? stem + Array("ee".utf8) : w
        }
        var intermediate: [UInt8]? = nil
        for suffix in ["ed", "ing"] where ends(w, Array(suffix.utf8)) {
            let stem = dropping(w, suffix.utf8.count)
            if containsVowel(stem) {
                intermediate = stem
                break
            }
        }
        guard let stem = intermediate else { return w }
        for (suffix, replacement) in [("at", "ate"), ("bl", "ble"), ("iz", "ize")] where ends(stem, Array(suffix.utf8)) {
            return stem + Array(replacement.utf8)[suffix.utf8.count...]
        }
        if endsDoubleConsonant(stem) {
            let last = stem[stem.count - 1]
            return last != 0x6C && last != 0x73 && last != 0x7A ? dropping(stem, 1) : stem
        }
        return measure(stem) == 1 && endsCVC(stem) ? stem + [0x65] : stem
    }

    private static func step1c(_ w: [UInt8]) -> [UInt8] {
        apply(w, [rule("y", "i") { $0.count > 1 && isConsonant($0, $0.count - 1) }])
    }

    private static func step2(_ w: [UInt8]) -> [UInt8] {
        if ends(w, Array("alli".utf8)) && positiveMeasure(dropping(w, 4)) { return step2(dropping(w, 4) + Array("al".utf8)) }
        let pairs: [(String, String)] = [
            ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"), ("bli", "ble"),
            ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"), ("ation", "ate"),
            ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"),
            ("iviti", "ive"), ("biliti", "ble"), ("fulli", "ful"),
        ]
        var rules = pairs.map { rule($0.0, $0.1, positiveMeasure) }
        rules.append(rule("logi", "log") { _ in positiveMeasure(dropping(w, 3)) })
        return apply(w, rules)
    }

    private static func step3(_ w: [UInt8]) -> [UInt8] {
        let pairs: [(String, String)] = [
            ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
        ]
        return apply(w, pairs.map { rule($0.0, $0.1, positiveMeasure) })
    }

    private static func step4(_ w: [UInt8]) -> [UInt8] {
        let suffixes = [
            "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate", "iti",
            "ous", "ive", "ize",
        ]
        return apply(
            w,
            suffixes.map { suffix in
                suffix == "ion"
                    ? rule(suffix, "") { measure($0) > 1 && ($0.last == 0x73 || $0.last == 0x74) }
                    : rule(suffix, "", measureAboveOne)
            })
    }

    private static func step5a(_ w: [UInt8]) -> [UInt8] {
        guard w.last == 0x65 else { return w }
        let stem = dropping(w, 1)
        let m = measure(stem)
        return m > 1 || (m == 1 && !endsCVC(stem)) ? stem : w
    }

    private static func step5b(_ w: [UInt8]) -> [UInt8] {
        ends(w, Array("ll".utf8)) && measure(dropping(w, 1)) > 1 ? dropping(w, 1) : w
    }
}
