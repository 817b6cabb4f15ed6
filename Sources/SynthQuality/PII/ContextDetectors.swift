/// Detectors that need words around a value: dates of birth, names, street addresses and the
/// identifiers (MRN, passport, driver's licence) whose formats alone say too little.
enum ContextDetectors {
    static let months = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]

    // MARK: Dates of birth

    /// Every date in `t`: ISO, numeric with `/`, `.` or `-`, and month-name forms.
    static func dates(_ t: ScanText) -> [(start: Int, end: Int)] {
        var found: [(Int, Int)] = []
        var i = 0
        while i < t.count {
            if StructuredDetectors.standsAlone(t, before: i),
                let end = numericDate(t, at: i) ?? monthFirstDate(t, at: i) ?? dayFirstDate(t, at: i)
            {
                found.append((i, end))
                i = end
            } else {
                i += 1
            }
        }
        return found
    }

    private static func numericDate(_ t: ScanText, at i: Int) -> Int? {
        guard t.isDigit(i) else { return nil }
        let g = StructuredDetectors.groups(t, from: i, separators: ["/", ".", "-"])
        guard g.sizes.count == 3, Set(g.separators).count == 1, StructuredDetectors.standsAlone(t, after: g.end) else { return nil }
        let ok =
            (g.sizes[0] == 4 && g.sizes[1] <= 2 && g.sizes[2] <= 2) || (g.sizes[0] <= 2 && g.sizes[1] <= 2 && [2, 4].contains(g.sizes[2]))
        return ok ? g.end : nil
    }

    /// The month name at `i` and its end, full or abbreviated ("Mar", "Mar.").
    private static func month(_ t: ScanText, at i: Int) -> Int? {
        guard t.isUpper(i) else { return nil }
        let end = t.wordEnd(from: i)
        let word = t.string(i, end).lowercased()
        guard word.count >= 3, months.contains(where: { $0 == word || ($0.hasPrefix(word) && word.count == 3) }) else { return nil }
        return t.has(end, ".") ? end + 1 : end
    }

    private static func number(_ t: ScanText, at i: Int, digits: ClosedRange<Int>) -> Int? {
        let end = t.digitRunEnd(from: i)
        guard digits.contains(end - i) else { return nil }
        var j = end
        for suffix in ["st", "nd", "rd", "th"] where t.hasLower(suffix, at: j) && !t.isLetter(j + 2) { j += 2 }
        return j
    }

    private static func monthFirstDate(_ t: ScanText, at i: Int) -> Int? {
        guard let m = month(t, at: i), t.has(m, " "), let day = number(t, at: m + 1, digits: 1...2) else { return nil }
        var j = day
        if t.has(j, ",") { j += 1 }
        guard t.has(j, " "), let year = number(t, at: j + 1, digits: 4...4), !t.isAlnum(year) else { return nil }
        return year
    }

    private static func dayFirstDate(_ t: ScanText, at i: Int) -> Int? {
        guard t.isDigit(i), let day = number(t, at: i, digits: 1...2), t.has(day, " ") else { return nil }
        var j = day + 1
        if t.hasLower("of ", at: j) { j += 3 }
        guard let m = month(t, at: j) else { return nil }
        j = m
        if t.has(j, ",") { j += 1 }
        guard t.has(j, " "), let year = number(t, at: j + 1, digits: 4...4), !t.isAlnum(year) else { return nil }
        return year
    }

    static let birthWords = ContextWords(["dob", "d.o.b", "born", "date of birth", "birth date", "birthdate", "birthday", "b."])

    static func datesOfBirth(_ t: ScanText) -> [PIIMatch] {
        // Every date has digits, and one without a birth word anywhere before it is not a birth date.
        guard t.digitCount > 0 else { return [] }
        let births = ContextIndex(t, birthWords)
        guard births.any else { return [] }
        return dates(t).filter { births.before($0.start, window: 30) }.map { t.match(.dateOfBirth, $0.start, $0.end) }
    }

    // MARK: Identifiers after a context word

    /// Tokens of letters, digits and dashes that follow one of `words` within a few connecting words,
    /// with `minDigits` or more digits and a length in `length`.
    static func identifiers(
        _ t: ScanText, type: PIIType, words: ContextWords, length: ClosedRange<Int>, minDigits: Int
    ) -> [PIIMatch] {
        // Where each word occurs (not after a letter or digit, not before a letter), found in one
        // pass over the text, then taken word by word.
        var starts: [(word: Int, end: Int, at: Int)] = []
        t.forEachCandidate(of: words) { w, i in
            if t.hasLower(words, w, at: i) && !t.isLetter(i + words.info[w].length) {
                starts.append((words.info[w].index, i + words.info[w].length, i))
            }
        }
        starts.sort { $0.word != $1.word ? $0.word < $1.word : $0.at < $1.at }
        var found: [PIIMatch] = []
        for (_, wordEnd, i) in starts {
            var j = wordEnd
            var tokens = 0
            while tokens < 4, j < t.count {
                while j < t.count, !t.isAlnum(j), !t.has(j, "#"), !t.has(j, "\n"), j - i < 60 { j += 1 }
                guard t.isAlnum(j) || t.has(j, "#") else { break }
                var end = j
                while t.isAlnum(end) || (t.has(end, "-") && t.isAlnum(end + 1)) || t.has(end, "#") { end += 1 }
                let token = t.string(j, end)
                if connectors.contains(token.lowercased()) {
                    j = end
                    tokens += 1
                    continue
                }
                let digits = token.filter(\.isNumber).count
                let upperOrDigit = token.allSatisfy { $0.isNumber || $0.isUppercase || $0 == "-" }
                if length.contains(token.count), digits >= minDigits, upperOrDigit {
                    found.append(t.match(type, j, end))
                }
                break
            }
        }
        return found
    }

    /// Words between a context word and its identifier ("passport number is …").
    private static let connectors: Set<String> = ["no", "number", "num", "nr", "is", "id", "#", "of", "the", "was", "and", "card", "nbr"]

    private static let mrnWords = ContextWords([
        "mrn", "medical record", "medical record number", "mr#", "chart number", "patient id",
    ])
    private static let passportWords = ContextWords(["passport"])
    private static let driverLicenseWords = ContextWords([
        "driver's license", "driver\u{2019}s license", "drivers license", "driver license", "driving licence",
        "driver's licence", "driving license", "dl", "licence number", "license number", "licence no", "license no",
    ])

    static func mrns(_ t: ScanText) -> [PIIMatch] {
        identifiers(t, type: .mrn, words: mrnWords, length: 5...16, minDigits: 5)
    }

    static func passports(_ t: ScanText) -> [PIIMatch] {
        identifiers(t, type: .passport, words: passportWords, length: 6...10, minDigits: 5)
    }

    static func driverLicenses(_ t: ScanText) -> [PIIMatch] {
        identifiers(t, type: .driverLicense, words: driverLicenseWords, length: 5...20, minDigits: 4)
    }

    // MARK: Street addresses

    static let streetSuffixes: Set<String> = [
        "street", "st", "avenue", "ave", "av", "road", "rd", "boulevard", "blvd", "lane", "ln", "drive", "dr", "court", "ct",
        "place", "pl", "way", "terrace", "ter", "parkway", "pkwy", "highway", "hwy", "circle", "cir", "square", "sq",
        "trail", "trl", "crescent", "close", "row", "alley", "plaza",
    ]

    static func streetAddresses(_ t: ScanText) -> [PIIMatch] {
        var found: [PIIMatch] = []
        var i = 0
        while i < t.count {
            guard t.isDigit(i), !t.isAlnum(i - 1), !t.has(i - 1, "."), !t.has(i - 1, ",") || !t.isDigit(i - 2) else {
                i += 1
                continue
            }
            var j = t.digitRunEnd(from: i)
            guard j - i <= 6 else {
                i = j
                continue
            }
            if t.isLetter(j) && !t.isLetter(j + 1) && t.isUpper(j) { j += 1 }  // 221B
            if let end = street(t, from: j) {
                found.append(t.match(.streetAddress, i, end))
                i = end
            } else {
                i = j
            }
        }
        return found
    }

    /// After a house number: one to four capitalised or ordinal words, then a street suffix.
    private static func street(_ t: ScanText, from start: Int) -> Int? {
        var j = start
        var words = 0
        while words < 5 {
            guard t.has(j, " ") else { return nil }
            let w = j + 1
            let end = t.isDigit(w) ? ordinalEnd(t, w) : (t.isUpper(w) ? t.wordEnd(from: w) : w)
            guard end > w else { return nil }
            let word = t.string(w, end).lowercased()
            if words > 0, streetSuffixes.contains(word) {
                var e = t.has(end, ".") ? end + 1 : end
                e = unit(t, after: e) ?? e
                return e
            }
            words += 1
            j = end
        }
        return nil
    }

    private static func ordinalEnd(_ t: ScanText, _ i: Int) -> Int {
        let d = t.digitRunEnd(from: i)
        for s in ["st", "nd", "rd", "th"] where t.hasLower(s, at: d) && !t.isLetter(d + 2) { return d + 2 }
        return i
    }

    /// ", Apt 4B", " Suite 200", ", Unit 7" after a street.
    private static func unit(_ t: ScanText, after i: Int) -> Int? {
        var j = i
        if t.has(j, ",") { j += 1 }
        guard t.has(j, " ") else { return nil }
        j += 1
        for word in ["apt", "apartment", "suite", "ste", "unit", "#"] where t.hasLower(word, at: j) {
            var k = j + word.unicodeScalars.count
            if t.has(k, ".") { k += 1 }
            if t.has(k, " ") { k += 1 }
            guard t.isAlnum(k) else { return nil }
            while t.isAlnum(k) { k += 1 }
            return k
        }
        return nil
    }
}
