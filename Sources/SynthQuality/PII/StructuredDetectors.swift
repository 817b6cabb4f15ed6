import Foundation

/// Detectors for values with a fixed structure: emails, phone numbers, SSNs, card numbers,
/// IBANs and IP addresses. Each checks what the format allows (checksums, ranges, digit counts)
/// rather than only its shape.
enum StructuredDetectors {
    // MARK: Email

    static func emails(_ t: ScanText) -> [PIIMatch] {
        var found: [PIIMatch] = []
        func isLocal(_ i: Int) -> Bool {
            guard let s = t[i], s.isASCII else { return false }
            return t.isAlnum(i) || "._%+-".unicodeScalars.contains(s)
        }
        func isDomain(_ i: Int) -> Bool {
            guard let s = t[i], s.isASCII else { return false }
            return t.isAlnum(i) || s == "." || s == "-"
        }
        for at in 0..<t.count where t.has(at, "@") {
            var start = at
            while isLocal(start - 1) { start -= 1 }
            while start < at && t.has(start, ".") { start += 1 }
            var end = at + 1
            while isDomain(end) { end += 1 }
            while end > at + 1 && (t.has(end - 1, ".") || t.has(end - 1, "-")) { end -= 1 }
            guard start < at, end > at + 1, !t.has(at - 1, ".") else { continue }
            let domain = t.string(at + 1, end)
            let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
            guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }),
                let tld = labels.last, tld.count >= 2, tld.allSatisfy(\.isLetter)
            else { continue }
            found.append(t.match(.email, start, end))
        }
        return found
    }

    // MARK: Digit groups

    /// A run of digit groups joined by single separators, such as `555-123-4567` or `4111 1111 1111 1111`.
    struct Groups {
        var start: Int
        var end: Int
        /// Each group's digit count.
        var sizes: [Int]
        /// The separators between groups.
        var separators: [String]
        var digitCount: Int { sizes.reduce(0, +) }
    }

    /// Digit groups starting at `i` and joined by one of `separators` (each at most `maxSeparator` long).
    static func groups(_ t: ScanText, from i: Int, separators: Set<Unicode.Scalar>, maxSeparator: Int = 1) -> Groups {
        var g = Groups(start: i, end: t.digitRunEnd(from: i), sizes: [], separators: [])
        g.sizes.append(g.end - i)
        while true {
            var j = g.end
            while j < t.count, j - g.end < maxSeparator, let s = t[j], separators.contains(s) { j += 1 }
            guard j > g.end, t.isDigit(j) else { break }
            let runEnd = t.digitRunEnd(from: j)
            g.separators.append(t.string(g.end, j))
            g.sizes.append(runEnd - j)
            g.end = runEnd
        }
        return g
    }

    /// True when position `i` cannot continue a longer token (so a match starting there stands alone).
    static func standsAlone(_ t: ScanText, before i: Int) -> Bool {
        !t.isAlnum(i - 1) && !(t.has(i - 1, ".") && t.isDigit(i - 2)) && !(t.has(i - 1, "-") && t.isAlnum(i - 2))
            && !(t.has(i - 1, ",") && t.isDigit(i - 2))
    }

    static func standsAlone(_ t: ScanText, after i: Int) -> Bool {
        !t.isAlnum(i) && !((t.has(i, ".") || t.has(i, "-") || t.has(i, ",")) && t.isDigit(i + 1))
    }

    // MARK: SSN

    static func ssns(_ t: ScanText) -> [PIIMatch] {
        digitGroups(t).compactMap { i, g in
            let digits = t.digits(g.start, g.end)
            let dashed = g.sizes == [3, 2, 4] && g.separators[0] == g.separators[1]
            let bare =
                g.sizes == [9] && t.contextBefore(i, window: 30, words: ssnWords)
            guard dashed || bare, validSSN(digits) else { return nil }
            return t.match(.ssn, g.start, g.end)
        }
    }

    private static let ssnWords = ContextWords(["ssn", "social security", "soc. sec", "ss#"])

    /// The SSA's rules: area not 000, 666 or 900–999; group not 00; serial not 0000.
    static func validSSN(_ d: [Int]) -> Bool {
        guard d.count == 9 else { return false }
        let area = d[0] * 100 + d[1] * 10 + d[2]
        let group = d[3] * 10 + d[4]
        let serial = d[5] * 1000 + d[6] * 100 + d[7] * 10 + d[8]
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
    }

    // MARK: Credit card

    static func creditCards(_ t: ScanText) -> [PIIMatch] {
        digitGroups(t).compactMap { i, g in
            let digits = t.digits(g.start, g.end)
            guard (13...19).contains(digits.count), cardLayout(g), knownIssuer(digits), Checksums.luhn(digits) else { return nil }
            if g.sizes.count == 1 && t.contextBefore(i, window: 20, words: idWords) { return nil }
            return t.match(.creditCard, g.start, g.end)
        }
    }

    /// A bare run of digits after "order" or "invoice" is that number, even when it passes Luhn by chance.
    private static let idWords = ContextWords(["order", "invoice", "tracking", "reference", "ref", "ticket", "account", "#"])

    /// Every run of digit groups (split by single dashes or spaces) that stands alone, with where it starts.
    static func digitGroups(_ t: ScanText) -> [(start: Int, groups: Groups)] {
        var found: [(Int, Groups)] = []
        var i = 0
        while i < t.count {
            guard t.isDigit(i), standsAlone(t, before: i) else {
                i += 1
                continue
            }
            let g = groups(t, from: i, separators: ["-", " "])
            if standsAlone(t, after: g.end) { found.append((i, g)) }
            i = g.end
        }
        return found
    }

    /// Card numbers are printed unbroken, in fours, or in the 4-6-5 / 4-6-4 American Express and Diners layouts.
    private static func cardLayout(_ g: Groups) -> Bool {
        if g.sizes.count == 1 { return true }
        guard Set(g.separators).count == 1 else { return false }
        if g.sizes == [4, 6, 5] || g.sizes == [4, 6, 4] { return true }
        return g.sizes.dropLast().allSatisfy { $0 == 4 } && (1...4).contains(g.sizes.last!)
    }

    /// Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay, Maestro prefixes.
    private static func knownIssuer(_ d: [Int]) -> Bool {
        let two = d[0] * 10 + d[1]
        let four = two * 100 + d[2] * 10 + d[3]
        switch d[0] {
        case 4: return true
        case 5: return (51...55).contains(two) || [50, 56, 57, 58].contains(two)
        case 2: return (2221...2720).contains(four)
        case 3: return [34, 37, 35, 36, 38, 30].contains(two)
        case 6: return true
        default: return false
        }
    }

    // MARK: Phone

    static func phones(_ t: ScanText) -> [PIIMatch] {
        guard t.digitCount > 0 else { return [] }
        var found: [PIIMatch] = []
        var i = 0
        while i < t.count {
            let plus = t.has(i, "+") && t.isDigit(i + 1)
            let paren = t.has(i, "(") && t.isDigit(i + 1)
            guard (plus || paren || t.isDigit(i)) && standsAlone(t, before: i) && !t.has(i - 1, "+") else {
                i += 1
                continue
            }
            if let m = phone(t, at: i) {
                found.append(m)
                i = m.end
            } else {
                i = max(i + 1, t.digitRunEnd(from: i + (plus || paren ? 1 : 0)))
            }
        }
        return found
    }

    /// The phone number starting at `i`, if the digit groups there read as one.
    private static func phone(_ t: ScanText, at i: Int) -> PIIMatch? {
        let plus = t.has(i, "+")
        // Groups: digits joined by one or two of space, dash, dot, parentheses ("(555) 123-4567", "+44 (0)20 …").
        var sizes: [Int] = []
        var ends: [Int] = []
        var seps: [String] = []
        var j = i + (plus ? 1 : 0)
        var openParens = 0
        while true {
            var k = j
            while k < t.count, k - j < 3, let s = t[k], " -.()".unicodeScalars.contains(s) {
                if s == "(" { openParens += 1 }
                if s == ")" { openParens -= 1 }
                k += 1
            }
            guard t.isDigit(k), openParens >= 0, openParens <= 1 else { break }
            if !sizes.isEmpty { seps.append(t.string(j, k)) }
            let runEnd = t.digitRunEnd(from: k)
            sizes.append(runEnd - k)
            j = runEnd
            if t.has(j, ")") && openParens == 1 {
                openParens = 0
                j += 1
                ends.append(j)
            } else {
                ends.append(j)
            }
        }
        // Try the longest prefix of groups that reads as a phone number.
        for n in stride(from: sizes.count, through: 1, by: -1) {
            let end = ends[n - 1]
            guard standsAlone(t, after: end) else { continue }
            let text = t.string(i, end)
            guard text.filter({ $0 == "(" }).count == text.filter({ $0 == ")" }).count else { continue }
            if plausiblePhone(Array(sizes[..<n]), seps: Array(seps[..<(n - 1)]), plus: plus) {
                return t.match(.phone, i, end)
            }
        }
        return nil
    }

    private static func plausiblePhone(_ sizes: [Int], seps: [String], plus: Bool) -> Bool {
        let total = sizes.reduce(0, +)
        if plus {
            // E.164: a country code of 1–3 digits, 8–15 digits in all, groups of 1–8.
            return (8...15).contains(total) && sizes.allSatisfy { $0 <= 10 } && (sizes.count >= 2 || total >= 10)
        }
        // Without a country code only the North American layouts are unambiguous enough:
        // 555-123-4567, (555) 123-4567, 1-555-123-4567, 555.123.4567.
        let dotsOnly = seps.allSatisfy { $0 == "." }
        guard !dotsOnly || sizes == [3, 3, 4] else { return false }
        return sizes == [3, 3, 4] || sizes == [1, 3, 3, 4] || (sizes.count == 5 && sizes[0] <= 3 && total >= 10 && total <= 12)
    }

    // MARK: IBAN

    static func ibans(_ t: ScanText) -> [PIIMatch] {
        var found: [PIIMatch] = []
        func isUpperASCII(_ i: Int) -> Bool { t[i].map { $0.value >= 65 && $0.value <= 90 } ?? false }
        var i = 0
        while i + 4 < t.count {
            guard isUpperASCII(i), isUpperASCII(i + 1), t.isDigit(i + 2), t.isDigit(i + 3), !t.isAlnum(i - 1) else {
                i += 1
                continue
            }
            let country = t.string(i, i + 2)
            // Collect characters, allowing a single space between groups.
            var chars: [Unicode.Scalar] = []
            var ends: [Int] = []
            var j = i
            while j < t.count, chars.count < 34 {
                if let s = t[j], isUpperASCII(j) || t.isDigit(j) || (s.value >= 97 && s.value <= 122 && chars.count >= 4) {
                    chars.append(s.value >= 97 ? Unicode.Scalar(s.value - 32)! : s)
                    j += 1
                    ends.append(j)
                } else if t.has(j, " ") && t.isAlnum(j + 1) && !chars.isEmpty {
                    j += 1
                } else {
                    break
                }
            }
            let lengths = Checksums.ibanLengths[country].map { [$0] } ?? Array((15...34).reversed())
            var matched = false
            for length in lengths where length <= chars.count {
                let end = ends[length - 1]
                guard standsAlone(t, after: end), Checksums.ibanRemainder(Array(chars[..<length])) == 1 else { continue }
                found.append(t.match(.iban, i, end))
                i = end
                matched = true
                break
            }
            if !matched { i += 1 }
        }
        return found
    }

    // MARK: IP addresses

    static func ipv4s(_ t: ScanText) -> [PIIMatch] {
        var found: [PIIMatch] = []
        var i = 0
        while i < t.count {
            guard t.isDigit(i), !t.isAlnum(i - 1), !t.has(i - 1, "."), !t.has(i - 1, ":") else {
                i += 1
                continue
            }
            let g = groups(t, from: i, separators: ["."])
            defer { i = g.end }
            guard g.sizes.count == 4, standsAlone(t, after: g.end), !t.has(g.end, ".") || !t.isDigit(g.end + 1) else { continue }
            let text = t.string(g.start, g.end)
            let octets = text.split(separator: ".")
            guard octets.allSatisfy({ o in o.count <= 3 && Int(o)! <= 255 && (o.count == 1 || o.first != "0") }) else {
                continue
            }
            // "version 1.2.3.4", "build 10.0.19041.1": dotted numbers after these words are versions.
            if versionWordBefore(t, i) { continue }
            found.append(t.match(.ipv4, g.start, g.end))
        }
        return found
    }

    /// True when the word just before `i` (past spaces, colons and a "v") names a version.
    private static func versionWordBefore(_ t: ScanText, _ i: Int) -> Bool {
        var k = i - 1
        while k >= 0, t.has(k, " ") || t.has(k, ":") || t.has(k, ".") { k -= 1 }
        var start = k
        while t.isLetter(start - 1) { start -= 1 }
        guard k >= 0, start <= k else { return false }
        let word = t.string(start, k + 1).lowercased()
        return ["version", "ver", "v", "release", "build", "firmware", "update", "oid", "rev", "revision"].contains(word)
    }

    static func ipv6s(_ t: ScanText) -> [PIIMatch] {
        // An address has two colons or more.
        guard t.colonCount >= 2 else { return [] }
        var found: [PIIMatch] = []
        func isPart(_ i: Int) -> Bool { t[i].map { ScanText.isHex($0) || $0 == ":" || $0 == "." } ?? false }
        var i = 0
        while i < t.count {
            guard isPart(i), !isPart(i - 1), !t.isAlnum(i - 1) else {
                i += 1
                continue
            }
            var runEnd = i
            while isPart(runEnd) { runEnd += 1 }
            defer { i = runEnd }
            var end = runEnd
            while end > i, t.has(end - 1, ".") || (t.has(end - 1, ":") && !t.has(end - 2, ":")) { end -= 1 }
            guard !t.isAlnum(end), (i..<end).count(where: { t.has($0, ":") }) >= 2, validIPv6(t.string(i, end)) else { continue }
            found.append(t.match(.ipv6, i, end))
        }
        return found
    }

    static func validIPv6(_ text: String) -> Bool {
        guard text.contains(":"), text.filter({ $0 == ":" }).count >= 2 else { return false }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        var groupCount = 0
        for (h, half) in halves.enumerated() where !half.isEmpty {
            let parts = half.split(separator: ":", omittingEmptySubsequences: false)
            for (p, part) in parts.enumerated() {
                if part.contains(".") {
                    // An embedded IPv4 address, only at the very end.
                    guard h == halves.count - 1, p == parts.count - 1 else { return false }
                    let octets = part.split(separator: ".", omittingEmptySubsequences: false)
                    guard octets.count == 4, octets.allSatisfy({ Int($0).map { $0 <= 255 } ?? false }) else { return false }
                    groupCount += 2
                } else {
                    guard (1...4).contains(part.count), part.unicodeScalars.allSatisfy(ScanText.isHex) else { return false }
                    groupCount += 1
                }
            }
        }
        if halves.count == 2 { return groupCount <= 7 && groupCount >= 1 }
        return groupCount == 8
    }
}
