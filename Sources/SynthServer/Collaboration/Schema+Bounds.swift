import SynthCore

extension Schema {
    /// An integer from `range.lowerBound` to `range.upperBound`.
    static func integer(in range: ClosedRange<Int>) -> Value {
        .object(["type": .string("integer"), "minimum": .int(range.lowerBound), "maximum": .int(range.upperBound)])
    }

    /// A string of `range` characters, matching `pattern` when given.
    static func string(length range: ClosedRange<Int>, pattern: String? = nil) -> Value {
        var fields: Fields = ["type": .string("string"), "minLength": .int(range.lowerBound), "maxLength": .int(range.upperBound)]
        if let pattern { fields["pattern"] = .string(pattern) }
        return .object(fields)
    }
}
