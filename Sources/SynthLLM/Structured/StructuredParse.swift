import SynthCore

/// A mistake in a model's answer that parsing forgave, and where.
public struct StructuredRepair: Sendable, Hashable, CustomStringConvertible {
    /// What was repaired; the raw value is the short name summaries and provenance use.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The JSON sat in a Markdown code fence.
        case codeFence = "code-fence"
        /// Text came before or after the JSON.
        case prose
        /// `//` or `/* */` comments.
        case comment
        /// A comma before a closing bracket, or a doubled comma.
        case trailingComma = "trailing-comma"
        /// Members or items on separate lines without a comma between them.
        case missingComma = "missing-comma"
        /// Strings or keys in single quotes.
        case singleQuotes = "single-quotes"
        /// Strings or keys in typographic quotes.
        case smartQuotes = "smart-quotes"
        /// Keys without quotes.
        case unquotedKey = "unquoted-key"
        /// Python's `True`, `False` and `None`.
        case pythonLiteral = "python-literal"
        /// A number written with a leading `+`.
        case plusSign = "plus-sign"
        /// A quote inside a string that should have been escaped.
        case unescapedQuote = "unescaped-quote"
        /// A raw line break or tab inside a string.
        case controlCharacter = "control-character"
        /// A backslash escape JSON does not have.
        case invalidEscape = "invalid-escape"
        /// The answer was cut off: open strings, lists and objects were closed and the incomplete member dropped.
        case truncated
        /// An object or list was written as a string holding its JSON.
        case jsonInString = "json-in-string"
        /// A bare list was given where an object with one list property was expected.
        case bareArray = "bare-array"
        /// An object holding one list was given where the list was expected.
        case unwrappedArray = "unwrapped-array"
        /// A single item was given where a list was expected.
        case wrappedInArray = "wrapped-in-array"
        /// A number written as a string (`"7"`).
        case stringToNumber = "string-to-number"
        /// A whole number written with a fraction (`7.0`) where an integer was expected.
        case wholeNumber = "whole-number"
        /// `"true"` or `"false"` written as a string.
        case stringToBoolean = "string-to-boolean"
        /// A number or boolean given where text was expected.
        case toString = "to-string"
        /// An allowed value in the wrong letter case or with surrounding spaces, respelled as declared.
        case enumCase = "enum-case"
        /// A property name in the wrong letter case.
        case keyCase = "key-case"
        /// An optional property given as `null`, dropped.
        case nullDropped = "null-dropped"
        /// A property the schema does not declare, dropped.
        case extraProperty = "extra-property"
    }

    /// What was repaired.
    public var kind: Kind
    /// Where: a field path such as `messages[2].role`, or `(root)` for the answer as a whole.
    public var path: String

    /// Makes a repair.
    public init(_ kind: Kind, at path: String = StructuredFailure.root) {
        self.kind = kind
        self.path = path
    }

    public var description: String { path == StructuredFailure.root ? kind.rawValue : "\(kind.rawValue) at \(path)" }
}

/// Why a model's answer cannot be used, at which field, in words a person can act on.
public struct StructuredFailure: Sendable, Hashable, CustomStringConvertible {
    /// The path of the answer as a whole.
    public static let root = "(root)"

    /// The kind of problem, for counting in summaries.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// No JSON could be read from the answer.
        case notJSON = "not-json"
        /// A required property is absent.
        case missing
        /// A value has the wrong type and no accepted coercion fixes it.
        case wrongType = "wrong-type"
        /// A value is not one of the allowed strings.
        case notAllowed = "not-allowed"
    }

    /// The kind of problem.
    public var kind: Kind
    /// Where: a field path such as `messages[2].role`, or `(root)`.
    public var path: String
    /// What is wrong, e.g. `missing required property 'answer'`.
    public var reason: String

    /// Makes a failure.
    public init(_ kind: Kind, at path: String, _ reason: String) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

/// What parsing a model's answer against a schema gave: the value or the failures, and the repairs made.
public struct StructuredParse: Sendable, Hashable {
    /// The value, shaped as the schema declares (object properties in declared order); nil when the answer failed.
    public var value: Value?
    /// The repairs applied, in the order they were made; one entry per kind and path.
    public var repairs: [StructuredRepair]
    /// Why the answer cannot be used; empty when `value` is set.
    public var failures: [StructuredFailure]

    /// Makes a parse result.
    public init(value: Value?, repairs: [StructuredRepair], failures: [StructuredFailure]) {
        self.value = value
        self.repairs = repairs
        self.failures = failures
    }

    /// The short names of the repairs, each once, for provenance (`code-fence`, `trailing-comma`, …).
    public var repairNames: [String] {
        var seen = Set<String>()
        return repairs.map(\.kind.rawValue).filter { seen.insert($0).inserted }
    }

    /// The failures as one line, for logs and for telling the model what to fix.
    public var failureSummary: String { failures.map(\.description).joined(separator: "; ") }
}
