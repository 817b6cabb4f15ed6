import SynthCore

/// The shape an answer must have: the subset of JSON Schema that templates declare.
///
/// `object` (with `properties` and `required`), `array` (with `items`), `string`, `number`, `integer`,
/// `boolean`, and `enum` of strings. Anything else in a schema is an error, so a template never
/// silently asks for a constraint nothing checks.
public indirect enum OutputSchema: Sendable, Hashable {
    /// An object with named properties, in declared order, and the names that must be present.
    case object(properties: [Property], required: [String])
    /// A list whose every element has the same shape.
    case array(items: OutputSchema)
    /// Text.
    case string
    /// Any number.
    case number
    /// A whole number.
    case integer
    /// true or false.
    case boolean
    /// One of the listed strings.
    case oneOf([String])

    /// A named property of an object schema.
    public struct Property: Sendable, Hashable {
        /// The property's name.
        public var name: String
        /// Its shape.
        public var schema: OutputSchema

        /// Makes a property.
        public init(_ name: String, _ schema: OutputSchema) {
            self.name = name
            self.schema = schema
        }
    }

    /// Reads a JSON Schema (as a parsed value); errors name the path of the offending part,
    /// such as `properties.answer.type`.
    public init(jsonSchema: Value, path: String = "") throws(SynthError) {
        let at = path.isEmpty ? "the schema" : path
        guard let object = jsonSchema.objectValue else { throw SynthError(.invalidSpec, "\(at) must be a mapping with a `type`") }
        let known: Set<String> = ["type", "properties", "required", "items", "enum", "description", "title", "additionalProperties"]
        if let unknown = object.keys.first(where: { !known.contains($0) }) {
            throw SynthError(
                .invalidSpec,
                "\(Self.join(path, unknown)) is not supported; schemas take type, properties, required, items, enum and description")
        }
        if let values = object["enum"] {
            guard let list = values.arrayValue, !list.isEmpty, list.allSatisfy({ $0.stringValue != nil }) else {
                throw SynthError(.invalidSpec, "\(Self.join(path, "enum")) must be a non-empty list of strings")
            }
            self = .oneOf(list.compactMap(\.stringValue))
            return
        }
        guard let type = object["type"]?.stringValue else {
            throw SynthError(
                .invalidSpec, "\(Self.join(path, "type")) is missing: give object, array, string, number, integer, boolean or an enum")
        }
        switch type {
        case "object":
            guard let properties = object["properties"]?.objectValue, !properties.isEmpty else {
                throw SynthError(.invalidSpec, "\(Self.join(path, "properties")) must name at least one property")
            }
            var parsed: [Property] = []
            for (name, schema) in properties {
                parsed.append(Property(name, try OutputSchema(jsonSchema: schema, path: Self.join(Self.join(path, "properties"), name))))
            }
            var required: [String] = []
            if let list = object["required"] {
                guard let names = list.arrayValue?.compactMap(\.stringValue), names.count == list.arrayValue?.count else {
                    throw SynthError(.invalidSpec, "\(Self.join(path, "required")) must be a list of property names")
                }
                if let stray = names.first(where: { name in !parsed.contains { $0.name == name } }) {
                    throw SynthError(.invalidSpec, "\(Self.join(path, "required")) names '\(stray)', which is not among the properties")
                }
                required = names
            }
            self = .object(properties: parsed, required: required)
        case "array":
            guard let items = object["items"] else { throw SynthError(.invalidSpec, "\(Self.join(path, "items")) is missing for an array") }
            self = .array(items: try OutputSchema(jsonSchema: items, path: Self.join(path, "items")))
        case "string": self = .string
        case "number": self = .number
        case "integer": self = .integer
        case "boolean": self = .boolean
        default:
            throw SynthError(
                .invalidSpec,
                "\(Self.join(path, "type")) '\(type)' is not supported; use object, array, string, number, integer, boolean or an enum")
        }
    }

    /// The schema as JSON Schema, to send to providers that constrain decoding to it.
    public var jsonSchema: Value {
        switch self {
        case .object(let properties, let required):
            var fields: Fields = ["type": .string("object")]
            fields["properties"] = .object(Fields(properties.map { ($0.name, $0.schema.jsonSchema) }))
            if !required.isEmpty { fields["required"] = .array(required.map { .string($0) }) }
            return .object(fields)
        case .array(let items): return .object(["type": .string("array"), "items": items.jsonSchema])
        case .string: return .object(["type": .string("string")])
        case .number: return .object(["type": .string("number")])
        case .integer: return .object(["type": .string("integer")])
        case .boolean: return .object(["type": .string("boolean")])
        case .oneOf(let values): return .object(["type": .string("string"), "enum": .array(values.map { .string($0) })])
        }
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}
