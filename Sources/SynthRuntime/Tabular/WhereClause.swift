import SynthCore
import SynthGenerators

/// The `--where` language: conditions joined by `and`, each on one column.
///
/// ```
/// age >= 30 and region = 'north'
/// income between 20000 and 50000
/// region in ('north', 'east') and placed = true and start_date < '2021-01-01'
/// ```
/// Operators are `=`, `!=`, `<`, `<=`, `>`, `>=`, `between … and …` and `in (…)`. Labels and
/// dates are quoted ('north', '2021-01-01'); numbers and true/false are not; column names with
/// spaces are written in double quotes. Only conjunctions: `or` is an error that says so.
public struct WhereClause: Sendable, Equatable {
    /// One comparison.
    public struct Term: Sendable, Equatable {
        /// The column compared.
        public var column: String
        /// The operator: `=`, `!=`, `<`, `<=`, `>`, `>=`, `between` or `in`.
        public var op: String
        /// The literal(s) compared with: one, two for `between`, any number for `in`.
        public var literals: [Literal]
        /// The character (from 1) where the term starts, for errors.
        public var position: Int
    }

    /// A literal: its text and whether it was quoted.
    public struct Literal: Sendable, Equatable {
        /// The text, without quotes.
        public var text: String
        /// True for 'quoted' literals.
        public var quoted: Bool
    }

    /// The comparisons, all of which must hold.
    public var terms: [Term]

    /// Parses `text`; errors name the character where parsing stopped.
    public init(_ text: String) throws(SynthError) {
        var lexer = Lexer(Array(text))
        var terms: [Term] = []
        repeat {
            terms.append(try lexer.term())
        } while try lexer.keyword("and")
        if let token = try lexer.peek() {
            if token.text.lowercased() == "or" && !token.quoted {
                throw lexer.error(
                    "'or' is not supported: conditions can only be joined with 'and' (run sample once per alternative)", at: token.start)
            }
            throw lexer.error("expected 'and' or the end, found '\(token.text)'", at: token.start)
        }
        self.terms = terms
    }

    /// The terms as conditions on `file`'s columns, checked against their kinds.
    public func conditions(for file: ModelFile) throws(SynthError) -> [ColumnCondition] {
        var out: [ColumnCondition] = []
        for term in terms {
            guard let source = file.preparation.columns.first(where: { $0.name == term.column }) else {
                throw SynthError(
                    .invalidArgument,
                    "--where, character \(term.position): no column '\(term.column)'; columns are \(file.preparation.columns.map(\.name).joined(separator: ", "))"
                )
            }
            out.append(try condition(term, kind: source.kind, file: file))
        }
        return out
    }

    private func condition(_ term: Term, kind: ColumnKind, file: ModelFile) throws(SynthError) -> ColumnCondition {
        func fail(_ message: String) -> SynthError {
            SynthError(.invalidArgument, "--where, character \(term.position): \(message)")
        }
        let name = term.column
        let texts = term.literals.map(\.text)
        if !kind.isNumeric || kind == .boolean {
            switch term.op {
            case "=", "in":
                if kind == .boolean {
                    for text in texts where text != "true" && text != "false" { throw fail("'\(name)' is true or false, not '\(text)'") }
                }
                return ColumnCondition(column: name, allowed: .values(texts))
            case "!=":
                guard let labels = kind == .boolean ? ["true", "false"] : file.values(of: name) else {
                    throw fail(
                        "the \(file.modelName) model cannot list the labels of '\(name)', so '!=' cannot be used on it; use in (...)")
                }
                let kept = labels.filter { !texts.contains($0) }
                guard !kept.isEmpty else { throw fail("'\(name) != \(texts[0])' leaves no label: the column always holds it") }
                return ColumnCondition(column: name, allowed: .values(kept))
            default:
                throw fail("'\(name)' holds labels; compare it with =, != or in (...), not \(term.op)")
            }
        }
        var numbers: [Double] = []
        for literal in term.literals {
            if kind == .datetime {
                guard let date = DateLayout.parse(Substring(literal.text)) else {
                    throw fail("'\(name)' holds dates; write them as '2024-03-01' (or '2024-03-01 14:05'), not \(literal.text)")
                }
                numbers.append(date.seconds)
            } else {
                guard let x = Double(literal.text), x.isFinite else { throw fail("'\(name)' holds numbers; '\(literal.text)' is not one") }
                numbers.append(x)
            }
        }
        switch term.op {
        case "=", "in": return ColumnCondition(column: name, allowed: .values(texts))
        case "<": return ColumnCondition(column: name, allowed: .range(min: nil, max: numbers[0], minInclusive: true, maxInclusive: false))
        case "<=": return ColumnCondition(column: name, allowed: .range(min: nil, max: numbers[0], minInclusive: true, maxInclusive: true))
        case ">": return ColumnCondition(column: name, allowed: .range(min: numbers[0], max: nil, minInclusive: false, maxInclusive: true))
        case ">=": return ColumnCondition(column: name, allowed: .range(min: numbers[0], max: nil, minInclusive: true, maxInclusive: true))
        case "between":
            guard numbers[0] <= numbers[1] else {
                throw fail("'between \(texts[0]) and \(texts[1])' is empty: the first bound is the larger")
            }
            return ColumnCondition(column: name, allowed: .range(min: numbers[0], max: numbers[1], minInclusive: true, maxInclusive: true))
        default:
            // Numbers the model can list (few distinct values): all but the excluded one.
            guard let values = file.values(of: name) else {
                throw fail(
                    "'\(name)' takes too many values for '!=' (a union of two ranges); write '\(name) < \(texts[0])' or '\(name) > \(texts[0])'"
                )
            }
            let kept = values.filter { text in
                (kind == .datetime ? DateLayout.parse(Substring(text))?.seconds : Double(text)) != numbers[0]
            }
            guard !kept.isEmpty else { throw fail("'\(name) != \(texts[0])' leaves no value: the column always holds it") }
            return ColumnCondition(column: name, allowed: .values(kept))
        }
    }
}

/// Splits and reads a `--where` text.
private struct Lexer {
    struct Token {
        var text: String
        var quoted: Bool
        var start: Int
    }

    let chars: [Character]
    var i = 0

    init(_ chars: [Character]) { self.chars = chars }

    func error(_ message: String, at position: Int) -> SynthError {
        let shown = String(chars)
        return SynthError(.invalidArgument, "--where, character \(position + 1): \(message) (in \"\(shown)\")")
    }

    mutating func skipSpace() { while i < chars.count && chars[i].isWhitespace { i += 1 } }

    mutating func peek() throws(SynthError) -> Token? {
        let saved = i
        defer { i = saved }
        return try next()
    }

    mutating func next() throws(SynthError) -> Token? {
        skipSpace()
        guard i < chars.count else { return nil }
        let start = i
        let c = chars[i]
        if c == "'" || c == "\"" {
            i += 1
            var text = ""
            while true {
                guard i < chars.count else { throw error("this quote is never closed", at: start) }
                if chars[i] == c {
                    if i + 1 < chars.count && chars[i + 1] == c {
                        text.append(c)
                        i += 2
                        continue
                    }
                    i += 1
                    break
                }
                text.append(chars[i])
                i += 1
            }
            return Token(text: text, quoted: true, start: start)
        }
        if "<>=!".contains(c) {
            var op = String(c)
            i += 1
            if i < chars.count && chars[i] == "=" {
                op.append("=")
                i += 1
            }
            if op == "!" { throw error("'!' must be followed by '=' ('!=')", at: start) }
            if op == "==" { op = "=" }
            return Token(text: op, quoted: false, start: start)
        }
        if "(),".contains(c) {
            i += 1
            return Token(text: String(c), quoted: false, start: start)
        }
        var text = ""
        while i < chars.count && !chars[i].isWhitespace && !"<>=!(),'\"".contains(chars[i]) {
            text.append(chars[i])
            i += 1
        }
        return Token(text: text, quoted: false, start: start)
    }

    mutating func keyword(_ word: String) throws(SynthError) -> Bool {
        guard let token = try peek(), !token.quoted, token.text.lowercased() == word else { return false }
        _ = try next()
        return true
    }

    mutating func literal(after what: String) throws(SynthError) -> WhereClause.Literal {
        let at = i
        guard let token = try next() else { throw error("expected a value after \(what)", at: at) }
        guard token.quoted || !(["(", ")", ",", "and", "or"].contains(token.text.lowercased()) || "<>=!".contains(token.text.first ?? " "))
        else {
            throw error("expected a value after \(what), found '\(token.text)'", at: token.start)
        }
        return WhereClause.Literal(text: token.text, quoted: token.quoted)
    }

    mutating func term() throws(SynthError) -> WhereClause.Term {
        skipSpace()
        let start = i
        guard let column = try next(), column.quoted ? chars[column.start] == "\"" : !column.text.isEmpty && !"(),".contains(column.text)
        else {
            throw error("expected a column name", at: start)
        }
        guard let op = try next() else {
            throw error("expected an operator after '\(column.text)' (=, !=, <, <=, >, >=, between, in)", at: i)
        }
        let lower = op.text.lowercased()
        var term = WhereClause.Term(column: column.text, op: lower, literals: [], position: start + 1)
        switch lower {
        case "=", "!=", "<", "<=", ">", ">=":
            term.literals = [try literal(after: "'\(op.text)'")]
        case "between":
            term.literals = [try literal(after: "'between'")]
            guard try keyword("and") else { throw error("'between' needs 'and' between its bounds", at: try peek()?.start ?? i) }
            term.literals.append(try literal(after: "'and'"))
        case "in":
            let at = try peek()?.start ?? i
            guard let open = try next(), open.text == "(", !open.quoted else {
                throw error("'in' needs a list in parentheses: in ('a', 'b')", at: at)
            }
            while true {
                term.literals.append(try literal(after: term.literals.isEmpty ? "'('" : "','"))
                guard let separator = try next() else { throw error("the list is never closed with ')'", at: open.start) }
                if separator.text == ")" && !separator.quoted { break }
                guard separator.text == "," && !separator.quoted else {
                    throw error("expected ',' or ')' in the list", at: separator.start)
                }
            }
        case "not":
            throw error("'not' is not supported; use != or list the allowed values with in (...)", at: op.start)
        default:
            throw error("expected an operator (=, !=, <, <=, >, >=, between, in), found '\(op.text)'", at: op.start)
        }
        return term
    }
}
