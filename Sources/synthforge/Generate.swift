import ArgumentParser
import Foundation
import SynthCore
import SynthRuntime

struct Generate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate records from a domain task (or a spec file) and stream them to JSONL or CSV.",
        discussion: """
            The same spec and seed give byte-identical output, however many cores run it. Each record is checked against its task's shape, and exact duplicates (after normalising case, punctuation and spacing) are dropped and replaced. A file is written under a temporary name and renamed only when complete. Progress goes to standard error, then a summary.

            Examples:
              synthforge generate --domain medical --task clinical-notes \\
                  --count 10000 --seed 7 --out notes.jsonl
              synthforge generate --domain support --task conversations --out -
              synthforge generate --spec specs/support.yaml --count 500

            A spec file is YAML whose keys are these flags without dashes: domain, task, count, seed, format, out, shard-size, dedup, packs. Flags given with --spec override the file's values.
            """
    )

    @Option(help: ArgumentHelp("YAML spec file; flags given as well override its values.", valueName: "file"))
    var spec: String?

    @Option(help: ArgumentHelp("Domain, such as medical (see `synthforge domains`).", valueName: "name"))
    var domain: String?

    @Option(help: ArgumentHelp("Task within the domain, such as clinical-notes.", valueName: "name"))
    var task: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("How many records to write (default 100).", valueName: "n"))
    var count: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Seed; the same seed gives the same bytes (default 42).", valueName: "n"))
    var seed: String?

    @Option(help: ArgumentHelp("jsonl or csv (default: from --out's extension, else jsonl).", valueName: "format"))
    var format: String?

    @Option(help: ArgumentHelp("Output file, or - for standard output (default -).", valueName: "path"))
    var out: String?

    @Option(help: ArgumentHelp("Records per shard, the unit of parallel work (default 1000).", valueName: "n"))
    var shardSize: String?

    @Flag(inversion: .prefixedNo, help: "Drop exact duplicates (default on).")
    var dedup: Bool?

    @Option(help: ArgumentHelp("Folder of extra domain packs (*.yaml); repeatable.", valueName: "dir"))
    var packs: [String] = []

    @Option(help: ArgumentHelp("Shards generated in parallel (default: one per core).", valueName: "n"))
    var workers: String?

    @Flag(name: .shortAndLong, help: "No progress and no summary on standard error.")
    var quiet = false

    func run() async throws {
        do {
            var flags = PartialSpec()
            flags.domain = domain
            flags.task = task
            if let count { flags.count = try positiveInt(count, option: "--count") }
            if let seed {
                guard let n = UInt64(seed) else {
                    throw SynthError(.invalidArgument, "--seed must be a whole number from 0 to 18446744073709551615, got '\(seed)'")
                }
                flags.seed = n
            }
            if let format {
                guard let f = OutputFormat(rawValue: format.lowercased()) else {
                    throw SynthError(.invalidArgument, "--format must be jsonl or csv, got '\(format)'")
                }
                flags.format = f
            }
            flags.out = out
            if let shardSize { flags.shardSize = try positiveInt(shardSize, option: "--shard-size") }
            flags.dedup = dedup
            if !packs.isEmpty { flags.packs = packs }
            let fromFile = try spec.map { (path: String) throws(SynthError) in try SpecFile.load(path: path) } ?? PartialSpec()
            let resolved = try fromFile.overridden(by: flags).resolved()
            let concurrency =
                try workers.map { (w: String) throws(SynthError) in try positiveInt(w, option: "--workers") }
                ?? Generation.defaultConcurrency

            let handlers = Interruption.removePartialOutputOnSignal(for: resolved)
            defer { for handler in handlers { handler.cancel() } }
            var display = ProgressDisplay(quiet: quiet)
            let summary = try await Generation.run(resolved, concurrency: concurrency) { display.update($0) }
            display.finish()
            if !quiet { FileHandle.standardError.write(Data((summary.paragraph + "\n").utf8)) }
        } catch {
            fail(error)
        }
    }
}
