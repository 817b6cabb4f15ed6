import SynthCore

/// A compiled piece of slot-grammar text: literals and `{slots}`.
///
/// Slot syntax, inside braces: `{target|filter|filter:arg@SPAN?chance}`, where the target is a
/// grammar rule, a vocabulary list, a value path (`patient.condition.name`), inline alternatives
/// (`{~calm|steady|at ease}`) or a builtin (`{#digits:7}`). `{{` and `}}` are literal braces.
struct Template: Sendable {
    var nodes: [TemplateNode]

    /// The value path when the template is exactly one unfiltered value slot; such a template
    /// yields the value itself (an int stays an int in metadata).
    var singleValue: ValuePath? {
        guard nodes.count == 1, case .slot(let slot) = nodes[0], slot.filters.isEmpty, slot.span == nil,
            slot.chance == nil, case .value(let path) = slot.target
        else { return nil }
        return path
    }
}

enum TemplateNode: Sendable {
    case literal(String)
    case slot(Slot)
}

struct Slot: Sendable {
    var target: SlotTarget
    var filters: [Filter]
    var span: String?
    var chance: Double?
}

enum SlotTarget: Sendable {
    case rule(Int)
    case list(Int)
    case value(ValuePath)
    case inline([Template])
    case builtin(Builtin)
}

/// Where a value lives in the record's context: entity, field, then keys or indices inside it.
struct ValuePath: Sendable {
    var entity: Int
    var field: Int
    var steps: [PathStep]
    var text: String
}

enum PathStep: Sendable {
    case key(String)
    case index(Int)
}

enum Builtin: Sendable {
    case digits(Int)
    case letters(Int)
    case alphanumeric(Int)
    case hex(Int)
    case int(Int, Int)
}

/// Parses template text into nodes; `resolve` turns a slot's target name into what it points at.
struct TemplateParser {
    let location: String
    let resolve: (String) throws(SynthError) -> SlotTarget
    let compileInline: (String) throws(SynthError) -> Template

    func parse(_ text: String) throws(SynthError) -> Template {
        var nodes: [TemplateNode] = []
        var literal = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "{" {
                if i + 1 < chars.count, chars[i + 1] == "{" {
                    literal.append("{")
                    i += 2
                    continue
                }
                var depth = 1
                var j = i + 1
                while j < chars.count {
                    if chars[j] == "{" { depth += 1 }
                    if chars[j] == "}" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    j += 1
                }
                guard j < chars.count else {
                    throw SynthError(.invalidPack, "\(location): unclosed '{' in \"\(text)\" (write '{{' for a literal brace)")
                }
                if !literal.isEmpty {
                    nodes.append(.literal(literal))
                    literal = ""
                }
                nodes.append(.slot(try parseSlot(String(chars[(i + 1)..<j]), in: text)))
                i = j + 1
            } else if c == "}" {
                if i + 1 < chars.count, chars[i + 1] == "}" {
                    literal.append("}")
                    i += 2
                    continue
                }
                throw SynthError(.invalidPack, "\(location): stray '}' in \"\(text)\" (write '}}' for a literal brace)")
            } else {
                literal.append(c)
                i += 1
            }
        }
        if !literal.isEmpty { nodes.append(.literal(literal)) }
        return Template(nodes: nodes)
    }

    private func parseSlot(_ body: String, in text: String) throws(SynthError) -> Slot {
        if body.hasPrefix("~") {
            let alternatives = splitTopLevel(String(body.dropFirst()), on: "|")
            var templates: [Template] = []
            for alternative in alternatives { templates.append(try compileInline(alternative)) }
            return Slot(target: .inline(templates), filters: [], span: nil, chance: nil)
        }
        var rest = Substring(body)
        var chance: Double? = nil
        if let q = rest.firstIndex(of: "?") {
            let number = rest[rest.index(after: q)...]
            if number.isEmpty {
                chance = 0.5
            } else if let p = Double(number), p >= 0, p <= 1 {
                chance = p
            } else {
                throw SynthError(.invalidPack, "\(location): '{\(body)}': the chance after '?' must be between 0 and 1")
            }
            rest = rest[..<q]
        }
        var span: String? = nil
        if let at = rest.firstIndex(of: "@") {
            span = String(rest[rest.index(after: at)...])
            if span!.isEmpty { throw SynthError(.invalidPack, "\(location): '{\(body)}': empty span type after '@'") }
            rest = rest[..<at]
        }
        let parts = rest.split(separator: "|", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: " ")
        }
        let name = parts[0]
        if name.isEmpty { throw SynthError(.invalidPack, "\(location): empty slot '{\(body)}' in \"\(text)\"") }
        let target: SlotTarget
        if name.hasPrefix("#") {
            target = .builtin(try parseBuiltin(String(name.dropFirst()), body: body))
        } else {
            target = try resolve(name)
        }
        var filters: [Filter] = []
        for part in parts.dropFirst() {
            guard let filter = Filter(part) else {
                throw SynthError(
                    .invalidPack,
                    "\(location): unknown filter '\(part)' in '{\(body)}' (known: \(Filter.known.joined(separator: ", ")))")
            }
            filters.append(filter)
        }
        return Slot(target: target, filters: filters, span: span, chance: chance)
    }

    private func parseBuiltin(_ spec: String, body: String) throws(SynthError) -> Builtin {
        let parts = spec.split(separator: ":").map(String.init)
        let numbers = parts.dropFirst().compactMap { Int($0) }
        switch (parts.first, numbers.count) {
        case ("digits", 1) where numbers[0] > 0: return .digits(numbers[0])
        case ("letters", 1) where numbers[0] > 0: return .letters(numbers[0])
        case ("alnum", 1) where numbers[0] > 0: return .alphanumeric(numbers[0])
        case ("hex", 1) where numbers[0] > 0: return .hex(numbers[0])
        case ("int", 2) where numbers[0] <= numbers[1]: return .int(numbers[0], numbers[1])
        default:
            throw SynthError(
                .invalidPack,
                "\(location): bad builtin '{\(body)}' (use #digits:N, #letters:N, #alnum:N, #hex:N or #int:LO:HI)")
        }
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String { String(self).trimmingCharacters(in: set) }
}

/// Splits `text` on `separator` where it is not inside braces.
func splitTopLevel(_ text: String, on separator: Character) -> [String] {
    var parts: [String] = []
    var current = ""
    var depth = 0
    for c in text {
        if c == "{" { depth += 1 }
        if c == "}" { depth -= 1 }
        if c == separator && depth == 0 {
            parts.append(current)
            current = ""
        } else {
            current.append(c)
        }
    }
    parts.append(current)
    return parts
}
