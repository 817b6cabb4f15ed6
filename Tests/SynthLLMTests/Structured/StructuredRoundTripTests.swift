import PropertyBased
import SynthCore
import SynthLLM
import Testing

/// Random schemas and values of them, from one seed.
private struct Sampler {
    var random: SeededRandom

    private static let names = ["answer", "urgency", "tags", "score", "steps", "notes", "meta", "role", "content", "ok"]
    private static let words = ["low", "high", "Mixed Case"]
    /// Pieces that stress the reader: quotes, escapes, brackets and comment marks inside strings, non-ASCII text.
    private static let pieces = [
        "a", "router", " ", "\"", "'", "\\", "\n", "\t", "{", "}", "[", "]", ",", ":", "//", "é", "日本", "🙂", "\u{1}", "true", "1.5",
    ]

    mutating func schema(depth: Int) -> OutputSchema {
        switch depth > 0 ? random.below(7) : 2 + random.below(5) {
        case 0, 1:
            var names = Self.names
            var properties: [OutputSchema.Property] = []
            for _ in 0..<(1 + random.below(4)) {
                properties.append(.init(names.remove(at: random.below(names.count)), schema(depth: depth - 1)))
            }
            let required = properties.map(\.name).filter { _ in random.chance(0.5) }
            return .object(properties: properties, required: required)
        case 2: return depth > 0 ? .array(items: schema(depth: depth - 1)) : .string
        case 3: return .string
        case 4: return [.number, .integer][random.below(2)]
        case 5: return .boolean
        default: return .oneOf(Self.words)
        }
    }

    mutating func value(of schema: OutputSchema) -> Value {
        switch schema {
        case .object(let properties, let required):
            var fields = Fields()
            for property in properties where required.contains(property.name) || random.chance(0.7) {
                fields[property.name] = value(of: property.schema)
            }
            return .object(fields)
        case .array(let items): return .array((0..<random.below(4)).map { _ in value(of: items) })
        case .string: return .string((0..<random.below(6)).map { _ in Self.pieces[random.below(Self.pieces.count)] }.joined())
        case .number: return random.chance(0.5) ? .double(Double(random.int(in: -4000, 4000)) / 8) : .int(random.int(in: -99, 99))
        case .integer: return .int(random.int(in: -100_000, 100_000))
        case .boolean: return .bool(random.chance(0.5))
        case .oneOf(let words): return .string(words[random.below(words.count)])
        }
    }
}

/// True when `part` is what is left of `whole` after its JSON text was cut: strings cut short, lists and objects
/// missing their last members, everything else equal.
private func isCut(_ part: Value, of whole: Value) -> Bool {
    switch (part, whole) {
    case (.string(let a), .string(let b)): return b.unicodeScalars.starts(with: a.unicodeScalars)
    case (.array(let a), .array(let b)):
        guard a.count <= b.count else { return false }
        return a.indices.allSatisfy { $0 == a.count - 1 ? isCut(a[$0], of: b[$0]) : a[$0] == b[$0] }
    case (.object(let a), .object(let b)):
        return a.allSatisfy { pair in b[pair.key].map { isCut(pair.value, of: $0) } ?? false }
    case (.int, .int), (.int, .double), (.double, .double):
        // A number at the very end keeps the digits that arrived (`12` of `1234`, `-0` of `-0.5`).
        let (a, b) = (JSONWriter.string(part), JSONWriter.string(whole))
        return b.hasPrefix(a) || (a == "0" && b.hasPrefix("-0"))
    default: return part == whole
    }
}

@Suite struct StructuredRoundTripTests {
    @Test func writtenJSONParsesBackEqualWithNoRepairs() async {
        await propertyCheck(input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var sampler = Sampler(random: SeededRandom(seed: seed))
            let schema = sampler.schema(depth: 3)
            let value = sampler.value(of: .object(properties: [.init("root", schema)], required: ["root"]))
            let text = JSONWriter.string(value)
            let wrapped = OutputSchema.object(properties: [.init("root", schema)], required: ["root"])
            let parse = StructuredOutput.parse(text, as: wrapped)
            #expect(parse.value == value, "\(text)")
            #expect(parse.repairs == [], "\(text)")
            let chatty = StructuredOutput.parse("Here you go:\n```json\n\(text)\n```\nAnything else?", as: wrapped)
            #expect(chatty.value == value, "\(text)")
        }
    }

    /// Every cut of an answer either keeps a value that is a cut of the original, or fails only because a
    /// required member or an allowed word was cut away; a cut that loses only closing brackets loses nothing.
    @Test func everyCutOfAnAnswerKeepsWhatItHolds() async {
        await propertyCheck(count: 60, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var sampler = Sampler(random: SeededRandom(seed: seed))
            let schema = OutputSchema.object(properties: [.init("root", sampler.schema(depth: 2))], required: ["root"])
            let value = sampler.value(of: schema)
            let scalars = Array(JSONWriter.string(value).unicodeScalars)
            let closers = scalars.reversed().prefix { $0 == "}" || $0 == "]" }.count
            for cut in 1..<scalars.count {
                var text = String.UnicodeScalarView()
                text.append(contentsOf: scalars[..<cut])
                let parse = StructuredOutput.parse(String(text), as: schema)
                if let parsed = parse.value {
                    #expect(isCut(parsed, of: value), "cut at \(cut): \(String(text))")
                    #expect(parse.repairNames == ["truncated"], "cut at \(cut): \(String(text))")
                    if cut >= scalars.count - closers { #expect(parsed == value, "cut at \(cut): \(String(text))") }
                } else {
                    #expect(cut < scalars.count - closers, "cut at \(cut): \(String(text))")
                    #expect(parse.failures.allSatisfy { $0.kind == .missing || $0.kind == .notAllowed }, "\(parse.failureSummary)")
                }
            }
        }
    }
}
