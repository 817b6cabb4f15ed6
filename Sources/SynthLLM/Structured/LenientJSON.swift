import SynthCore

/// Reads the JSON a model meant to write, forgiving the mistakes small models make, and notes each one forgiven.
///
/// Hand-written rather than a second pass over `JSONParser` because each repair needs to know where it is
/// (inside a string, between members, at the end of a cut-off answer), which only a parser knows.
struct LenientJSON {
    /// Why the text could not be read even leniently, and where.
    struct Failure: Error {
        /// The 1-based character position.
        var column: Int
        /// What was expected or found.
        var reason: String
    }

    private let text: [Unicode.Scalar]
    private var i: Int
    private var depth = 0
    /// The repairs made so far, in the order they were made (a kind may repeat).
    private(set) var repairs: [StructuredRepair.Kind] = []

    /// Reads one value starting at `start`; returns it and the position after it.
    static func read(_ text: [Unicode.Scalar], from start: Int) throws(Failure) -> (
        value: Value, end: Int, repairs: [StructuredRepair.Kind]
    ) {
        var parser = LenientJSON(text: text, i: start)
        guard let value = try parser.value() else { throw Failure(column: start + 1, reason: "the answer ends before any value") }
        return (value, parser.i, parser.repairs)
    }

    private init(text: [Unicode.Scalar], i: Int) {
        self.text = text
        self.i = i
    }

    private var atEnd: Bool { i >= text.count }
    private var current: Unicode.Scalar { text[i] }

    private mutating func note(_ kind: StructuredRepair.Kind) { repairs.append(kind) }

    private func failure(_ reason: String) -> Failure { Failure(column: i + 1, reason: reason) }

    /// Skips whitespace and `//` or `/* */` comments, which some models add to explain a field.
    private mutating func skipSpace() {
        while !atEnd {
            if current.properties.isWhitespace {
                i += 1
            } else if current == "/", i + 1 < text.count, text[i + 1] == "/" {
                note(.comment)
                while !atEnd, current != "\n" { i += 1 }
            } else if current == "/", i + 1 < text.count, text[i + 1] == "*" {
                note(.comment)
                i += 2
                while !atEnd, !(current == "*" && i + 1 < text.count && text[i + 1] == "/") { i += 1 }
                i = min(i + 2, text.count)
            } else {
                return
            }
        }
    }

    /// Reads a value; nil when the answer ends before the value starts or before it can mean anything.
    private mutating func value() throws(Failure) -> Value? {
        skipSpace()
        guard !atEnd else {
            note(.truncated)
            return nil
        }
        switch current {
        case "{": return try object()
        case "[": return try array()
        case "\"", "'", "\u{201C}", "\u{2018}":
            let (string, complete) = try quoted()
            if !complete { note(.truncated) }
            return .string(string)
        case "-", "+", "0"..."9": return try number()
        default:
            guard Self.isWordStart(current) else {
                throw failure("expected a JSON value, found '\(Character(current))'")
            }
            return try literal()
        }
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > 512 { throw failure("nested more than 512 levels deep") }
    }

    private mutating func object() throws(Failure) -> Value {
        try enter()
        defer { depth -= 1 }
        i += 1
        var pairs: [(String, Value)] = []
        while true {
            skipSpace()
            guard !atEnd else { return truncated(.object(Fields(pairs))) }
            if current == "}" {
                i += 1
                return .object(Fields(pairs))
            }
            if current == "," {
                // A comma with no member before it: `{,` or `,,`.
                note(.trailingComma)
                i += 1
                continue
            }
            let key: String
            if Self.isQuote(current) {
                let (name, complete) = try quoted()
                guard complete else { return truncated(.object(Fields(pairs))) }
                key = name
            } else if Self.isWordStart(current) {
                note(.unquotedKey)
                key = word()
            } else {
                throw failure("expected a property name, found '\(Character(current))'")
            }
            skipSpace()
            guard !atEnd else { return truncated(.object(Fields(pairs))) }
            guard current == ":" else { throw failure("expected ':' after the property name '\(key)'") }
            i += 1
            guard let member = try value() else { return .object(Fields(pairs)) }
            pairs.append((key, member))
            skipSpace()
            guard !atEnd else { return truncated(.object(Fields(pairs))) }
            switch current {
            case ",":
                i += 1
                skipSpace()
                if !atEnd, current == "}" { note(.trailingComma) }
            case "}":
                i += 1
                return .object(Fields(pairs))
            default:
                // Members on separate lines with the comma forgotten.
                guard Self.isQuote(current) || Self.isWordStart(current) else {
                    throw failure("expected ',' or '}' after the property '\(key)', found '\(Character(current))'")
                }
                note(.missingComma)
            }
        }
    }

    private mutating func array() throws(Failure) -> Value {
        try enter()
        defer { depth -= 1 }
        i += 1
        var items: [Value] = []
        while true {
            skipSpace()
            guard !atEnd else { return truncated(.array(items)) }
            if current == "]" {
                i += 1
                return .array(items)
            }
            if current == "," {
                note(.trailingComma)
                i += 1
                continue
            }
            guard let item = try value() else { return .array(items) }
            items.append(item)
            skipSpace()
            guard !atEnd else { return truncated(.array(items)) }
            switch current {
            case ",":
                i += 1
                skipSpace()
                if !atEnd, current == "]" { note(.trailingComma) }
            case "]":
                i += 1
                return .array(items)
            case "{", "[", "\"", "'", "\u{201C}", "\u{2018}", "-", "0"..."9":
                note(.missingComma)
            default:
                throw failure("expected ',' or ']' in a list, found '\(Character(current))'")
            }
        }
    }

    private mutating func truncated(_ value: Value) -> Value {
        note(.truncated)
        return value
    }

    private static func isQuote(_ c: Unicode.Scalar) -> Bool { c == "\"" || c == "'" || c == "\u{201C}" || c == "\u{2018}" }

    private static func isWordStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c == "$" || c.properties.isAlphabetic }

    private mutating func word() -> String {
        var scalars = String.UnicodeScalarView()
        while !atEnd,
            current == "_" || current == "$" || current == "-" || current.properties.isAlphabetic || current.properties.numericType != nil
        {
            scalars.append(current)
            i += 1
        }
        return String(scalars)
    }

    /// `true`, `false`, `null`, and Python's `True`, `False`, `None`.
    private mutating func literal() throws(Failure) -> Value? {
        let start = i
        let name = word()
        switch name {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        case "True", "False", "None":
            note(.pythonLiteral)
            return name == "None" ? .null : .bool(name == "True")
        default:
            // A literal cut off by the end of the answer (`tru`) is dropped with the rest of the cut.
            if atEnd, ["true", "false", "null", "True", "False", "None"].contains(where: { $0.hasPrefix(name) }) {
                note(.truncated)
                return nil
            }
            i = start
            throw failure("expected a JSON value, found '\(name)'")
        }
    }

    private mutating func number() throws(Failure) -> Value? {
        let start = i
        if current == "+" {
            i += 1
            note(.plusSign)
        }
        let digitsStart = i
        while !atEnd, "0123456789.eE+-".unicodeScalars.contains(current) { i += 1 }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text[digitsStart..<i])
        let literal = String(scalars)
        if let value = Self.number(literal) { return value }
        // A number cut off by the end of the answer (`1.`, `-`, `2e`) is dropped with the rest of the cut.
        if atEnd {
            note(.truncated)
            return nil
        }
        i = start
        throw failure("malformed number '\(literal)'")
    }

    private static func number(_ text: String) -> Value? {
        if let n = Int(text) { return .int(n) }
        guard text.last?.isNumber == true, let d = Double(text) else { return nil }
        return .double(d)
    }

    /// A quoted string; `complete` is false when the answer ends inside it.
    ///
    /// A closing quote must be followed by what can follow a string in JSON (`,` `:` `}` `]`, a line break, a
    /// comment, or the end); any other quote is taken as part of the text, so `'it's'` and `"he said "hi" twice"` read as meant.
    private mutating func quoted() throws(Failure) -> (String, complete: Bool) {
        let open = current
        let close: Set<Unicode.Scalar>
        switch open {
        case "'":
            note(.singleQuotes)
            close = ["'"]
        case "\u{201C}":
            note(.smartQuotes)
            close = ["\u{201D}", "\u{201C}"]
        case "\u{2018}":
            note(.smartQuotes)
            close = ["\u{2019}", "\u{2018}"]
        default: close = ["\""]
        }
        i += 1
        var out = String.UnicodeScalarView()
        while !atEnd {
            let c = current
            if close.contains(c) {
                if endsString(after: i + 1) {
                    i += 1
                    return (String(out), true)
                }
                note(.unescapedQuote)
                out.append(c)
                i += 1
                continue
            }
            if c == "\\" {
                guard i + 1 < text.count else { break }
                i += 1
                if let escaped = escape() { out.append(escaped) } else { break }
                continue
            }
            if c.value < 0x20 { note(.controlCharacter) }
            out.append(c)
            i += 1
        }
        i = text.count
        return (String(out), false)
    }

    private func endsString(after position: Int) -> Bool {
        var j = position
        var sawLineBreak = false
        while j < text.count, text[j].properties.isWhitespace {
            if text[j] == "\n" { sawLineBreak = true }
            j += 1
        }
        guard j < text.count else { return true }
        let comment = text[j] == "/" && j + 1 < text.count && (text[j + 1] == "/" || text[j + 1] == "*")
        return sawLineBreak || comment || [",", ":", "}", "]"].contains(text[j])
    }

    /// Reads the escape after a backslash (at `i`); nil when the answer ends inside it.
    private mutating func escape() -> Unicode.Scalar? {
        let c = current
        i += 1
        switch c {
        case "\"", "\\", "/", "'": return c
        case "b": return "\u{8}"
        case "f": return "\u{C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "u":
            if i + 4 > text.count { return nil }
            guard let high = hex4() else { return invalidEscape("u") }
            guard (0xD800..<0xDC00).contains(high) else { return Unicode.Scalar(high) ?? "\u{FFFD}" }
            let save = i
            if i + 1 < text.count, current == "\\", text[i + 1] == "u" {
                i += 2
                if let low = hex4(), (0xDC00..<0xE000).contains(low) {
                    return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
                }
                i = save
            }
            return "\u{FFFD}"
        default: return invalidEscape(c)
        }
    }

    /// An escape JSON does not have (`\d`): keep the character and drop the backslash.
    private mutating func invalidEscape(_ c: Unicode.Scalar) -> Unicode.Scalar {
        note(.invalidEscape)
        return c
    }

    private mutating func hex4() -> UInt32? {
        guard i + 4 <= text.count else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            guard let d = UInt32(String(text[i + k]), radix: 16) else { return nil }
            v = v * 16 + d
        }
        i += 4
        return v
    }
}
