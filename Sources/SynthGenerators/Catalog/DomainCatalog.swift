import Foundation
import SynthCore
import Yams

/// The domain packs available to a run: the ones built into the binary plus any folders of
/// `*.yaml` packs the user adds (a user pack with a built-in name replaces it).
public struct DomainCatalog: Sendable {
    /// The packs, sorted by name.
    public let packs: [DomainPack]

    /// The packs built into the binary.
    public static func builtin() throws(SynthError) -> DomainCatalog {
        try compiledBuiltin.get()
    }

    /// The built-in packs, compiled once per process: a server starts many runs, each of which
    /// would otherwise parse every pack again.
    private static let compiledBuiltin = Result { () throws(SynthError) -> DomainCatalog in
        try DomainCatalog(sources: EmbeddedPacks.files.map { ("packs/\($0.name)", $0.yaml) })
    }

    /// The built-in packs plus those in `folders`.
    public static func load(adding folders: [String]) throws(SynthError) -> DomainCatalog {
        if folders.isEmpty { return try builtin() }
        var sources = EmbeddedPacks.files.map { ("packs/\($0.name)", $0.yaml) }
        for folder in folders {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder)
                    .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            } catch {
                throw SynthError(.io, "cannot read pack folder '\(folder)': it does not exist or is not readable")
            }
            for name in names {
                let path = (folder as NSString).appendingPathComponent(name)
                guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
                else { throw SynthError(.io, "cannot read pack '\(path)' as UTF-8 text") }
                sources.append((path, text))
            }
        }
        return try DomainCatalog(sources: sources)
    }

    init(sources: [(file: String, yaml: String)]) throws(SynthError) {
        // Libraries (files with a top-level `library:` key) first, so any pack can use them.
        var documents: [YAMLDocument] = []
        var libraries: [String: PackLibrary] = [:]
        for (file, yaml) in sources {
            let document = try YAMLDocument(text: yaml, file: file)
            if document.root.mapping?.keys.contains(where: { $0.string == "library" }) == true {
                var compiler = PackCompiler(document: document)
                let (name, library) = try compiler.compileLibrary()
                libraries[name] = library
            } else {
                documents.append(document)
            }
        }
        var byName: [String: DomainPack] = [:]
        for document in documents {
            var compiler = PackCompiler(document: document)
            let pack = try compiler.compile(libraries: libraries)
            byName[pack.name] = pack
        }
        packs = byName.values.sorted { $0.name < $1.name }
    }

    /// The pack called `name`, or an error that lists the domains there are.
    public func pack(_ name: String) throws(SynthError) -> DomainPack {
        guard let pack = packs.first(where: { $0.name == name }) else {
            throw SynthError(
                .unknownDomain,
                "unknown domain '\(name)'; domains are: \(packs.map(\.name).joined(separator: ", "))")
        }
        return pack
    }

    /// What `task` of `domain` is: its shape, description and declared labels.
    public func task(domain: String, task: String) throws(SynthError) -> TaskInfo {
        try pack(domain).task(task)
    }

    /// A record source for `task` of `domain`.
    public func source(domain: String, task: String, specSeed: UInt64) throws(SynthError) -> DomainTaskSource {
        let pack = try pack(domain)
        return DomainTaskSource(maker: RecordMaker(pack: pack, task: try pack.compiledTask(task), specSeed: specSeed))
    }
}

/// The built-in engine as a pipeline source: one task of one domain pack.
public struct DomainTaskSource: RecordSource {
    let maker: RecordMaker

    public func records(for shard: Shard) async throws -> [Record] {
        var records: [Record] = []
        records.reserveCapacity(shard.size)
        for index in 0..<shard.size { records.append(maker.make(shard: shard, index: index)) }
        return records
    }
}
