import SynthCore
import Yams

/// Reads a template's YAML into a `PromptTemplate`, collecting every problem with its line and field.
struct TemplateReader {
    /// The file, as named in problems.
    let file: String
    /// What is wrong so far, in the order found.
    private(set) var problems: [TemplateProblem] = []

    init(file: String) { self.file = file }

    static let keys = [
        "id", "version", "description", "domain", "task", "mode", "system", "user", "few_shot", "output", "parameters", "variables",
    ]
    static let required = ["id", "version", "description", "domain", "task", "user", "output"]

    /// The template, or nil when a part it needs could not be read; `problems` says why.
    mutating func read(_ yaml: String) -> PromptTemplate? {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                report(line: 1, "file", "the file is empty; a template needs \(Self.required.joined(separator: ", "))")
                return nil
            }
            root = node
        } catch let error as YamlError {
            report(line: Self.line(of: error), "file", "not valid YAML: \(Self.describe(error))")
            return nil
        } catch {
            report(line: nil, "file", "not valid YAML (\(error))")
            return nil
        }
        guard let mapping = root.mapping else {
            report(root, "file", "a template is a mapping of keys: \(Self.keys.joined(separator: ", "))")
            return nil
        }
        var nodes: [String: Node] = [:]
        var keyNodes: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? "\(key)"
            if Self.keys.contains(name) {
                nodes[name] = value
                keyNodes[name] = key
            } else {
                report(key, name, "unknown key; a template takes \(Self.keys.joined(separator: ", "))")
            }
        }
        for name in Self.required where nodes[name] == nil {
            report(root, name, "is missing; every template needs \(Self.required.joined(separator: ", "))")
        }

        let id = nodes["id"].flatMap { idText($0) }
        let version = nodes["version"].flatMap { text($0, "version") }
        let description = nodes["description"].flatMap { text($0, "description") }
        let domain = nodes["domain"].flatMap { text($0, "domain") }
        let task = nodes["task"].flatMap { taskShape($0) }
        let mode = nodes["mode"].map { modeValue($0) } ?? .chat
        let system = nodes["system"].flatMap { prompt($0, "system") }
        let user = nodes["user"].flatMap { prompt($0, "user") }
        let output = nodes["output"].flatMap { schema($0) }
        let parameters = nodes["parameters"].map { samplingParameters($0) } ?? SamplingParameters()
        let variables = nodes["variables"].map { variableList($0) } ?? []
        // Names with a bad sampler are still declared, so their uses are not reported a second time.
        let declared = Set(nodes["variables"]?.mapping?.compactMap { $0.key.string } ?? [])
        let examples = nodes["few_shot"].map { exampleList($0) } ?? []

        // Cross-checks, each on the parts that could be read.
        var used: Set<String> = []
        for (field, text) in [("system", system), ("user", user)] {
            guard let text, let node = nodes[field] else { continue }
            for use in text.uses {
                used.insert(use.variable)
                if !declared.contains(use.variable) {
                    report(
                        line: Self.line(in: node, at: use.line), field,
                        "uses '\(use.variable)', which is not declared under variables")
                }
            }
        }
        if system != nil || user != nil {
            for (variable, key) in variables where !used.contains(variable.name) {
                report(key, "variables.\(variable.name)", "is declared but neither system nor user uses it")
            }
        }
        if let output, let task {
            for message in Self.shapeProblems(output, task: task) { report(keyNodes["output"], "output", message) }
        }
        for (index, example) in examples.enumerated() {
            let field = "few_shot[\(index)]"
            if let variablesNode = example.variablesNode {
                for (key, _) in variablesNode.mapping ?? [:] {
                    let name = key.string ?? ""
                    if !declared.contains(name) {
                        report(key, "\(field).variables.\(name)", "is not a declared variable")
                    }
                }
            }
            for name in used.sorted() where example.value.variables[name] == nil {
                report(example.variablesNode ?? example.node, "\(field).variables", "lacks '\(name)', which the prompts use")
            }
            guard let output, let outputNode = example.outputNode else { continue }
            if let mismatch = Self.mismatch(example.value.output, output, at: "\(field).output") {
                report(Self.node(in: outputNode, at: mismatch.path, from: "\(field).output"), mismatch.path, mismatch.message)
            } else if let task {
                do {
                    _ = try PromptTemplate.fields(
                        from: example.value.output, variables: example.value.variables, task: task, schema: output)
                } catch {
                    report(outputNode, "\(field).output", error.message)
                }
            }
        }

        problems = problems.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
        guard let id, let version, let description, let domain, let task, let user, let output else { return nil }
        return PromptTemplate(
            id: id, version: version, description: description, domain: domain, task: task, mode: mode,
            fewShot: examples.map(\.value), output: output, parameters: parameters, variables: variables.map(\.variable),
            file: file, systemText: system, userText: user)
    }

    // MARK: Reporting

    private mutating func report(_ node: Node?, _ field: String, _ message: String) {
        report(line: node?.mark?.line, field, message)
    }

    private mutating func report(line: Int?, _ field: String, _ message: String) {
        problems.append(TemplateProblem(file: file, line: line, field: field, message: message))
    }

    // MARK: Scalars

    private mutating func text(_ node: Node, _ field: String) -> String? {
        guard let scalar = node.scalar, !scalar.string.allSatisfy(\.isWhitespace) else {
            report(node, field, "must be non-empty text")
            return nil
        }
        return scalar.string
    }

    private mutating func idText(_ node: Node) -> String? {
        guard let id = text(node, "id") else { return nil }
        guard id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }) else {
            report(node, "id", "'\(id)' may hold only lowercase letters, digits, '_' and '-'")
            return nil
        }
        return id
    }

    private mutating func taskShape(_ node: Node) -> TaskShape? {
        guard let name = text(node, "task") else { return nil }
        guard let shape = TaskShape(rawValue: name) else {
            report(node, "task", "'\(name)' is not a task shape; use one of \(TaskShape.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return shape
    }

    private mutating func modeValue(_ node: Node) -> PromptTemplate.Mode {
        guard let name = node.scalar?.string, let mode = PromptTemplate.Mode(rawValue: name) else {
            report(node, "mode", "must be chat or completion")
            return .chat
        }
        return mode
    }

    private mutating func prompt(_ node: Node, _ field: String) -> PromptText? {
        guard let source = text(node, field) else { return nil }
        do {
            return try PromptText(source)
        } catch {
            report(line: Self.line(in: node, at: error.line), field, error.message)
            return nil
        }
    }

    private mutating func number(_ node: Node, _ field: String, in range: ClosedRange<Double>) -> Double? {
        guard node.scalar?.style == .plain, let number = node.float, range.contains(number) else {
            report(
                node, field,
                "must be a number from \(NumberFormat.shortest(range.lowerBound)) to \(NumberFormat.shortest(range.upperBound))")
            return nil
        }
        return number
    }

    private mutating func whole(_ node: Node, _ field: String, in range: ClosedRange<Int>) -> Int? {
        guard node.scalar?.style == .plain, let number = node.int, range.contains(number) else {
            report(node, field, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return number
    }

    // MARK: Output schema

    private mutating func schema(_ node: Node) -> OutputSchema? {
        do {
            return try OutputSchema(jsonSchema: Self.value(of: node), path: "output")
        } catch {
            // OutputSchema's messages start with the path of the part at fault.
            let path = error.message.split(separator: " ", maxSplits: 1).first.map(String.init) ?? "output"
            let field = path.hasPrefix("output") ? path : "output"
            var message = error.message
            if field == path { message = String(message.dropFirst(path.count)).trimmingWhitespace }
            report(Self.node(in: node, at: field, from: "output"), field, message)
            return nil
        }
    }

    // MARK: Parameters

    private mutating func samplingParameters(_ node: Node) -> SamplingParameters {
        var parameters = SamplingParameters()
        guard let mapping = node.mapping else {
            report(node, "parameters", "must be a mapping of temperature, top_p, top_k, max_tokens, stop, seed")
            return parameters
        }
        for (key, value) in mapping {
            let name = key.string ?? ""
            let field = "parameters.\(name)"
            switch name {
            case "temperature": parameters.temperature = number(value, field, in: 0...2)
            case "top_p": parameters.topP = number(value, field, in: 0...1)
            case "top_k": parameters.topK = whole(value, field, in: 1...100_000)
            case "max_tokens": parameters.maxTokens = whole(value, field, in: 1...1_000_000)
            case "seed": parameters.seed = whole(value, field, in: 0...Int.max).map { UInt64($0) }
            case "stop":
                if let scalar = value.scalar {
                    parameters.stop = [scalar.string]
                } else if let list = value.sequence, list.allSatisfy({ $0.scalar != nil }) {
                    parameters.stop = list.compactMap { $0.scalar?.string }
                } else {
                    report(value, field, "must be a string or a list of strings")
                }
            default:
                report(key, field, "unknown parameter; use temperature, top_p, top_k, max_tokens, stop, seed")
            }
        }
        return parameters
    }

    // MARK: Variables

    private mutating func variableList(_ node: Node) -> [(variable: TemplateVariable, key: Node)] {
        guard let mapping = node.mapping else {
            report(node, "variables", "must be a mapping of variable names to samplers")
            return []
        }
        var variables: [(variable: TemplateVariable, key: Node)] = []
        for (key, value) in mapping {
            let name = key.string ?? ""
            let field = "variables.\(name)"
            guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic,
                name.unicodeScalars.allSatisfy({ $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) })
            else {
                report(key, field, "a variable name is a letter or '_' followed by letters, digits or '_'")
                continue
            }
            if let sampler = sampler(value, field) { variables.append((TemplateVariable(name: name, sampler: sampler), key)) }
        }
        return variables
    }

    private static let samplers = "list, weighted, range, records or topics"

    private mutating func sampler(_ node: Node, _ field: String) -> VariableSampler? {
        guard let mapping = node.mapping, mapping.count == 1, let (key, value) = mapping.first, let kind = key.string else {
            report(node, field, "must be a mapping with one sampler: \(Self.samplers)")
            return nil
        }
        let field = "\(field).\(kind)"
        switch kind {
        case "list":
            guard let items = value.sequence, !items.isEmpty else {
                report(value, field, "must be a non-empty list of values")
                return nil
            }
            return .list(items.map(Self.value(of:)))
        case "weighted":
            guard let pairs = value.mapping, !pairs.isEmpty else {
                report(value, field, "must be a non-empty mapping of values to weights, such as {\"often\": 3, \"rarely\": 1}")
                return nil
            }
            var choices: [VariableSampler.Choice] = []
            for (choice, weight) in pairs {
                let name = choice.string ?? ""
                guard let weight = number(weight, "\(field).\(name)", in: 0...Double.greatestFiniteMagnitude) else { continue }
                guard weight > 0 else {
                    report(choice, "\(field).\(name)", "has weight 0; a weight must be positive")
                    continue
                }
                choices.append(VariableSampler.Choice(Self.value(of: choice), weight: weight))
            }
            return choices.count == pairs.count ? .weighted(choices) : nil
        case "range":
            guard let bounds = value.sequence, bounds.count == 2, let low = bounds[0].float, let high = bounds[1].float,
                bounds.allSatisfy({ $0.scalar?.style == .plain })
            else {
                report(value, field, "must be two numbers [low, high], such as [18, 90] or [0.5, 2.5]")
                return nil
            }
            guard low <= high else {
                report(value, field, "low \(bounds[0].string ?? "") is above high \(bounds[1].string ?? "")")
                return nil
            }
            let places = bounds.map { bound -> Int? in
                guard let text = bound.string, let dot = text.firstIndex(of: ".") else { return nil }
                return text[text.index(after: dot)...].prefix { $0.isNumber }.count
            }
            if places.allSatisfy({ $0 == nil }), let low = bounds[0].int, let high = bounds[1].int { return .integers(low...high) }
            return .decimals(lower: low, upper: high, places: max(1, places.compactMap { $0 }.max() ?? 1))
        case "records":
            let keys = ["domain", "task", "pool"]
            guard let entries = fields(value, field, keys: keys) else { return nil }
            let domain = entries["domain"].flatMap { text($0, "\(field).domain") }
            let task = entries["task"].flatMap { text($0, "\(field).task") }
            let pool = entries["pool"].map { whole($0, "\(field).pool", in: 1...100_000) } ?? VariableSampler.defaultPool
            if entries["domain"] == nil || entries["task"] == nil {
                report(value, field, "needs a domain and a task of the built-in engine, such as {domain: support, task: ticket-triage}")
            }
            guard let domain, let task, let pool else { return nil }
            return .records(domain: domain, task: task, pool: pool)
        case "topics":
            guard let entries = fields(value, field, keys: ["root", "depth", "breadth"]) else { return nil }
            let root = entries["root"].flatMap { text($0, "\(field).root") }
            if entries["root"] == nil {
                report(value, field, "needs a root topic, such as {root: \"home networking\", depth: 2, breadth: 4}")
            }
            let depth = entries["depth"].map { whole($0, "\(field).depth", in: 1...4) } ?? 2
            let breadth = entries["breadth"].map { whole($0, "\(field).breadth", in: 1...20) } ?? 5
            guard let root, let depth, let breadth else { return nil }
            return .topics(root: root, depth: depth, breadth: breadth)
        default:
            report(key, field, "unknown sampler; use \(Self.samplers)")
            return nil
        }
    }

    /// A mapping's entries by key, reporting keys other than `keys`.
    private mutating func fields(_ node: Node, _ field: String, keys: [String]) -> [String: Node]? {
        guard let mapping = node.mapping else {
            report(node, field, "must be a mapping of \(keys.joined(separator: ", "))")
            return nil
        }
        var entries: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            if keys.contains(name) {
                entries[name] = value
            } else {
                report(key, "\(field).\(name)", "unknown key; use \(keys.joined(separator: ", "))")
            }
        }
        return entries
    }

    // MARK: Few-shot examples

    private struct ExampleNodes {
        var value: PromptTemplate.Example
        var node: Node
        var variablesNode: Node?
        var outputNode: Node?
    }

    private mutating func exampleList(_ node: Node) -> [ExampleNodes] {
        guard let items = node.sequence else {
            report(node, "few_shot", "must be a list of examples, each with variables and output")
            return []
        }
        var examples: [ExampleNodes] = []
        for (index, item) in items.enumerated() {
            let field = "few_shot[\(index)]"
            guard let entries = fields(item, field, keys: ["variables", "output"]) else { continue }
            if entries["output"] == nil { report(item, "\(field).output", "is missing; an example shows the output for its variables") }
            var variables = Fields()
            if let node = entries["variables"] {
                if node.mapping == nil {
                    report(node, "\(field).variables", "must be a mapping of variable names to values")
                } else if case .object(let values) = Self.value(of: node) {
                    variables = values
                }
            }
            examples.append(
                ExampleNodes(
                    value: PromptTemplate.Example(variables: variables, output: entries["output"].map(Self.value(of:)) ?? .null),
                    node: item, variablesNode: entries["variables"], outputNode: entries["output"]))
        }
        return examples
    }

    // MARK: Checks against the task shape

    /// What the output schema lacks for records of `task`: each shape field must be a required
    /// property of the right kind.
    static func shapeProblems(_ schema: OutputSchema, task: TaskShape) -> [String] {
        guard case .object(let properties, let required) = schema else {
            return [
                "must be an object schema whose properties are the \(task.rawValue) fields (\(task.outputFields.joined(separator: ", ")))"
            ]
        }
        var problems: [String] = []
        for name in task.outputFields {
            guard let property = properties.first(where: { $0.name == name }) else {
                problems.append("lacks the property '\(name)'; \(task.rawValue) records need \(task.outputFields.joined(separator: ", "))")
                continue
            }
            if !required.contains(name) {
                problems.append("'\(name)' must be listed under required; every \(task.rawValue) record needs it")
            }
            if let kind = kindProblem(property.schema, field: name, task: task) { problems.append("properties.\(name): \(kind)") }
        }
        return problems
    }

    private static func kindProblem(_ schema: OutputSchema, field: String, task: TaskShape) -> String? {
        func isText(_ schema: OutputSchema) -> Bool {
            if case .string = schema { return true }
            if case .oneOf = schema { return true }
            return false
        }
        func objectItems(_ names: [String]) -> String? {
            let need = "must be an array of objects with required string properties \(names.joined(separator: " and "))"
            guard case .array(let items) = schema, case .object(let properties, let required) = items else { return need }
            for name in names {
                guard let property = properties.first(where: { $0.name == name }), isText(property.schema), required.contains(name) else {
                    return need
                }
            }
            if case .oneOf(let roles)? = properties.first(where: { $0.name == "role" })?.schema, task == .conversation,
                let stray = roles.first(where: { !TaskShape.messageRoles.contains($0) })
            {
                return "role '\(stray)' is not one of system, user, assistant"
            }
            return nil
        }
        switch (task, field) {
        case (.conversation, "messages"): return objectItems(["role", "content"])
        case (.ner, "entities"): return objectItems(["text", "type"])
        default: return isText(schema) ? nil : "must be a string (or an enum of strings)"
        }
    }

    /// Where `value` departs from `schema`: the path of the part at fault and why, or nil when it conforms.
    static func mismatch(_ value: Value, _ schema: OutputSchema, at path: String) -> (path: String, message: String)? {
        switch schema {
        case .object(let properties, let required):
            guard let fields = value.objectValue else { return (path, "must be an object") }
            for name in required where fields[name] == nil { return (path, "lacks the required property '\(name)'") }
            for (name, item) in fields {
                guard let property = properties.first(where: { $0.name == name }) else {
                    return ("\(path).\(name)", "is not among the output schema's properties")
                }
                if let problem = mismatch(item, property.schema, at: "\(path).\(name)") { return problem }
            }
            return nil
        case .array(let items):
            guard let elements = value.arrayValue else { return (path, "must be a list") }
            for (index, element) in elements.enumerated() {
                if let problem = mismatch(element, items, at: "\(path)[\(index)]") { return problem }
            }
            return nil
        case .string: return value.stringValue == nil ? (path, "must be a string") : nil
        case .number: return value.doubleValue == nil ? (path, "must be a number") : nil
        case .integer:
            if case .int = value { return nil }
            return (path, "must be a whole number")
        case .boolean:
            if case .bool = value { return nil }
            return (path, "must be true or false")
        case .oneOf(let options):
            guard let text = value.stringValue, options.contains(text) else {
                return (path, "must be one of \(options.joined(separator: ", "))")
            }
            return nil
        }
    }

    // MARK: YAML helpers

    /// A node as a core value, keeping YAML's typing of plain scalars.
    static func value(of node: Node) -> Value {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if let number = node.int { return .int(number) }
                if let number = node.float { return .double(number) }
                if let flag = node.bool { return .bool(flag) }
                if node.null != nil { return .null }
            }
            return .string(scalar.string)
        case .sequence(let sequence): return .array(sequence.map(value(of:)))
        case .mapping(let mapping): return .object(Fields(mapping.map { ($0.key.string ?? "", value(of: $0.value)) }))
        case .alias: return .null
        }
    }

    /// The deepest node of `root` along a dotted path such as `output.properties.answer.type`
    /// (`prefix` names `root`; list indexes like `[2]` step into sequences).
    static func node(in root: Node, at path: String, from prefix: String) -> Node {
        var node = root
        let rest = path.hasPrefix(prefix) ? path.dropFirst(prefix.count) : ""
        for part in rest.split(whereSeparator: { $0 == "." || $0 == "[" }) {
            if part.hasSuffix("]"), let index = Int(part.dropLast()), let items = node.sequence, index < items.count {
                node = items[index]
            } else if let child = node.mapping?.first(where: { $0.key.string == String(part) })?.value {
                node = child
            } else {
                break
            }
        }
        return node
    }

    /// The file line of line `line` (1-based) of a text scalar: a block scalar's text starts on the line after its `|`.
    static func line(in node: Node, at line: Int) -> Int? {
        guard let mark = node.mark else { return nil }
        let style = node.scalar?.style
        return mark.line + line - (style == .literal || style == .folded ? 0 : 1)
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        case .duplicatedKeysInMapping(_, let context): return context.mark.line
        default: return nil
        }
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "\(problem) at column \(mark.column)"
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicate keys \(duplicates.joined(separator: ", "))"
        default:
            return "\(error)"
        }
    }
}

extension TaskShape {
    /// The fields a template's output must give for this shape; the rest (`answer_start`, span
    /// offsets, `metadata`) are worked out when the record is made.
    var outputFields: [String] {
        payloadFields.filter { $0 != "metadata" && $0 != "answer_start" }
    }
}
