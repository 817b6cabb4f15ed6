import Foundation
import SynthCore
import SynthLLM

/// Finds the recipes' prompt templates: the shipped ones (built into the binary), or a folder of
/// edited copies (`<id>.yaml`) given in `RecipeOptions.templates`.
enum RecipePrompts {
    /// Template `id`: from `folder` when one is given, else the shipped one.
    static func load(_ id: String, folder: String?) throws(SynthError) -> PromptTemplate {
        guard let folder else { return try TemplateCatalog.template(id) }
        return try PromptTemplate.load(path: (folder as NSString).appendingPathComponent("\(id).yaml"))
    }
}
