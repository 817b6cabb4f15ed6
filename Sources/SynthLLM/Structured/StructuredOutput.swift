import SynthCore

/// Finds the JSON in a model's answer, repairs what small models get wrong, and checks it against a schema.
public enum StructuredOutput {
    /// The most places in an answer tried as the start of its JSON.
    private static let maxCandidates = 16

    /// Parses `text` as a value of `schema`.
    ///
    /// Looks inside a Markdown code fence when there is one, skips prose around the JSON, forgives syntax small
    /// models get wrong (trailing commas, single quotes, unquoted keys, Python literals, smart quotes, a cut-off
    /// end), then validates against `schema` with light coercions (`"7"` → 7, `7.0` → 7, `"true"` → true, an
    /// allowed value in another letter case). Every repair is listed; unknown properties are dropped.
    public static func parse(_ text: String, as schema: OutputSchema) -> StructuredParse {
        var repairs: [StructuredRepair] = []
        var scalars = Array(text.unicodeScalars)
        if let fenced = fencedCode(in: scalars) {
            scalars = fenced
            repairs.append(StructuredRepair(.codeFence))
        }
        let starts = scalars.indices.filter { scalars[$0] == "{" || scalars[$0] == "[" }.prefix(maxCandidates)
        guard let first = starts.first else {
            let reason = text.allSatisfy(\.isWhitespace) ? "the answer is empty" : "the answer holds no JSON object or list"
            return StructuredParse(
                value: nil, repairs: repairs, failures: [StructuredFailure(.notJSON, at: StructuredFailure.root, reason)])
        }
        // Prose may hold brackets of its own ("here are [3] ideas: {…}"): try each opening bracket outside the
        // values read so far, keep the first reading that fits the schema, else the one with the fewest failures.
        var best: StructuredParse?
        var firstSyntaxError: LenientJSON.Failure?
        var readUpTo = 0
        for start in starts where start >= readUpTo {
            let read: (value: Value, end: Int, repairs: [StructuredRepair.Kind])
            do {
                read = try LenientJSON.read(scalars, from: start)
            } catch {
                if firstSyntaxError == nil { firstSyntaxError = error }
                continue
            }
            readUpTo = read.end
            var found = repairs
            let hasProse = start != first || scalars[..<start].contains { !$0.properties.isWhitespace }
            let trailing = scalars[read.end...].contains { !$0.properties.isWhitespace }
            if hasProse || trailing { found.append(StructuredRepair(.prose)) }
            found += read.repairs.map { StructuredRepair($0) }
            var conformance = Conformance(repairs: found)
            let value = conformance.conform(read.value, to: schema, at: StructuredFailure.root)
            let parse = StructuredParse(
                value: conformance.failures.isEmpty ? value : nil, repairs: unique(conformance.repairs), failures: conformance.failures)
            if parse.value != nil { return parse }
            if best == nil || parse.failures.count < best!.failures.count { best = parse }
        }
        if let best { return best }
        let error = firstSyntaxError!
        return StructuredParse(
            value: nil, repairs: repairs,
            failures: [
                StructuredFailure(
                    .notJSON, at: StructuredFailure.root, "the answer is not valid JSON: \(error.reason) at character \(error.column)")
            ])
    }

    /// The contents of the first Markdown code fence that holds a bracket, without its language tag.
    private static func fencedCode(in text: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        let fence: [Unicode.Scalar] = ["`", "`", "`"]
        var search = 0
        while let open = firstIndex(of: fence, in: text, from: search) {
            var start = open + 3
            // The rest of the opening line is the language tag (```json).
            while start < text.count, text[start] != "\n", text[start].properties.isAlphabetic || text[start] == "-" { start += 1 }
            let end = firstIndex(of: fence, in: text, from: start) ?? text.count
            let body = Array(text[start..<end])
            if body.contains(where: { $0 == "{" || $0 == "[" }) { return body }
            search = min(end + 3, text.count)
        }
        return nil
    }

    private static func firstIndex(of needle: [Unicode.Scalar], in text: [Unicode.Scalar], from start: Int) -> Int? {
        guard text.count >= needle.count, start <= text.count - needle.count else { return nil }
        return (start...(text.count - needle.count)).first { text[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    private static func unique(_ repairs: [StructuredRepair]) -> [StructuredRepair] {
        var seen = Set<StructuredRepair>()
        return repairs.filter { seen.insert($0).inserted }
    }
}

/// Checks a parsed value against a schema, coercing what a person would accept and noting each coercion.
private struct Conformance {
    var repairs: [StructuredRepair]
    var failures: [StructuredFailure] = []

    mutating func conform(_ value: Value, to schema: OutputSchema, at path: String) -> Value? {
        switch schema {
        case .object(let properties, let required):
            return object(value, properties: properties, required: required, at: path)
        case .array(let items):
            return array(value, items: items, at: path)
        case .string:
            switch value {
            case .string: return value
            case .int, .double:
                repairs.append(StructuredRepair(.toString, at: path))
                return .string(value.text)
            case .bool(let b):
                repairs.append(StructuredRepair(.toString, at: path))
                return .string(b ? "true" : "false")
            default: return wrongType(value, expected: "text", at: path)
            }
        case .number:
            switch value {
            case .int, .double: return value
            case .string(let s):
                if let n = Self.number(s) {
                    repairs.append(StructuredRepair(.stringToNumber, at: path))
                    return n
                }
                return wrongType(value, expected: "a number", at: path)
            default: return wrongType(value, expected: "a number", at: path)
            }
        case .integer:
            var number = value
            if case .string(let s) = value, let n = Self.number(s) {
                repairs.append(StructuredRepair(.stringToNumber, at: path))
                number = n
            }
            switch number {
            case .int: return number
            case .double(let d) where d.rounded() == d && abs(d) < 9e15:
                repairs.append(StructuredRepair(.wholeNumber, at: path))
                return .int(Int(d))
            default: return wrongType(value, expected: "a whole number", at: path)
            }
        case .boolean:
            switch value {
            case .bool: return value
            case .string(let s) where ["true", "false"].contains(s.trimmed.lowercased()):
                repairs.append(StructuredRepair(.stringToBoolean, at: path))
                return .bool(s.trimmed.lowercased() == "true")
            default: return wrongType(value, expected: "true or false", at: path)
            }
        case .oneOf(let allowed):
            let given: String
            switch value {
            case .string(let s): given = s
            case .int, .double, .bool: given = value.text
            default: return wrongType(value, expected: "one of \(allowed.joined(separator: ", "))", at: path)
            }
            if allowed.contains(given), value.stringValue != nil { return value }
            if let match = allowed.first(where: { $0.lowercased() == given.trimmed.lowercased() }) {
                repairs.append(StructuredRepair(.enumCase, at: path))
                return .string(match)
            }
            failures.append(
                StructuredFailure(
                    .notAllowed, at: path,
                    "\(Self.subject(path)) must be one of \(allowed.joined(separator: ", ")); got \(Self.describe(value))"))
            return nil
        }
    }

    private mutating func object(_ value: Value, properties: [OutputSchema.Property], required: [String], at path: String) -> Value? {
        switch value {
        case .object(let fields):
            var used = Set<String>()
            var out: [(String, Value)] = []
            for property in properties {
                let childPath = Self.join(path, property.name)
                var key = fields[property.name] != nil ? property.name : nil
                if key == nil, let other = fields.keys.first(where: { !used.contains($0) && $0.lowercased() == property.name.lowercased() })
                {
                    repairs.append(StructuredRepair(.keyCase, at: childPath))
                    key = other
                }
                guard let key, let member = fields[key] else {
                    if required.contains(property.name) {
                        failures.append(StructuredFailure(.missing, at: childPath, "missing required property '\(property.name)'"))
                    }
                    continue
                }
                used.insert(key)
                if member.isNull, !required.contains(property.name) {
                    repairs.append(StructuredRepair(.nullDropped, at: childPath))
                    continue
                }
                if let conformed = conform(member, to: property.schema, at: childPath) { out.append((property.name, conformed)) }
            }
            for key in fields.keys where !used.contains(key) {
                repairs.append(StructuredRepair(.extraProperty, at: Self.join(path, key)))
            }
            return .object(Fields(out))
        case .array:
            let lists = properties.filter { if case .array = $0.schema { return true } else { return false } }
            guard lists.count == 1 else { break }
            repairs.append(StructuredRepair(.bareArray, at: path))
            return object(.object([lists[0].name: value]), properties: properties, required: required, at: path)
        case .string(let s):
            if let inner = Self.embeddedJSON(s), inner.objectValue != nil || inner.arrayValue != nil {
                repairs.append(StructuredRepair(.jsonInString, at: path))
                return object(inner, properties: properties, required: required, at: path)
            }
        default: break
        }
        return wrongType(value, expected: "an object", at: path)
    }

    private mutating func array(_ value: Value, items: OutputSchema, at path: String) -> Value? {
        switch value {
        case .array(let elements):
            var out: [Value] = []
            var ok = true
            for (index, element) in elements.enumerated() {
                if let conformed = conform(element, to: items, at: "\(path == StructuredFailure.root ? "" : path)[\(index)]") {
                    out.append(conformed)
                } else {
                    ok = false
                }
            }
            return ok ? .array(out) : nil
        case .object(let fields):
            // `{"questions": [...]}` for a list of questions; any other object is taken as a single item.
            if fields.count == 1, let list = fields.pairs[0].value.arrayValue {
                repairs.append(StructuredRepair(.unwrappedArray, at: path))
                return array(.array(list), items: items, at: path)
            }
        case .string(let s):
            if let inner = Self.embeddedJSON(s), inner.arrayValue != nil {
                repairs.append(StructuredRepair(.jsonInString, at: path))
                return array(inner, items: items, at: path)
            }
        case .null:
            return wrongType(value, expected: "a list", at: path)
        default: break
        }
        repairs.append(StructuredRepair(.wrappedInArray, at: path))
        return array(.array([value]), items: items, at: path)
    }

    private mutating func wrongType(_ value: Value, expected: String, at path: String) -> Value? {
        failures.append(StructuredFailure(.wrongType, at: path, "\(Self.subject(path)) must be \(expected); got \(Self.describe(value))"))
        return nil
    }

    private static func subject(_ path: String) -> String { path == StructuredFailure.root ? "the answer" : "'\(path)'" }

    private static func join(_ path: String, _ key: String) -> String { path == StructuredFailure.root ? key : "\(path).\(key)" }

    private static func number(_ s: String) -> Value? {
        let t = s.trimmed
        if let n = Int(t) { return .int(n) }
        guard t.last?.isNumber == true, let d = Double(t), d.isFinite else { return nil }
        return .double(d)
    }

    /// The object or list a string holds as JSON text, read strictly: only whole JSON counts.
    private static func embeddedJSON(_ s: String) -> Value? {
        let t = s.trimmed
        guard t.hasPrefix("{") || t.hasPrefix("[") else { return nil }
        return try? JSONParser.parse(Array(t.utf8))
    }

    /// A value as a person reads it in a message: strings quoted and shortened, containers named.
    static func describe(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int, .double: return value.text
        case .string(let s): return "'\(s.count > 40 ? s.prefix(37) + "..." : s)'"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}

extension String {
    fileprivate var trimmed: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
