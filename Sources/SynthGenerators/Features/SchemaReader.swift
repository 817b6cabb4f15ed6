import SynthCore
import Yams

/// Reads one YAML mapping of a feature schema, remembering which keys were asked for so that
/// any other key is reported as unknown, with its line and the keys that are allowed.
struct SchemaReader {
    let document: YAMLDocument
    let node: Node
    /// What the mapping is, for messages ("feature 'clarity'").
    let what: String
    private var asked: [String] = []

    init(_ node: Node, in document: YAMLDocument, what: String) throws(SynthError) {
        guard node.mapping != nil else {
            throw SynthError(.invalidSpec, "\(document.at(node)): \(what) must be a mapping of keys to values")
        }
        self.document = document
        self.node = node
        self.what = what
    }

    /// An error at `node` about this mapping.
    func error(_ node: Node, _ message: String) -> SynthError {
        SynthError(.invalidSpec, "\(document.at(node)): \(what): \(message)")
    }

    /// The value of `key`, if present.
    mutating func node(_ key: String) -> Node? {
        if !asked.contains(key) { asked.append(key) }
        return node.entries?.first { $0.key == key }?.value
    }

    /// The value of a key that must be present.
    mutating func required(_ key: String) throws(SynthError) -> Node {
        guard let value = node(key) else { throw missing(key) }
        return value
    }

    /// The error for a missing `key`, pointing at a misspelt key if the mapping has one.
    func missing(_ key: String) -> SynthError {
        for (other, _) in node.entries ?? [] where !asked.contains(other) && Self.distance(other, key) <= 2 {
            let line = node.mapping?.first { $0.key.string == other }?.key ?? node
            return error(line, "'\(key)' is missing; is '\(other)' a misspelling of it?")
        }
        return error(node, "'\(key)' is missing")
    }

    // Levenshtein distance, for suggesting the key a user meant.
    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in a.indices {
            var current = [i + 1]
            for j in b.indices {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a[i] == b[j] ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// A number under `key`, if present.
    mutating func number(_ key: String) throws(SynthError) -> Double? {
        guard let value = node(key) else { return nil }
        return try number(value, key)
    }

    /// `value` read as a finite number.
    func number(_ value: Node, _ key: String) throws(SynthError) -> Double {
        guard value.scalar != nil, let x = value.float, x.isFinite else {
            throw error(value, "'\(key)' must be a number, got '\(value.string ?? "a collection")'")
        }
        return x
    }

    /// A whole number under `key`, if present.
    mutating func integer(_ key: String) throws(SynthError) -> Int? {
        guard let value = node(key) else { return nil }
        guard value.scalar != nil, let n = value.int else {
            throw error(value, "'\(key)' must be a whole number, got '\(value.string ?? "a collection")'")
        }
        return n
    }

    /// Text under `key`, if present.
    mutating func string(_ key: String) throws(SynthError) -> String? {
        guard let value = node(key) else { return nil }
        guard value.scalar != nil, let s = value.string, !s.isEmpty else {
            throw error(value, "'\(key)' must be text")
        }
        return s
    }

    /// A `[low, high]` pair under `key`, if present, with low < high.
    mutating func range(_ key: String) throws(SynthError) -> ClosedRange<Double>? {
        guard let value = node(key) else { return nil }
        guard let items = value.sequence, items.count == 2 else {
            throw error(value, "'\(key)' must be a pair [low, high]")
        }
        let low = try number(items[0], key)
        let high = try number(items[1], key)
        guard low < high else { throw error(value, "'\(key)' must have low < high, got [\(low), \(high)]") }
        return low...high
    }

    /// Fails on the first key that was never asked for, naming its line and the allowed keys.
    func finish() throws(SynthError) {
        for (key, value) in node.entries ?? [] where !asked.contains(key) {
            let line = node.mapping?.first { $0.key.string == key }?.key ?? value
            throw error(line, "unknown key '\(key)'; allowed here: \(asked.joined(separator: ", "))")
        }
    }
}
