/// Finds people's names: known given names (with the words after them that read as a surname),
/// and capitalised words after a title ("Dr.", "Mrs.") or a phrase like "my name is".
enum PersonDetector {
    private static let titles: Set<String> = ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "mister"]
    /// Phrases after which a capitalised word is a name even when no list knows it.
    private static let strongContexts = ContextWords([
        "my name is", "name is", "name:", "i am", "i'm", "dear", "signed,", "sincerely,", "regards,", "patient",
        "contact person", "spoke with", "called by", "referred by", "assigned to", "is with", "agent",
    ])
    /// Phrases after which even a name no list knows is taken as one.
    private static let introductions = ContextWords([
        "my name is", "name:", "dear", "i'm", "i am", "signed by", "contact:", "hello", "hi", "thanks,", "regards,",
        "sincerely,", "referred by", "spoke with", "ask",
    ])
    /// Capitalised words that follow a name in prose but are not part of it.
    private static let notSurnames: Set<String> = [
        "The", "A", "An", "And", "Or", "But", "On", "In", "At", "To", "For", "From", "With", "By", "Of", "Is", "Was",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
        "April", "May", "June", "July", "August", "September", "October", "November", "December", "Street", "Avenue",
        "Road", "Hospital", "Clinic", "Inc", "Ltd", "LLC", "Corp", "University", "College", "School", "Bank", "Group",
        "Product", "Ticket", "Issue", "Order", "Case", "Reference", "Team", "Support", "Today", "Please", "Thanks",
        "Thank", "Yes", "No", "Hi", "Hello", "Dear", "Institute", "Technology", "Academy", "Center", "Centre",
        "Foundation", "Partners", "Systems", "Holdings", "Software", "Labs", "Health", "Medical", "I", "We", "He", "She", "They",
        "It", "This", "That", "You", "Your", "My", "Our", "Just", "Good", "Sorry", "Can", "Could", "Would", "How", "What",
        "When", "Where", "Why", "Are", "Do", "Does", "There", "Here", "Welcome", "Great", "Sure", "Okay", "OK",
    ]

    /// Where one text's introductions and strong contexts are, found once for all its words.
    private struct Cues {
        let introductions: ContextIndex
        let strong: ContextIndex

        /// True when a strong context ends within 16 scalars before `i`.
        func support(_ i: Int) -> Bool { strong.before(i, window: 16) }
    }

    static func people(_ t: ScanText) -> [PIIMatch] {
        let cues = Cues(introductions: ContextIndex(t, introductions), strong: ContextIndex(t, strongContexts))
        var found: [PIIMatch] = []
        var i = 0
        while i < t.count {
            guard t.isUpper(i), !t.isAlnum(i - 1) else {
                i += 1
                continue
            }
            let end = t.wordEnd(from: i)
            let word = t.string(i, end)
            if let m = titled(t, word: word, end: end) ?? listed(t, word: word, start: i, end: end, cues: cues) {
                found.append(m)
                i = m.end
            } else if let m = afterContext(t, start: i, end: end, word: word, cues: cues) {
                found.append(m)
                i = m.end
            } else {
                i = max(end, i + 1)
            }
        }
        return found
    }

    /// "Dr. Okafor", "Mrs Jane Smith": the capitalised words after a title.
    private static func titled(_ t: ScanText, word: String, end: Int) -> PIIMatch? {
        guard titles.contains(word.lowercased()) else { return nil }
        var j = end
        if t.has(j, ".") { j += 1 }
        guard t.has(j, " "), t.isUpper(j + 1) else { return nil }
        let nameEnd = nameWords(t, from: j + 1, limit: 3)
        return nameEnd > j + 1 ? t.match(.person, j + 1, nameEnd) : nil
    }

    /// A known given name, joined by the surname-like words after it.
    private static func listed(_ t: ScanText, word: String, start: Int, end: Int, cues: Cues) -> PIIMatch? {
        guard NameLists.givenSet.contains(word), !placePrefix(t, before: start) else { return nil }
        var nameEnd = end
        if t.has(end, " ") && t.isUpper(end + 1) {
            let after = nameWords(t, from: end + 1, limit: 2)
            if after > end + 1 { nameEnd = after }
        }
        if nameEnd == end {
            nameEnd = end
            guard !NameLists.ambiguous.contains(word) || cues.support(start) else { return nil }
            if NameLists.surnameSet.contains(word) && !cues.support(start) && t.has(end, " ") && t.isUpper(end + 1) { return nil }
        } else if NameLists.ambiguous.contains(word) {
            // "Will Smith" and "Grace Hopper" are names; "Will Thursday" is not (nameWords stops at such words),
            // and neither is "Mark Street".
            let next = t.string(end + 1, t.wordEnd(from: end + 1))
            guard !ContextDetectors.streetSuffixes.contains(next.lowercased()) else { return nil }
        }
        return t.match(.person, start, nameEnd)
    }

    /// A capitalised word after a phrase that introduces a person ("my name is Zanele").
    private static func afterContext(_ t: ScanText, start: Int, end: Int, word: String, cues: Cues) -> PIIMatch? {
        guard !notSurnames.contains(word), end - start >= 2, !isContraction(word) else { return nil }
        let introduced = cues.introductions.before(start, window: 14)
        guard introduced || (NameLists.surnameSet.contains(word) && cues.support(start)) else { return nil }
        let nameEnd = nameWords(t, from: start, limit: 3)
        return nameEnd > start ? t.match(.person, start, nameEnd) : nil
    }

    /// "Smith", "O'Brien", "Smith-Jones", "McDonald": capitals only at the start, after an
    /// apostrophe or hyphen, or after "Mc".
    private static func nameCased(_ word: String) -> Bool {
        var previous: Character = " "
        for (k, c) in word.enumerated() {
            defer { previous = c }
            guard k > 0 else { continue }
            if c.isLowercase || c == "'" || c == "-" { continue }
            guard c.isUppercase, previous == "'" || previous == "-" || (k == 2 && word.hasPrefix("Mc")) else { return false }
        }
        return true
    }

    /// "I'm", "We'll", "It's": an apostrophe followed by lower-case letters only (unlike "O'Brien").
    private static func isContraction(_ word: String) -> Bool {
        guard let apostrophe = word.firstIndex(where: { $0 == "'" || $0 == "\u{2019}" }) else { return false }
        let rest = word[word.index(after: apostrophe)...]
        return !rest.isEmpty && rest.allSatisfy(\.isLowercase)
    }

    /// "San Antonio", "St. Louis", "Port Elizabeth": a given name that is part of a place name.
    private static func placePrefix(_ t: ScanText, before i: Int) -> Bool {
        var k = i - 1
        guard t.has(k, " ") else { return false }
        k -= 1
        if t.has(k, ".") { k -= 1 }
        var start = k
        while t.isLetter(start - 1) { start -= 1 }
        guard k >= 0, start <= k else { return false }
        return placeWords.contains(t.string(start, k + 1))
    }

    private static let placeWords: Set<String> = [
        "San", "Santa", "Santo", "Los", "Las", "St", "Saint", "Port", "Fort", "Mount", "Lake", "Cape", "Princess", "Prince", "Queen",
        "King",
    ]

    /// The end of up to `limit` name words (capitalised words and initials) joined by single spaces.
    private static func nameWords(_ t: ScanText, from start: Int, limit: Int) -> Int {
        var end = start
        var j = start
        var count = 0
        while count < limit, t.isUpper(j) {
            let wEnd = t.wordEnd(from: j)
            let word = t.string(j, wEnd)
            if wEnd == j + 1 && t.has(wEnd, ".") {
                j = wEnd + 1  // an initial, "J."
            } else {
                guard wEnd - j >= 2, !notSurnames.contains(word), !ContextDetectors.streetSuffixes.contains(word.lowercased())
                else { break }
                guard nameCased(word) else { break }
                j = wEnd
            }
            end = j
            count += 1
            guard t.has(j, " "), t.isUpper(j + 1) else { break }
            j += 1
        }
        return end
    }
}
