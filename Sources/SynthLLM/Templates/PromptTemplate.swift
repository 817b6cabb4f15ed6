import Foundation
import SynthCore

/// A prompt template: how to ask a model for one record of a task, and what the answer must look like.
///
/// Read from YAML (see docs/templates.md): the prompts are mustache texts over the template's
/// variables, each variable has a sampler, and the output schema's properties become the
/// record's fields. A template that reads without problems renders for any sampled variables.
public struct PromptTemplate: Sendable, Hashable {
    /// How the prompt is sent.
    public enum Mode: String, Sendable, CaseIterable {
        /// System and user messages, for chat models.
        case chat
        /// One plain text the model continues, for base models driven few-shot.
        case completion
    }

    /// A worked example: the variables it was made from and the output the model should give for them.
    public struct Example: Sendable, Hashable {
        /// The example's variables.
        public let variables: Fields
        /// The output for them, matching the output schema.
        public let output: Value
    }

    /// The template's id: lowercase letters, digits, `_` and `-`.
    public let id: String
    /// The template's version, carried into every record's provenance.
    public let version: String
    /// One line on what the template makes.
    public let description: String
    /// The domain it belongs to, for listing.
    public let domain: String
    /// The task shape of the records it makes.
    public let task: TaskShape
    /// Chat or completion.
    public let mode: Mode
    /// The system prompt, if any.
    public var system: String? { systemText?.source }
    /// The user prompt.
    public var user: String { userText.source }
    /// Worked examples, shown to the model before the request.
    public let fewShot: [Example]
    /// The shape of the answer.
    public let output: OutputSchema
    /// How to sample, unless the caller overrides it.
    public let parameters: SamplingParameters
    /// The variables and their samplers, in declared order.
    public let variables: [TemplateVariable]
    /// The file the template was read from, as the user named it.
    public let file: String

    let systemText: PromptText?
    let userText: PromptText

    /// Reads and validates the template in the file at `path`; the error lists every problem.
    public static func load(path: String) throws(SynthError) -> PromptTemplate {
        try parse(yaml: try read(path: path), file: path)
    }

    /// Reads and validates a template from YAML text; `file` names it in errors. The error lists every problem.
    public static func parse(yaml: String, file: String) throws(SynthError) -> PromptTemplate {
        var reader = TemplateReader(file: file)
        let template = reader.read(yaml)
        guard let template, reader.problems.isEmpty else {
            let count = reader.problems.count
            throw SynthError(
                .invalidSpec,
                "\(file) has \(count) problem\(count == 1 ? "" : "s"):\n"
                    + reader.problems.map { "  \($0)" }.joined(separator: "\n"))
        }
        return template
    }

    /// Every problem in a template's YAML text, in file order; empty when the template is valid.
    public static func validate(yaml: String, file: String) -> [TemplateProblem] {
        var reader = TemplateReader(file: file)
        _ = reader.read(yaml)
        return reader.problems
    }

    /// Every problem in the template file at `path`; a file that cannot be read is one problem.
    public static func validate(path: String) -> [TemplateProblem] {
        do {
            return validate(yaml: try read(path: path), file: path)
        } catch {
            return [TemplateProblem(file: path, line: nil, field: "file", message: error.message)]
        }
    }

    private static func read(path: String) throws(SynthError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SynthError(.io, "cannot read template '\(path)': it does not exist or is not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw SynthError(.io, "template '\(path)' is not UTF-8 text") }
        return text
    }
}
