import SynthCore

/// Shorthands for the JSON Schemas the route table gives the OpenAPI document.
public enum Schema {
    public static let string: Value = .object(["type": .string("string")])
    public static let integer: Value = .object(["type": .string("integer")])
    public static let number: Value = .object(["type": .string("number")])
    public static let boolean: Value = .object(["type": .string("boolean")])
    public static let any: Value = .object([:])
    /// A string whose length is in `length`, matching `pattern` (a regular expression) when given.
    public static func string(length: ClosedRange<Int>, pattern: String? = nil) -> Value {
        var fields: Fields = [
            "type": .string("string"), "minLength": .int(length.lowerBound), "maxLength": .int(length.upperBound),
        ]
        if let pattern { fields["pattern"] = .string(pattern) }
        return .object(fields)
    }
    /// An integer in `range`.
    public static func integer(in range: ClosedRange<Int>) -> Value {
        .object(["type": .string("integer"), "minimum": .int(range.lowerBound), "maximum": .int(range.upperBound)])
    }
    public static func nullable(_ schema: Value) -> Value { .object(["anyOf": .array([schema, .object(["type": .string("null")])])]) }
    public static func array(_ items: Value) -> Value { .object(["type": .string("array"), "items": items]) }
    public static func enumeration(_ cases: [String]) -> Value {
        .object(["type": .string("string"), "enum": .array(cases.map { .string($0) })])
    }
    /// An object with `properties`; all required unless `required` says otherwise.
    public static func object(_ properties: [(String, Value)], required: [String]? = nil, additional: Bool = true) -> Value {
        var fields: Fields = [
            "type": .string("object"), "properties": .object(Fields(properties)),
            "required": .array((required ?? properties.map(\.0)).map { .string($0) }),
        ]
        if !additional { fields["additionalProperties"] = .bool(false) }
        return .object(fields)
    }
    public static func object(_ properties: KeyValuePairs<String, Value>, required: [String]? = nil, additional: Bool = true) -> Value {
        object(properties.map { ($0.key, $0.value) }, required: required, additional: additional)
    }
    /// The error body every 4xx and 5xx carries.
    public static let error: Value = object([
        "error": object(
            ["status": integer, "code": string, "message": string, "field": string], required: ["status", "code", "message"])
    ])
}
