import Foundation
import SynthCore
import SynthGenerators
import SynthLLM
import Yams

/// A recipe's prompt template, read from its YAML file (the template format of docs/recipes.md).
struct RecipeTemplate: Sendable {
    /// The template's `id`.
    let id: String
    /// The template's `version`, carried into provenance.
    let version: String
    /// The system prompt, if any.
    let system: String?
    /// The user prompt.
    let user: String
    /// The shape the answer must have.
    let schema: OutputSchema
    /// The template's sampling parameters.
    let parameters: SamplingParameters
}

/// Loads and renders the recipes' prompt templates.
///
/// This is a stand-in for the full template engine: it reads only the keys the recipes need and
/// fills `{{name}}` placeholders from the variables the recipe supplies (the recipes' templates use
/// nothing else). `load` and `render` are the only two places to change when the full engine arrives.
enum RecipePrompts {
    /// Reads template `id` from `folder/id.yaml`.
    static func load(_ id: String, folder: String) throws(SynthError) -> RecipeTemplate {
        let path = (folder as NSString).appendingPathComponent("\(id).yaml")
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw SynthError(.io, "cannot read recipe template '\(path)': no such file or not UTF-8 text")
        }
        let document = try YAMLDocument(text: text, file: path)
        guard let mapping = document.root.mapping else {
            throw SynthError(.invalidSpec, "\(document.at(document.root)): a template must be a mapping of key: value")
        }
        func node(_ key: String) -> Node? { mapping[Node(key)] }
        func string(_ key: String) throws(SynthError) -> String {
            guard let value = node(key)?.scalar?.string, !value.isEmpty else {
                throw SynthError(.invalidSpec, "\(path): '\(key)' is missing or empty")
            }
            return value
        }
        guard let output = node("output") else { throw SynthError(.invalidSpec, "\(path): 'output' is missing") }
        let schema = try OutputSchema(jsonSchema: value(of: output), path: "\(document.at(output)): output")
        var parameters = SamplingParameters()
        if let given = node("parameters").map(value(of:))?.objectValue {
            parameters.temperature = given["temperature"]?.doubleValue
            parameters.topP = given["top_p"]?.doubleValue
            parameters.topK = given["top_k"]?.doubleValue.map { Int($0) }
            parameters.maxTokens = given["max_tokens"]?.doubleValue.map { Int($0) }
            parameters.stop = given["stop"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
        return RecipeTemplate(
            id: try string("id"), version: try string("version"), system: node("system")?.scalar?.string, user: try string("user"),
            schema: schema, parameters: parameters)
    }

    /// The request `template` makes for `model` with `variables` filled in.
    ///
    /// A placeholder is `{{name}}` or `{{name.field}}`; one naming no variable is an error that
    /// names the template and the placeholder.
    static func render(_ template: RecipeTemplate, _ variables: Fields, model: String) throws(SynthError) -> CompletionRequest {
        func fill(_ text: String) throws(SynthError) -> String {
            var out = ""
            var rest = Substring(text)
            while let open = rest.range(of: "{{") {
                out += rest[..<open.lowerBound]
                guard let close = rest[open.upperBound...].range(of: "}}") else {
                    throw SynthError(.invalidSpec, "template '\(template.id)': a '{{' is never closed")
                }
                let path = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces).split(separator: ".")
                var value = path.first.flatMap { variables[String($0)] }
                for field in path.dropFirst() { value = value?.objectValue?[String(field)] }
                guard let value else {
                    throw SynthError(
                        .invalidSpec, "template '\(template.id)' uses {{\(path.joined(separator: "."))}}, which the recipe does not supply")
                }
                out += value.text
                rest = rest[close.upperBound...]
            }
            return out + rest
        }
        var messages: [ChatMessage] = []
        if let system = template.system { messages.append(ChatMessage(role: "system", content: try fill(system))) }
        messages.append(ChatMessage(role: "user", content: try fill(template.user)))
        return CompletionRequest(model: model, prompt: .chat(messages), parameters: template.parameters, schema: template.schema)
    }

    private static func value(of node: Node) -> Value {
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain else { return .string(scalar.string) }
            if let i = node.int { return .int(i) }
            if let d = node.float { return .double(d) }
            if let b = node.bool { return .bool(b) }
            if node.null != nil { return .null }
            return .string(scalar.string)
        case .mapping(let mapping):
            return .object(Fields(mapping.map { ($0.key.string ?? "\($0.key)", value(of: $0.value)) }))
        case .sequence(let sequence):
            return .array(sequence.map(value(of:)))
        case .alias:
            return .null
        }
    }
}
