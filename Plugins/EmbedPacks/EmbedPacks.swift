import Foundation
import PackagePlugin

/// Embeds every `packs/*.yaml` file of the package into the target as Swift source.
@main
struct EmbedPacks: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let packs = context.package.directoryURL.appending(path: "packs")
        let inputs = try FileManager.default.contentsOfDirectory(at: packs, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedPacks.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) domain packs",
                executable: try context.tool(named: "PackEmbedder").url,
                arguments: [output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
