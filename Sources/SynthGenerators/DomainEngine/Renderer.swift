import SynthCore

/// Text being built, with entity spans in Unicode scalar offsets (what Python's `str` indexes).
struct TextBuilder {
    var text = ""
    var scalars = 0
    var spans: [(start: Int, end: Int, type: String)] = []

    /// Appends `piece`, tidying the seams that optional slots leave: a doubled space collapses,
    /// and literal punctuation after a space (an empty slot before it) closes up. Indentation after
    /// a line break is kept, and a value's own leading punctuation (".locked") is never touched.
    mutating func append(_ piece: String, literal: Bool = true) {
        guard var first = piece.unicodeScalars.first else { return }
        var piece = Substring(piece)
        if first == " ", text.isEmpty || text.unicodeScalars.last == " " {
            piece = piece.drop { $0 == " " }
            guard let f = piece.unicodeScalars.first else { return }
            first = f
        }
        if literal {
            if ".,;:!?\n".unicodeScalars.contains(first) { trimTrailingSpaces() }
            // A value ending in a full stop ("Inc.") before a literal one gives a single stop.
            if first == ".", text.unicodeScalars.last == ".", !piece.hasPrefix("..") {
                piece = piece.dropFirst()
                guard !piece.isEmpty else { return }
            }
        }
        text += piece
        scalars += piece.unicodeScalars.count
    }

    /// Removes spaces at the end, keeping spans inside the text.
    mutating func trimTrailingSpaces() {
        while text.unicodeScalars.last == " " {
            text.unicodeScalars.removeLast()
            scalars -= 1
        }
        for i in spans.indices where spans[i].end > scalars { spans[i].end = scalars }
    }
}

/// Renders templates and samples entities for one record, from one random stream.
struct Renderer {
    let task: CompiledTask
    var random: SeededRandom
    var entities: [[Value]]
    private var depth = 0

    init(task: CompiledTask, random: SeededRandom) {
        self.task = task
        self.random = random
        entities = task.entities.map { Array(repeating: .null, count: $0.fields.count) }
    }

    // MARK: Values

    func lookup(_ path: ValuePath) -> Value {
        var value = entities[path.entity][path.field]
        for step in path.steps {
            switch step {
            case .key(let key): value = value.objectValue?[key] ?? .null
            case .index(let i):
                guard let array = value.arrayValue, i >= 0, i < array.count else { return .null }
                value = array[i]
            }
        }
        return value
    }

    func resolve(_ operand: Operand) -> Value {
        switch operand {
        case .literal(let v): return v
        case .path(let p): return lookup(p)
        }
    }

    func holds(_ condition: Condition?) -> Bool {
        guard let condition else { return true }
        return condition.tests.allSatisfy { Self.matches(lookup($0.path), $0.matcher) }
    }

    static func matches(_ value: Value, _ matcher: Matcher) -> Bool {
        switch matcher {
        case .not(let inner): return !matches(value, inner)
        case .equals(let expected): return same(value, expected)
        case .oneOf(let options): return options.contains { same(value, $0) }
        case .range(let lo, let hi):
            guard let x = value.doubleValue else { return false }
            return (lo.map { x >= $0 } ?? true) && (hi.map { x <= $0 } ?? true)
        case .present(let wanted):
            switch value {
            case .null, .bool(false): return !wanted
            case .string(let s): return s.isEmpty != wanted
            case .array(let a): return a.isEmpty != wanted
            default: return wanted
            }
        }
    }

    static func same(_ a: Value, _ b: Value) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a == b
    }

    // MARK: Entities

    /// Samples every entity of the task, field by field, so later fields can depend on earlier ones.
    mutating func sampleEntities() {
        for e in task.entities.indices {
            for f in task.entities[e].fields.indices {
                let field = task.entities[e].fields[f]
                entities[e][f] = holds(field.when) ? sample(field.generator) : .null
            }
        }
    }

    private mutating func sample(_ generator: FieldGenerator) -> Value {
        switch generator {
        case .pick(let source):
            guard let list = weightedList(source) else { return .null }
            return list.draw(&random)
        case .sample(let source, let lo, let hi):
            guard let list = weightedList(source) else { return .array([]) }
            let wanted = min(random.int(in: lo, hi), list.values.count)
            var indices = Array(list.values.indices)
            var picked: [Value] = []
            for k in 0..<wanted {
                let j = k + random.below(indices.count - k)
                indices.swapAt(k, j)
                picked.append(list.values[indices[k]])
            }
            return .array(picked)
        case .row(let tableIndex, let filters):
            let table = task.tables[tableIndex]
            var candidates: [Int] = []
            var cumulative: [Double] = []
            var total = 0.0
            let wanted = filters.map { ($0.attribute, resolve($0.operand)) }
            rows: for (i, row) in table.rows.enumerated() {
                for (attribute, value) in wanted where !Self.rowAccepts(row[attribute], value) { continue rows }
                total += table.weights[i]
                candidates.append(i)
                cumulative.append(total)
            }
            guard total > 0 else { return .null }
            return .object(table.rows[candidates[random.index(cumulative: cumulative)]])
        case .int(let bounds):
            guard let (lo, hi) = range(bounds) else { return .null }
            return .int(random.int(in: Int(lo.rounded()), Int(hi.rounded())))
        case .float(let bounds, let decimals):
            guard let (lo, hi) = range(bounds) else { return .null }
            return .double(Self.round(lo + random.unit() * (hi - lo), decimals))
        case .normal(let meanOperand, let sdOperand, let lo, let hi, let decimals):
            guard let mean = resolve(meanOperand).doubleValue, let sd = resolve(sdOperand).doubleValue else { return .null }
            var x = random.normal(mean: mean, sd: sd)
            if let lo { x = max(lo, x) }
            if let hi { x = min(hi, x) }
            return decimals == 0 ? .int(Int(x.rounded())) : .double(Self.round(x, decimals))
        case .date(let a, let b):
            return .string(CivilDate(dayNumber: random.int(in: a.dayNumber, b.dayNumber)).iso)
        case .dateFrom(let baseOperand, let yearsOperand, let days, let sign):
            guard let base = CivilDate(iso: resolve(baseOperand).text) else { return .null }
            let years = yearsOperand.flatMap { resolve($0).doubleValue }.map { Int($0) } ?? 0
            let shifted = base.adding(years: sign * years).adding(days: sign * random.int(in: days.0, days.1))
            return .string(shifted.iso)
        case .text(let template):
            if let path = template.singleValue { return lookup(path) }
            return .string(render(template))
        case .bool(let p): return .bool(random.chance(p))
        case .constant(let v): return v
        }
    }

    private func range(_ bounds: Bounds) -> (Double, Double)? {
        if let pair = bounds.pair {
            if case .array(let a) = lookup(pair), a.count == 2, let lo = a[0].doubleValue, let hi = a[1].doubleValue {
                return (min(lo, hi), max(lo, hi))
            }
            if let x = lookup(pair).doubleValue { return (x, x) }
            return bounds.fallback
        }
        guard let lo = bounds.lo.flatMap({ resolve($0).doubleValue }), let hi = bounds.hi.flatMap({ resolve($0).doubleValue })
        else { return bounds.fallback }
        return (min(lo, hi), max(lo, hi))
    }

    static func round(_ x: Double, _ decimals: Int) -> Double {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        return (x * scale).rounded() / scale
    }

    /// A row attribute accepts a value when absent, equal, listing it, or a [min, max] range around it.
    static func rowAccepts(_ attribute: Value?, _ value: Value) -> Bool {
        guard let attribute, !value.isNull else { return true }
        if same(attribute, value) { return true }
        if case .array(let items) = attribute {
            if items.contains(where: { same($0, value) }) { return true }
            if items.count == 2, let lo = items[0].doubleValue, let hi = items[1].doubleValue, let x = value.doubleValue {
                return lo <= x && x <= hi
            }
        }
        return false
    }

    private mutating func weightedList(_ source: ListSource) -> WeightedList? {
        switch source {
        case .list(let i): return task.lists[i]
        case .literal(let list): return list
        case .path(let path):
            let value = lookup(path)
            if case .array(let items) = value { return items.isEmpty ? nil : WeightedList(values: items) }
            return value.isNull ? nil : WeightedList(values: [value])
        case .named(let template):
            let name = render(template)
            return task.listNames[name].map { task.lists[$0] }
        }
    }

    // MARK: Text

    /// Renders `template` to plain text.
    mutating func render(_ template: Template) -> String {
        var builder = TextBuilder()
        emit(template, into: &builder)
        builder.trimTrailingSpaces()
        return builder.text
    }

    /// The value of a template: the typed value for a lone value slot, otherwise rendered text.
    mutating func value(of template: Template) -> Value {
        if let path = template.singleValue { return lookup(path) }
        return .string(render(template))
    }

    mutating func emit(_ template: Template, into builder: inout TextBuilder) {
        for node in template.nodes {
            switch node {
            case .literal(let text): builder.append(text)
            case .slot(let slot): emit(slot, into: &builder)
            }
        }
    }

    private mutating func emit(_ slot: Slot, into builder: inout TextBuilder) {
        if let chance = slot.chance, !random.chance(chance) { return }
        var value: Value
        switch slot.target {
        case .value(let path): value = lookup(path)
        case .list(let i): value = task.lists[i].draw(&random)
        case .builtin(let builtin): value = .string(self.builtin(builtin))
        case .rule(let i):
            guard depth < 40 else { return }
            let rule = task.rules[i]
            guard let chosen = choose(rule) else { return }
            if slot.filters.isEmpty {
                depth += 1
                emitSpanned(slot.span, into: &builder) { (me: inout Renderer, b: inout TextBuilder) in
                    me.emit(rule.alternatives[chosen].template, into: &b)
                }
                depth -= 1
                return
            }
            depth += 1
            value = .string(render(rule.alternatives[chosen].template))
            depth -= 1
        case .inline(let alternatives):
            let chosen = random.below(alternatives.count)
            emitSpanned(slot.span, into: &builder) { (me: inout Renderer, b: inout TextBuilder) in
                me.emit(alternatives[chosen], into: &b)
            }
            return
        }
        // Filters before `a` shape the value; after it, case filters apply to the whole phrase
        // ("{fruit|a|cap}" gives "An apple") while the article stays outside any span.
        var article: String? = nil
        for filter in slot.filters {
            if filter == .article {
                article = Inflection.article(for: value.text)
            } else if let prefix = article {
                switch filter {
                case .capitalized: article = Inflection.capitalized(prefix)
                case .upper, .lower, .title:
                    article = filter.applyText(prefix)
                    value = filter.apply(to: value, random: &random)
                default: value = filter.apply(to: value, random: &random)
                }
            } else {
                value = filter.apply(to: value, random: &random)
            }
        }
        let text = value.text
        if text.isEmpty { return }
        if let article { builder.append(article + " ") }
        emitSpanned(slot.span, into: &builder) { (_: inout Renderer, b: inout TextBuilder) in b.append(text, literal: false) }
    }

    private mutating func emitSpanned(
        _ span: String?, into builder: inout TextBuilder, _ body: (inout Renderer, inout TextBuilder) -> Void
    ) {
        guard let span else {
            body(&self, &builder)
            return
        }
        let start = builder.scalars
        body(&self, &builder)
        // A span never starts or ends on spaces.
        var s = start
        var e = builder.scalars
        let scalars = Array(builder.text.unicodeScalars.suffix(builder.scalars - start))
        var k = 0
        while k < scalars.count, scalars[k] == " " {
            s += 1
            k += 1
        }
        var t = scalars.count - 1
        while t >= k, scalars[t] == " " {
            e -= 1
            t -= 1
        }
        if e > s { builder.spans.append((s, e, span)) }
    }

    private mutating func choose(_ rule: CompiledRule) -> Int? {
        if !rule.conditional { return random.index(cumulative: rule.cumulative) }
        var eligible: [Int] = []
        var cumulative: [Double] = []
        var total = 0.0
        for (i, alternative) in rule.alternatives.enumerated() where holds(alternative.when) {
            total += alternative.weight
            eligible.append(i)
            cumulative.append(total)
        }
        guard total > 0 else { return nil }
        return eligible[random.index(cumulative: cumulative)]
    }

    private mutating func builtin(_ builtin: Builtin) -> String {
        func draw(_ alphabet: String, _ n: Int) -> String {
            let chars = Array(alphabet)
            var out = ""
            for _ in 0..<n { out.append(chars[random.below(chars.count)]) }
            return out
        }
        switch builtin {
        case .digits(let n): return draw("0123456789", n)
        case .letters(let n): return draw("ABCDEFGHIJKLMNOPQRSTUVWXYZ", n)
        case .alphanumeric(let n): return draw("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", n)
        case .hex(let n): return draw("0123456789abcdef", n)
        case .int(let lo, let hi): return String(random.int(in: lo, hi))
        }
    }
}
