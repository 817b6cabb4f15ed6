import Foundation
import PackagePlugin

/// Embeds folders of the package's YAML files into a target as Swift source: the domain packs
/// (`packs/`) and the augmentation word lists (`lexicons/`) into SynthGenerators, the prompt
/// templates (`templates/`) into SynthLLM.
@main
struct EmbedPacks: BuildToolPlugin {
    /// The folders each target embeds, each with the name of the enum that carries it.
    static let folders: [String: [(folder: String, type: String)]] = [
        "SynthGenerators": [("packs", "EmbeddedPacks"), ("lexicons", "EmbeddedLexicons")],
        "SynthLLM": [("templates", "EmbeddedTemplates")],
    ]

    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let folders = Self.folders[target.name] else {
            throw PluginError("EmbedPacks has no folder to embed into \(target.name); add one to EmbedPacks.folders")
        }
        return try folders.map { folder, type in
            let root = context.package.directoryURL.appending(path: folder)
            let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
            let inputs = files.filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }
            let output = context.pluginWorkDirectoryURL.appending(path: "\(type).swift")
            return .buildCommand(
                displayName: "Embedding \(inputs.count) files of \(folder)/",
                executable: try context.tool(named: "PackEmbedder").url,
                arguments: [output.path, type, root.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output])
        }
    }
}

struct PluginError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
