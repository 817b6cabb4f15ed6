import SynthCore

/// A template variable: its name and how its values are drawn.
public struct TemplateVariable: Sendable, Hashable {
    /// The name the prompts use, as in `{{name}}` or `{{name.field}}`.
    public var name: String
    /// How values are drawn.
    public var sampler: VariableSampler

    /// Makes a variable.
    public init(name: String, sampler: VariableSampler) {
        self.name = name
        self.sampler = sampler
    }
}

/// How a template variable's values are drawn.
public enum VariableSampler: Sendable, Hashable {
    /// One of the values, uniformly.
    case list([Value])
    /// One of the values, with probability proportional to its weight.
    case weighted([Choice])
    /// A whole number in the range, uniformly.
    case integers(ClosedRange<Int>)
    /// A decimal number between the bounds, uniformly, rounded to `places` decimal places.
    case decimals(lower: Double, upper: Double, places: Int)
    /// The fields of one record of a built-in engine task, drawn from the first `pool` records of its stream.
    case records(domain: String, task: String, pool: Int)
    /// A leaf of a topic tree the model expands once per run from `root`.
    case topics(root: String, depth: Int, breadth: Int)

    /// A value of a weighted list and its weight.
    public struct Choice: Sendable, Hashable {
        /// The value.
        public var value: Value
        /// Its weight (positive).
        public var weight: Double

        /// Makes a choice.
        public init(_ value: Value, weight: Double) {
            self.value = value
            self.weight = weight
        }
    }

    /// How many records a `records` sampler draws from when the template does not say.
    public static let defaultPool = 200

    /// Draws one value; records and topic samplers read what `context` prepared for `variable`.
    func sample(_ random: inout SeededRandom, variable: String, context: SamplerContext) throws(SynthError) -> Value {
        switch self {
        case .list(let values):
            return values[random.below(values.count)]
        case .weighted(let choices):
            var cumulative: [Double] = []
            var total = 0.0
            for choice in choices {
                total += choice.weight
                cumulative.append(total)
            }
            return choices[random.index(cumulative: cumulative)].value
        case .integers(let range):
            return .int(random.int(in: range.lowerBound, range.upperBound))
        case .decimals(let lower, let upper, let places):
            var scale = 1.0
            for _ in 0..<places { scale *= 10 }
            let drawn = lower + random.unit() * (upper - lower)
            return .double(min(upper, max(lower, (drawn * scale).rounded() / scale)))
        case .records(let domain, let task, _):
            guard let pool = context.records[variable], !pool.isEmpty else {
                throw SynthError(
                    .invalidArgument,
                    "variable '\(variable)' samples records of \(domain)/\(task), but no records were prepared for it")
            }
            return .object(pool[random.below(pool.count)].fields)
        case .topics(let root, _, _):
            guard let leaves = context.topics[variable]?.leaves, !leaves.isEmpty else {
                throw SynthError(
                    .invalidArgument,
                    "variable '\(variable)' samples topics under '\(root)', but its topic tree was not expanded")
            }
            return .string(leaves[random.below(leaves.count)])
        }
    }
}
