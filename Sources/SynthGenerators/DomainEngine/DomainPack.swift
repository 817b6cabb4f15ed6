import Foundation
import SynthCore

/// A domain of the built-in engine: entities, vocabularies, a slot grammar and tasks, read from
/// one YAML file.
public struct DomainPack: Sendable {
    /// The domain's name, such as `medical`.
    public let name: String
    /// The pack's version, carried into every record's provenance.
    public let version: String
    /// One line on the domain.
    public let description: String
    /// The file the pack was read from.
    public let source: String
    let compiled: [CompiledTask]

    init(name: String, version: String, description: String, source: String, tasks: [CompiledTask]) {
        self.name = name
        self.version = version
        self.description = description
        self.source = source
        compiled = tasks
    }

    /// Reads and compiles a pack from YAML text; errors name `file`, the line and the field.
    public init(yaml: String, file: String) throws(SynthError) {
        var compiler = PackCompiler(document: try YAMLDocument(text: yaml, file: file))
        self = try compiler.compile()
    }

    /// The pack's tasks, in file order.
    public var tasks: [TaskInfo] { compiled.map(\.info) }

    /// The task called `name`, or an error that lists the tasks there are.
    public func task(_ name: String) throws(SynthError) -> TaskInfo {
        try compiledTask(name).info
    }

    func compiledTask(_ name: String) throws(SynthError) -> CompiledTask {
        guard let task = compiled.first(where: { $0.info.name == name }) else {
            throw SynthError(
                .unknownTask,
                "domain '\(self.name)' has no task '\(name)'; its tasks are: \(tasks.map(\.name).joined(separator: ", "))")
        }
        return task
    }

    /// Makes record `index` of `shard` for task `task`: a pure function of the spec's seed and the
    /// record's stream position.
    public func record(task name: String, shard: Shard, index: Int, specSeed: UInt64) throws(SynthError) -> Record {
        RecordMaker(pack: self, task: try compiledTask(name), specSeed: specSeed).make(shard: shard, index: index)
    }
}

/// Makes records of one task.
struct RecordMaker: Sendable {
    let pack: DomainPack
    let task: CompiledTask
    let specSeed: UInt64

    func make(shard: Shard, index: Int) -> Record {
        var renderer = Renderer(task: task, random: shard.random(forRecord: index))
        renderer.sampleEntities()
        var fields = Fields()
        switch task.payload {
        case .document(let text):
            fields["text"] = .string(renderer.render(text))
        case .instruction(let instruction, let input, let output):
            fields["instruction"] = .string(renderer.render(instruction))
            fields["input"] = .string(input.map { renderer.render($0) } ?? "")
            fields["output"] = .string(renderer.render(output))
        case .conversation(let system, let turns):
            var messages: [Value] = []
            if let system { messages.append(Self.message("system", renderer.render(system))) }
            Self.emit(turns, into: &messages, renderer: &renderer)
            fields["messages"] = .array(messages)
        case .classification(let text, let label):
            fields["text"] = .string(renderer.render(text))
            fields["label"] = .string(renderer.render(label))
        case .ner(let text):
            var builder = TextBuilder()
            renderer.emit(text, into: &builder)
            builder.trimTrailingSpaces()
            let scalars = Array(builder.text.unicodeScalars)
            fields["text"] = .string(builder.text)
            fields["entities"] = .array(
                builder.spans.sorted { ($0.start, $0.end) < ($1.start, $1.end) }.map { span in
                    var covered = String.UnicodeScalarView()
                    covered.append(contentsOf: scalars[span.start..<span.end])
                    return .object([
                        "start": .int(span.start), "end": .int(span.end), "type": .string(span.type),
                        "text": .string(String(covered)),
                    ])
                })
        case .qa(let context, let pairs):
            let contextText = renderer.render(context)
            let eligible = pairs.filter { renderer.holds($0.when) }
            fields["context"] = .string(contextText)
            if eligible.isEmpty {
                fields["question"] = .string("")
                fields["answer"] = .string("")
                fields["answer_start"] = .int(-1)
            } else {
                var total = 0.0
                let cumulative = eligible.map {
                    total += $0.weight
                    return total
                }
                let pair = eligible[renderer.random.index(cumulative: cumulative)]
                let answer = renderer.render(pair.answer)
                fields["question"] = .string(renderer.render(pair.question))
                fields["answer"] = .string(answer)
                fields["answer_start"] = .int(Self.scalarOffset(of: answer, in: contextText) ?? -1)
            }
        case .preference(let prompt, let chosen, let rejected):
            fields["prompt"] = .string(renderer.render(prompt))
            fields["chosen"] = .string(renderer.render(chosen))
            fields["rejected"] = .string(renderer.render(rejected))
        }
        if !task.metadata.isEmpty {
            var metadata = Fields()
            for (key, template) in task.metadata { metadata[key] = renderer.value(of: template) }
            fields["metadata"] = .object(metadata)
        }
        return Record(
            id: "\(pack.name)-\(task.info.name)-\(specSeed)-\(shard.position(of: index))",
            shape: task.info.shape, fields: fields,
            provenance: Provenance(
                source: "builtin", domain: pack.name, task: task.info.name, generatorVersion: pack.version,
                seed: specSeed, shard: shard.index, index: shard.position(of: index)))
    }

    static func message(_ role: String, _ content: String) -> Value {
        .object(["role": .string(role), "content": .string(content)])
    }

    static func emit(_ turns: [Turn], into messages: inout [Value], renderer: inout Renderer) {
        for turn in turns {
            switch turn {
            case .message(let role, let content, let chance, let when):
                if let chance, !renderer.random.chance(chance) { continue }
                if !renderer.holds(when) { continue }
                let text = renderer.render(content)
                if !text.isEmpty { messages.append(message(role, text)) }
            case .repeated(let lo, let hi, let inner):
                for _ in 0..<renderer.random.int(in: lo, hi) { emit(inner, into: &messages, renderer: &renderer) }
            }
        }
    }

    /// The Unicode scalar offset of `needle` in `haystack`: its first occurrence as a whole word
    /// ("5 days" inside "15 days" does not count), else its first occurrence at all.
    static func scalarOffset(of needle: String, in haystack: String) -> Int? {
        guard !needle.isEmpty else { return nil }
        var first: Range<String.Index>? = nil
        var searchStart = haystack.startIndex
        while let range = haystack.range(of: needle, range: searchStart..<haystack.endIndex) {
            if first == nil { first = range }
            let before = range.lowerBound == haystack.startIndex ? nil : haystack[haystack.index(before: range.lowerBound)]
            let after = range.upperBound == haystack.endIndex ? nil : haystack[range.upperBound]
            let isWordChar = { (c: Character?) in c.map { $0.isLetter || $0.isNumber } ?? false }
            if !isWordChar(before) && !isWordChar(after) {
                return haystack.unicodeScalars.distance(from: haystack.startIndex, to: range.lowerBound)
            }
            searchStart = haystack.index(after: range.lowerBound)
        }
        return first.map { haystack.unicodeScalars.distance(from: haystack.startIndex, to: $0.lowerBound) }
    }
}
