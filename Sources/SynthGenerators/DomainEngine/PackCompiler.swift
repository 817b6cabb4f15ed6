import SynthCore
import Yams

/// Reads a domain pack's YAML and compiles every task, so that any mistake in a pack is reported
/// when it loads, naming the file, line and field, rather than surfacing mid-run.
struct PackCompiler {
    let document: YAMLDocument
    private var lists: [WeightedList] = []
    private var listNames: [String: Int] = [:]
    private var tables: [PackTable] = []
    private var tableNames: [String: Int] = [:]
    private var entityNodes: [String: Node] = [:]
    private var grammarNodes: [String: Node] = [:]

    init(document: YAMLDocument) { self.document = document }

    private func fail(_ node: Node, _ message: String) -> SynthError {
        SynthError(.invalidPack, "\(document.at(node)): \(message)")
    }

    private func entries(_ node: Node, _ what: String) throws(SynthError) -> [(key: String, value: Node)] {
        guard let entries = node.entries else { throw fail(node, "\(what) must be a mapping") }
        return entries
    }

    /// Reads a library file: shared `lists` and `tables` that packs take in with `uses:`.
    mutating func compileLibrary() throws(SynthError) -> (name: String, library: PackLibrary) {
        let root = try entries(document.root, "a library")
        let known: Set = ["library", "description", "lists", "tables"]
        var top: [String: Node] = [:]
        for (key, value) in root {
            guard known.contains(key) else {
                throw fail(value, "unknown key '\(key)' in a library (expected one of: \(known.sorted().joined(separator: ", ")))")
            }
            top[key] = value
        }
        guard let name = top["library"]?.string, !name.isEmpty else { throw fail(document.root, "missing 'library' (its name)") }
        try readListsAndTables(top)
        return (name, PackLibrary(lists: lists, listNames: listNames, tables: tables, tableNames: tableNames))
    }

    private mutating func readListsAndTables(_ top: [String: Node]) throws(SynthError) {
        if let node = top["lists"] {
            for (key, value) in try entries(node, "'lists'") {
                listNames[key] = lists.count
                lists.append(try weightedList(value, what: "list '\(key)'"))
            }
        }
        if let node = top["tables"] {
            for (key, value) in try entries(node, "'tables'") {
                guard case .sequence(let rows) = value, !rows.isEmpty else {
                    throw fail(value, "table '\(key)' must be a non-empty list of rows")
                }
                var table = PackTable(name: key, rows: [], weights: [])
                for row in rows {
                    guard case .object(var fields) = row.value else { throw fail(row, "each row of table '\(key)' must be a mapping") }
                    let weight = fields["weight"]?.doubleValue ?? 1
                    fields["weight"] = nil
                    table.rows.append(fields)
                    table.weights.append(weight)
                }
                tableNames[key] = tables.count
                tables.append(table)
            }
        }
    }

    mutating func compile(libraries: [String: PackLibrary] = [:]) throws(SynthError) -> DomainPack {
        let root = try entries(document.root, "a domain pack")
        let known: Set = ["domain", "version", "description", "uses", "lists", "tables", "entities", "grammar", "tasks"]
        var top: [String: Node] = [:]
        for (key, value) in root {
            guard known.contains(key) else {
                throw fail(value, "unknown key '\(key)' (expected one of: \(known.sorted().joined(separator: ", ")))")
            }
            top[key] = value
        }
        guard let name = top["domain"]?.string, !name.isEmpty else {
            throw fail(document.root, "missing 'domain' (the pack's name)")
        }
        let version = top["version"]?.string ?? "1"
        let description = top["description"]?.string ?? ""

        if let uses = top["uses"] {
            let names = uses.sequence.map { $0.compactMap(\.string) } ?? uses.string.map { [$0] } ?? []
            for libraryName in names {
                guard let library = libraries[libraryName] else {
                    throw fail(uses, "unknown library '\(libraryName)' (libraries: \(libraries.keys.sorted().joined(separator: ", ")))")
                }
                for (listName, index) in library.listNames {
                    listNames[listName] = lists.count
                    lists.append(library.lists[index])
                }
                for (tableName, index) in library.tableNames {
                    tableNames[tableName] = tables.count
                    tables.append(library.tables[index])
                }
            }
        }
        try readListsAndTables(top)
        if let node = top["entities"] { for (k, v) in try entries(node, "'entities'") { entityNodes[k] = v } }
        if let node = top["grammar"] { for (k, v) in try entries(node, "'grammar'") { grammarNodes[k] = v } }
        for ruleName in grammarNodes.keys where listNames[ruleName] != nil {
            throw fail(grammarNodes[ruleName]!, "'\(ruleName)' is both a grammar rule and a list; rename one")
        }

        guard let taskNode = top["tasks"] else { throw fail(document.root, "missing 'tasks'") }
        var tasks: [CompiledTask] = []
        for (taskName, node) in try entries(taskNode, "'tasks'") {
            var compiler = TaskCompiler(pack: self, taskName: taskName)
            tasks.append(try compiler.compile(node))
        }
        if tasks.isEmpty { throw fail(taskNode, "a pack needs at least one task") }
        return DomainPack(name: name, version: version, description: description, source: document.file, tasks: tasks)
    }

    func weightedList(_ node: Node, what: String) throws(SynthError) -> WeightedList {
        switch node {
        case .sequence(let items):
            if items.isEmpty { throw fail(node, "\(what) is empty") }
            return WeightedList(values: items.map(\.value))
        case .mapping:
            var values: [Value] = []
            var weights: [Double] = []
            // Keys keep their YAML type, so a weighted list of numbers holds numbers.
            for (keyNode, weight) in node.mapping! {
                let key = keyNode.string ?? ""
                guard let w = weight.value.doubleValue, w >= 0 else {
                    throw fail(weight, "\(what): the weight of '\(key)' must be a non-negative number")
                }
                values.append(keyNode.value)
                weights.append(w)
            }
            if weights.reduce(0, +) <= 0 { throw fail(node, "\(what) has no positive weight") }
            return WeightedList(values: values, weights: weights)
        default:
            throw fail(node, "\(what) must be a list of values or a mapping of value: weight")
        }
    }

    /// Compiles one task: its entities, reachable rules and payload templates.
    struct TaskCompiler {
        let pack: PackCompiler
        let taskName: String
        var aliases: [String] = []
        var entityTypes: [String] = []
        var fieldNames: [[String]] = []
        var rules: [CompiledRule] = []
        var ruleIndex: [String: Int] = [:]
        /// In an entity's field definitions: which entity, and how many of its fields exist so far.
        var current: (entity: Int, defined: Int)? = nil

        init(pack: PackCompiler, taskName: String) {
            self.pack = pack
            self.taskName = taskName
        }

        private func fail(_ node: Node, _ message: String) -> SynthError {
            pack.fail(node, "task '\(taskName)': \(message)")
        }

        mutating func compile(_ node: Node) throws(SynthError) -> CompiledTask {
            let known: Set = [
                "shape", "description", "entities", "text", "metadata", "instruction", "input", "output", "system",
                "turns", "label", "labels", "context", "pairs", "prompt", "chosen", "rejected", "spans",
            ]
            var keys: [String: Node] = [:]
            for (key, value) in try pack.entries(node, "task '\(taskName)'") {
                guard known.contains(key) else { throw fail(value, "unknown key '\(key)'") }
                keys[key] = value
            }
            guard let shapeName = keys["shape"]?.string else { throw fail(node, "missing 'shape'") }
            guard let shape = TaskShape(rawValue: shapeName) else {
                throw fail(
                    keys["shape"]!, "unknown shape '\(shapeName)' (shapes: \(TaskShape.allCases.map(\.rawValue).joined(separator: ", ")))")
            }

            // Entities: a list of types (alias = type) or a mapping alias: type.
            var pairs: [(String, String, Node)] = []
            if let e = keys["entities"] {
                switch e {
                case .sequence(let items):
                    for item in items {
                        guard let type = item.string else { throw fail(item, "entities must be names") }
                        pairs.append((type, type, item))
                    }
                case .mapping:
                    for (alias, type) in e.entries! {
                        guard let t = type.string else { throw fail(type, "entity alias '\(alias)' must name an entity type") }
                        pairs.append((alias, t, type))
                    }
                default: throw fail(e, "'entities' must be a list of entity types or a mapping alias: type")
                }
            }
            for (alias, type, at) in pairs {
                guard let entityNode = pack.entityNodes[type] else {
                    throw fail(at, "unknown entity type '\(type)' (defined: \(pack.entityNodes.keys.sorted().joined(separator: ", ")))")
                }
                aliases.append(alias)
                entityTypes.append(type)
                fieldNames.append(try pack.entries(entityNode, "entity '\(type)'").map(\.key))
            }
            var entities: [CompiledEntity] = []
            for (i, type) in entityTypes.enumerated() {
                entities.append(try compileEntity(type, index: i))
            }
            current = nil

            func required(_ key: String) throws(SynthError) -> Template {
                guard let n = keys[key] else { throw fail(node, "a \(shape.rawValue) task needs '\(key)'") }
                return try template(n, what: key)
            }
            let payload: Payload
            switch shape {
            case .document: payload = .document(text: try required("text"))
            case .instruction:
                payload = .instruction(
                    instruction: try required("instruction"),
                    input: try keys["input"].map { (n: Node) throws(SynthError) in try template(n, what: "input") },
                    output: try required("output"))
            case .conversation:
                guard let turns = keys["turns"] else { throw fail(node, "a conversation task needs 'turns'") }
                payload = .conversation(
                    system: try keys["system"].map { (n: Node) throws(SynthError) in try template(n, what: "system") },
                    turns: try compileTurns(turns))
            case .classification: payload = .classification(text: try required("text"), label: try required("label"))
            case .ner: payload = .ner(text: try required("text"))
            case .qa:
                guard let pairNode = keys["pairs"], case .sequence(let items) = pairNode, !items.isEmpty else {
                    throw fail(node, "a qa task needs 'pairs': a list of {question, answer}")
                }
                var qaPairs: [QAPair] = []
                for item in items {
                    let fields = try pack.entries(item, "a qa pair")
                    var map: [String: Node] = [:]
                    for (k, v) in fields { map[k] = v }
                    guard let q = map["question"], let a = map["answer"] else {
                        throw fail(item, "each pair needs 'question' and 'answer'")
                    }
                    qaPairs.append(
                        QAPair(
                            question: try template(q, what: "question"), answer: try template(a, what: "answer"),
                            weight: map["w"]?.value.doubleValue ?? 1,
                            when: try map["when"].map { (n: Node) throws(SynthError) in try condition(n) }))
                }
                payload = .qa(context: try required("context"), pairs: qaPairs)
            case .preference:
                payload = .preference(prompt: try required("prompt"), chosen: try required("chosen"), rejected: try required("rejected"))
            }

            var metadata: [(key: String, template: Template)] = []
            if let m = keys["metadata"] {
                for (key, value) in try pack.entries(m, "'metadata'") {
                    metadata.append((key, try template(value, what: "metadata '\(key)'")))
                }
            }
            var labels: [String] = []
            if let l = keys["labels"] ?? keys["spans"] {
                guard case .sequence(let items) = l else { throw fail(l, "'labels' must be a list") }
                labels = items.compactMap(\.string)
            }
            if shape == .classification && labels.isEmpty {
                throw fail(node, "a classification task needs 'labels': the list of labels it can produce")
            }
            let info = TaskInfo(
                name: taskName, shape: shape, description: keys["description"]?.string ?? "", labels: labels)
            return CompiledTask(
                info: info, aliases: aliases, entities: entities, rules: rules, lists: pack.lists,
                listNames: pack.listNames, tables: pack.tables, payload: payload, metadata: metadata)
        }

        private mutating func compileTurns(_ node: Node) throws(SynthError) -> [Turn] {
            guard case .sequence(let items) = node, !items.isEmpty else {
                throw fail(node, "'turns' must be a non-empty list")
            }
            var turns: [Turn] = []
            for item in items {
                var map: [String: Node] = [:]
                for (k, v) in try pack.entries(item, "a turn") { map[k] = v }
                if let r = map["repeat"] {
                    guard let range = intRange(r), let inner = map["turns"] else {
                        throw fail(item, "a repeat block needs 'repeat: [min, max]' and 'turns'")
                    }
                    turns.append(.repeated(min: range.0, max: range.1, turns: try compileTurns(inner)))
                    continue
                }
                guard let role = map["role"]?.string, let content = map["content"] else {
                    throw fail(item, "a turn needs 'role' and 'content'")
                }
                guard TaskShape.messageRoles.contains(role) else {
                    throw fail(map["role"]!, "unknown role '\(role)' (roles: system, user, assistant)")
                }
                turns.append(
                    .message(
                        role: role, content: try template(content, what: "turn content"),
                        chance: map["chance"]?.value.doubleValue,
                        when: try map["when"].map { (n: Node) throws(SynthError) in try condition(n) }))
            }
            return turns
        }

        private func intRange(_ node: Node) -> (Int, Int)? {
            if case .int(let n) = node.value { return (n, n) }
            guard case .array(let a) = node.value, a.count == 2, case .int(let lo) = a[0], case .int(let hi) = a[1], lo <= hi
            else { return nil }
            return (lo, hi)
        }

        // MARK: Entities

        private mutating func compileEntity(_ type: String, index: Int) throws(SynthError) -> CompiledEntity {
            var fields: [CompiledField] = []
            for (position, (name, node)) in try pack.entries(pack.entityNodes[type]!, "entity '\(type)'").enumerated() {
                current = (index, position)
                let what = "entity '\(type)' field '\(name)'"
                fields.append(try compileField(name, node, what: what))
            }
            return CompiledEntity(type: type, fields: fields)
        }

        private mutating func compileField(_ name: String, _ node: Node, what: String) throws(SynthError) -> CompiledField {
            // A bare string is a text template; a bare list is a uniform pick.
            if node.string != nil, node.mapping == nil {
                return CompiledField(name: name, generator: .text(try template(node, what: what)), when: nil)
            }
            if case .sequence = node {
                return CompiledField(name: name, generator: .pick(.literal(try pack.weightedList(node, what: what))), when: nil)
            }
            var map: [String: Node] = [:]
            for (k, v) in try pack.entries(node, what) { map[k] = v }
            let kinds = ["pick", "sample", "row", "int", "float", "normal", "date", "text", "bool", "const"]
            let present = kinds.filter { map[$0] != nil }
            guard present.count == 1, let kind = present.first else {
                throw fail(node, "\(what) needs exactly one of: \(kinds.joined(separator: ", "))")
            }
            let allowed: Set = Set(kinds + ["when", "where", "count", "default", "decimals", "min", "max"])
            for key in map.keys where !allowed.contains(key) { throw fail(map[key]!, "\(what): unknown key '\(key)'") }
            let spec = map[kind]!
            let when = try map["when"].map { (n: Node) throws(SynthError) in try condition(n) }
            let generator: FieldGenerator
            switch kind {
            case "pick": generator = .pick(try listSource(spec, what: what))
            case "sample":
                let count = map["count"].flatMap(intRange) ?? (1, 3)
                generator = .sample(try listSource(spec, what: what), min: count.0, max: count.1)
            case "row":
                guard let tableName = spec.string, let table = pack.tableNames[tableName] else {
                    throw fail(
                        spec,
                        "\(what): unknown table '\(spec.string ?? "")' (tables: \(pack.tableNames.keys.sorted().joined(separator: ", ")))")
                }
                var filters: [(String, Operand)] = []
                if let w = map["where"] {
                    for (attribute, operandNode) in try pack.entries(w, "\(what) 'where'") {
                        filters.append((attribute, operand(operandNode)))
                    }
                }
                generator = .row(table: table, filters: filters)
            case "int", "float":
                var bounds = Bounds()
                if let path = spec.string {
                    guard let p = resolvePath(path) else { throw fail(spec, "\(what): '\(path)' is not a known value") }
                    bounds.pair = p
                } else if case .sequence(let ends) = spec, ends.count == 2 {
                    bounds.lo = operand(ends[0])
                    bounds.hi = operand(ends[1])
                } else {
                    throw fail(spec, "\(what): give [min, max] or the path of a [min, max] pair")
                }
                if let d = map["default"] {
                    guard case .array(let a) = d.value, a.count == 2, let lo = a[0].doubleValue, let hi = a[1].doubleValue
                    else { throw fail(d, "\(what): 'default' must be [min, max]") }
                    bounds.fallback = (lo, hi)
                }
                generator = kind == "int" ? .int(bounds) : .float(bounds, decimals: map["decimals"]?.int ?? 1)
            case "normal":
                var params: [String: Node] = [:]
                for (k, v) in try pack.entries(spec, "\(what) 'normal'") { params[k] = v }
                guard let mean = params["mean"], let sd = params["sd"] else {
                    throw fail(spec, "\(what): 'normal' needs 'mean' and 'sd'")
                }
                generator = .normal(
                    mean: operand(mean), sd: operand(sd), min: params["min"]?.value.doubleValue,
                    max: params["max"]?.value.doubleValue, decimals: map["decimals"]?.int ?? 0)
            case "date":
                if case .sequence(let ends) = spec, ends.count == 2, let a = ends[0].string.flatMap(CivilDate.init(iso:)),
                    let b = ends[1].string.flatMap(CivilDate.init(iso:)), a <= b
                {
                    generator = .date(a, b)
                } else if spec.mapping != nil {
                    var params: [String: Node] = [:]
                    for (k, v) in try pack.entries(spec, "\(what) 'date'") { params[k] = v }
                    guard let baseNode = params["before"] ?? params["after"] else {
                        throw fail(spec, "\(what): a relative date needs 'before' or 'after'")
                    }
                    let days = params["days"].flatMap(intRange) ?? (0, 0)
                    generator = .dateFrom(
                        base: operand(baseNode), years: params["years"].map(operand), days: days,
                        sign: params["before"] != nil ? -1 : 1)
                } else {
                    throw fail(
                        spec, "\(what): 'date' takes [\"YYYY-MM-DD\", \"YYYY-MM-DD\"] or {before|after: field, years:, days: [lo, hi]}")
                }
            case "text": generator = .text(try template(spec, what: what))
            case "bool":
                guard let p = spec.value.doubleValue, p >= 0, p <= 1 else { throw fail(spec, "\(what): 'bool' takes a probability 0…1") }
                generator = .bool(p)
            default: generator = .constant(spec.value)
            }
            return CompiledField(name: name, generator: generator, when: when)
        }

        private mutating func listSource(_ node: Node, what: String) throws(SynthError) -> ListSource {
            if let name = node.string, node.mapping == nil {
                if name.contains("{") { return .named(try template(node, what: what)) }
                if let path = resolvePath(name) { return .path(path) }
                if let list = pack.listNames[name] { return .list(list) }
                throw fail(node, "\(what): '\(name)' is neither a list nor an earlier value")
            }
            return .literal(try pack.weightedList(node, what: what))
        }

        /// A literal, or a path when the text names a known value.
        private func operand(_ node: Node) -> Operand {
            if let text = node.string, node.mapping == nil, case .string = node.value, let path = resolvePath(text) {
                return .path(path)
            }
            return .literal(node.value)
        }

        // MARK: Names

        /// Resolves `a.b.c` to a value: an earlier field of the entity being defined, or `alias.field…`.
        func resolvePath(_ text: String) -> ValuePath? {
            let segments = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard let head = segments.first, !head.isEmpty, !segments.contains("") else { return nil }
            func steps(_ rest: ArraySlice<String>) -> [PathStep] {
                rest.map { Int($0).map(PathStep.index) ?? .key($0) }
            }
            if let current, let field = fieldNames[current.entity].prefix(current.defined).firstIndex(of: head) {
                return ValuePath(entity: current.entity, field: field, steps: steps(segments.dropFirst()), text: text)
            }
            if let entity = aliases.firstIndex(of: head), segments.count >= 2 {
                if let current, entity > current.entity { return nil }
                let available = current?.entity == entity ? current!.defined : fieldNames[entity].count
                if let field = fieldNames[entity].prefix(available).firstIndex(of: segments[1]) {
                    return ValuePath(entity: entity, field: field, steps: steps(segments.dropFirst(2)), text: text)
                }
            }
            return nil
        }

        private mutating func resolveSlot(_ name: String, at node: Node) throws(SynthError) -> SlotTarget {
            if let path = resolvePath(name) { return .value(path) }
            if pack.grammarNodes[name] != nil { return .rule(try rule(name)) }
            if let list = pack.listNames[name] { return .list(list) }
            let scope = current.map { "fields of '\(entityTypes[$0.entity])' defined above, " } ?? ""
            throw fail(
                node, "unknown name '{\(name)}': not \(scope)an entity value (\(aliases.joined(separator: ", "))), a grammar rule or a list"
            )
        }

        private mutating func rule(_ name: String) throws(SynthError) -> Int {
            if let index = ruleIndex[name] { return index }
            let index = rules.count
            ruleIndex[name] = index
            rules.append(CompiledRule(name: name, alternatives: [], cumulative: [], conditional: false))
            // Rules are compiled in the task's scope, wherever they are first used.
            let saved = current
            current = nil
            defer { current = saved }
            let node = pack.grammarNodes[name]!
            let items: [Node]
            if case .sequence(let s) = node { items = Array(s) } else { items = [node] }
            var alternatives: [Alternative] = []
            for item in items {
                if item.mapping != nil {
                    var map: [String: Node] = [:]
                    for (k, v) in try pack.entries(item, "rule '\(name)'") { map[k] = v }
                    guard let t = map["t"] else { throw fail(item, "rule '\(name)': a weighted alternative needs 't' (its text)") }
                    for key in map.keys where !["t", "w", "when"].contains(key) {
                        throw fail(map[key]!, "rule '\(name)': unknown key '\(key)' (use t, w, when)")
                    }
                    alternatives.append(
                        Alternative(
                            template: try template(t, what: "rule '\(name)'"),
                            weight: map["w"]?.value.doubleValue ?? 1,
                            when: try map["when"].map { (n: Node) throws(SynthError) in try condition(n) }))
                } else {
                    alternatives.append(Alternative(template: try template(item, what: "rule '\(name)'"), weight: 1, when: nil))
                }
            }
            if alternatives.isEmpty { throw fail(node, "rule '\(name)' has no alternatives") }
            var total = 0.0
            rules[index] = CompiledRule(
                name: name, alternatives: alternatives,
                cumulative: alternatives.map {
                    total += $0.weight
                    return total
                },
                conditional: alternatives.contains { $0.when != nil })
            return index
        }

        mutating func template(_ node: Node, what: String) throws(SynthError) -> Template {
            let text: String
            switch node.value {
            case .string(let s): text = s
            case .int, .double, .bool: text = node.scalar?.string ?? ""
            default: throw fail(node, "\(what) must be text")
            }
            return try parseTemplate(text, node: node, what: what)
        }

        private mutating func parseTemplate(_ text: String, node: Node, what: String) throws(SynthError) -> Template {
            // The parser calls back into name resolution, which may compile rules (and so mutate self).
            var me = self
            let parser = TemplateParser(
                location: "\(pack.document.at(node)): task '\(taskName)': \(what)",
                resolve: { (name: String) throws(SynthError) -> SlotTarget in try me.resolveSlot(name, at: node) },
                compileInline: { (inner: String) throws(SynthError) -> Template in
                    try me.parseTemplate(inner, node: node, what: what)
                })
            let result = try parser.parse(text)
            self = me
            return result
        }

        /// `value` → equal, `[a, b]` → one of, `{min, max}` → a range, `true` → present, `null` → absent,
        /// `{not: …}` → the opposite of any of these.
        private static func matcher(for expected: Value) -> Matcher {
            switch expected {
            case .array(let values): return .oneOf(values)
            case .object(let o):
                if let inner = o["not"] { return .not(matcher(for: inner)) }
                return .range(o["min"]?.doubleValue, o["max"]?.doubleValue)
            case .null: return .present(false)
            case .bool(let b): return b ? .present(true) : .equals(.bool(false))
            case let v: return .equals(v)
            }
        }

        private mutating func condition(_ node: Node) throws(SynthError) -> Condition {
            var tests: [(ValuePath, Matcher)] = []
            for (pathText, expected) in try pack.entries(node, "'when'") {
                guard let path = resolvePath(pathText) else {
                    throw fail(node, "'when': '\(pathText)' is not a known value")
                }
                let matcher = Self.matcher(for: expected.value)
                tests.append((path, matcher))
            }
            return Condition(tests: tests)
        }
    }
}
