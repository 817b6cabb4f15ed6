import Foundation
import PackagePlugin

/// Embeds every `packs/*.yaml` file of the package into the target as Swift source (`EmbeddedPacks`), and
/// every `lexicons/*.yaml` file (word lists for augmentation) as `EmbeddedLexicons`.
@main
struct EmbedPacks: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        try [("packs", "EmbeddedPacks", "domain packs"), ("lexicons", "EmbeddedLexicons", "lexicons")].map { folder, name, what in
            let inputs = try FileManager.default.contentsOfDirectory(
                at: context.package.directoryURL.appending(path: folder), includingPropertiesForKeys: nil
            )
            .filter { $0.pathExtension == "yaml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
            let output = context.pluginWorkDirectoryURL.appending(path: "\(name).swift")
            return .buildCommand(
                displayName: "Embedding \(inputs.count) \(what)",
                executable: try context.tool(named: "PackEmbedder").url,
                arguments: [output.path, name] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output])
        }
    }
}
