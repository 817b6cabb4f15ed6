/// A JSON-like value: what records, entity attributes and metadata are made of.
///
/// Objects keep their key order, so the same record always serialises to the same bytes.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([Value])
    case object(Fields)

    /// The string inside, if this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number inside as a `Double`, if this is an int or a double.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// The elements inside, if this is an array.
    public var arrayValue: [Value]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The fields inside, if this is an object.
    public var objectValue: Fields? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// True for `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The value as plain text, the way it reads inside generated prose.
    public var text: String {
        switch self {
        case .null: return ""
        case .bool(let b): return b ? "yes" : "no"
        case .int(let i): return String(i)
        case .double(let d): return NumberFormat.shortest(d)
        case .string(let s): return s
        case .array(let a): return a.map(\.text).joined(separator: ", ")
        case .object(let o): return o.pairs.first?.value.text ?? ""
        }
    }
}

/// An ordered list of named values: a record's payload, a row of a table, metadata.
public struct Fields: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// The name–value pairs, in order.
    public private(set) var pairs: [(key: String, value: Value)]

    /// Empty fields.
    public init() { pairs = [] }

    /// Fields from ordered pairs; a later duplicate key replaces the earlier value.
    public init(_ pairs: [(String, Value)]) {
        self.pairs = []
        self.pairs.reserveCapacity(pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    public init(dictionaryLiteral elements: (String, Value)...) { self.init(elements) }

    /// The value under `key`, or nil; setting nil removes the key.
    public subscript(key: String) -> Value? {
        get {
            for pair in pairs where pair.key == key { return pair.value }
            return nil
        }
        set {
            if let i = pairs.firstIndex(where: { $0.key == key }) {
                if let newValue { pairs[i].value = newValue } else { pairs.remove(at: i) }
            } else if let newValue {
                pairs.append((key, newValue))
            }
        }
    }

    /// The keys, in order.
    public var keys: [String] { pairs.map(\.key) }
    /// The number of fields.
    public var count: Int { pairs.count }
    /// True when there are no fields.
    public var isEmpty: Bool { pairs.isEmpty }

    public func makeIterator() -> IndexingIterator<[(key: String, value: Value)]> { pairs.makeIterator() }

    public static func == (lhs: Fields, rhs: Fields) -> Bool {
        lhs.pairs.count == rhs.pairs.count
            && zip(lhs.pairs, rhs.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for pair in pairs {
            hasher.combine(pair.key)
            hasher.combine(pair.value)
        }
    }
}
