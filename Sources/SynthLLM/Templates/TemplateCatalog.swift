import Foundation
import SynthCore

/// The prompt templates shipped in the binary (the repository's `templates/` folder, embedded at build time).
public enum TemplateCatalog {
    /// Every shipped template, by path under `templates/`.
    public static func shipped() throws(SynthError) -> [PromptTemplate] {
        var templates: [PromptTemplate] = []
        for file in EmbeddedTemplates.files { templates.append(try PromptTemplate.parse(yaml: file.yaml, file: "templates/\(file.name)")) }
        return templates
    }

    /// The template a user names: a file path when such a file exists, else the id of a shipped template.
    public static func template(_ reference: String) throws(SynthError) -> PromptTemplate {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: reference, isDirectory: &isFolder), !isFolder.boolValue {
            return try PromptTemplate.load(path: reference)
        }
        let templates = try shipped()
        if let template = templates.first(where: { $0.id == reference }) { return template }
        let looksLikePath = reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml")
        throw SynthError(
            .notFound,
            looksLikePath
                ? "no template file '\(reference)'"
                : "no template '\(reference)'; shipped templates are \(templates.map(\.id).joined(separator: ", ")), or give a file path")
    }
}
