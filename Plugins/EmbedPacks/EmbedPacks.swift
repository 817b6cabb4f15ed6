import Foundation
import PackagePlugin

/// Embeds a folder of the package's YAML files into a target as Swift source: the domain packs
/// (`packs/`) into SynthGenerators and the prompt templates (`templates/`) into SynthLLM.
@main
struct EmbedPacks: BuildToolPlugin {
    /// The folder each target embeds, and the name of the enum that carries it.
    static let folders: [String: (folder: String, type: String)] = [
        "SynthGenerators": ("packs", "EmbeddedPacks"),
        "SynthLLM": ("templates", "EmbeddedTemplates"),
    ]

    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let (folder, type) = Self.folders[target.name] else {
            throw PluginError("EmbedPacks has no folder to embed into \(target.name); add one to EmbedPacks.folders")
        }
        let root = context.package.directoryURL.appending(path: folder)
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        let inputs = files.filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appending(path: "\(type).swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) files of \(folder)/",
                executable: try context.tool(named: "PackEmbedder").url,
                arguments: [output.path, type, root.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}

struct PluginError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
