import SynthCore

/// A vocabulary: values with cumulative weights for weighted draws.
struct WeightedList: Sendable {
    var values: [Value]
    var cumulative: [Double]

    init(values: [Value], weights: [Double]? = nil) {
        self.values = values
        var total = 0.0
        cumulative = (weights ?? Array(repeating: 1, count: values.count)).map {
            total += $0
            return total
        }
    }

    func draw(_ random: inout SeededRandom) -> Value {
        values.isEmpty ? .null : values[random.index(cumulative: cumulative)]
    }
}

/// A table of rows (objects) with weights, drawn with filters against already-sampled values.
struct PackTable: Sendable {
    var name: String
    var rows: [Fields]
    var weights: [Double]
}

/// A grammar rule: weighted alternatives, some only eligible when a condition holds.
struct CompiledRule: Sendable {
    var name: String
    var alternatives: [Alternative]
    var cumulative: [Double]
    var conditional: Bool
}

struct Alternative: Sendable {
    var template: Template
    var weight: Double
    var when: Condition?
}

/// All of a set of tests on values must pass.
struct Condition: Sendable {
    var tests: [(path: ValuePath, matcher: Matcher)]
}

indirect enum Matcher: Sendable {
    case not(Matcher)
    case equals(Value)
    case oneOf([Value])
    case range(Double?, Double?)
    case present(Bool)
}

/// An entity type compiled for one task: its fields in sampling order.
struct CompiledEntity: Sendable {
    var type: String
    var fields: [CompiledField]
}

struct CompiledField: Sendable {
    var name: String
    var generator: FieldGenerator
    var when: Condition?
}

enum Operand: Sendable {
    case literal(Value)
    case path(ValuePath)
}

enum ListSource: Sendable {
    case list(Int)
    case literal(WeightedList)
    case path(ValuePath)
    case named(Template)
}

struct Bounds: Sendable {
    var pair: ValuePath?
    var lo: Operand?
    var hi: Operand?
    var fallback: (Double, Double)?
}

enum FieldGenerator: Sendable {
    case pick(ListSource)
    case sample(ListSource, min: Int, max: Int)
    case row(table: Int, filters: [(attribute: String, operand: Operand)])
    case int(Bounds)
    case float(Bounds, decimals: Int)
    case normal(mean: Operand, sd: Operand, min: Double?, max: Double?, decimals: Int)
    case date(CivilDate, CivilDate)
    case dateFrom(base: Operand, years: Operand?, days: (Int, Int), sign: Int)
    case text(Template)
    case bool(Double)
    case constant(Value)
}

/// A conversation turn: a message, or a block of turns repeated a random number of times.
indirect enum Turn: Sendable {
    case message(role: String, content: Template, chance: Double?, when: Condition?)
    case repeated(min: Int, max: Int, turns: [Turn])
}

/// A question–answer pair option of a QA task.
struct QAPair: Sendable {
    var question: Template
    var answer: Template
    var weight: Double
    var when: Condition?
}

/// The templates that make a task's payload, by shape.
enum Payload: Sendable {
    case document(text: Template)
    case instruction(instruction: Template, input: Template?, output: Template)
    case conversation(system: Template?, turns: [Turn])
    case classification(text: Template, label: Template)
    case ner(text: Template)
    case qa(context: Template, pairs: [QAPair])
    case preference(prompt: Template, chosen: Template, rejected: Template)
}

/// A task compiled against its pack: everything needed to make one record from a seed.
struct CompiledTask: Sendable {
    var info: TaskInfo
    var aliases: [String]
    var entities: [CompiledEntity]
    var rules: [CompiledRule]
    var lists: [WeightedList]
    var listNames: [String: Int]
    var tables: [PackTable]
    var payload: Payload
    var metadata: [(key: String, template: Template)]
}

/// What a user sees of a task: its name, shape, description and, for classification, its labels.
public struct TaskInfo: Sendable, Equatable {
    /// The task's name within its domain.
    public var name: String
    /// The shape of its records.
    public var shape: TaskShape
    /// One line on what the task makes.
    public var description: String
    /// The label set of a classification task (or the span types of an NER task).
    public var labels: [String]
}

/// Shared vocabularies and tables from a library file, taken into packs with `uses:`.
struct PackLibrary: Sendable {
    var lists: [WeightedList]
    var listNames: [String: Int]
    var tables: [PackTable]
    var tableNames: [String: Int]
}
