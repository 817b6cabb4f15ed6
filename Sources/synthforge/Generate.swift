import ArgumentParser
import Foundation
import SynthCore
import SynthRuntime
import SynthStore

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

            Checks beyond shape and exact duplicates are opt-in: --privacy-level bundles them (docs/quality.md lists what each level runs), and --pii, --near-dedup, --toxicity, --bias, --quality-threshold and --decontaminate set them one by one. Dropped records are replaced, so the output still has --count records; --rejects keeps them with their reasons.

              synthforge generate --domain support --task conversations --count 5000 \\
                  --privacy-level medium --quality-threshold 0.85 --out chats.jsonl \\
                  --rejects dropped.jsonl --report chats.html

            With --provider and --template, the records come from a language model through the same stages: answers are parsed and repaired against the template's output schema (retried with the error when they do not fit), requests adapt their concurrency to the server, --max-cost and --max-tokens are hard limits (--dry-run estimates first), and every accepted record reaches OUT.partial at once. A killed, interrupted (Ctrl-C) or over-budget run keeps what it made; the same command again, or --resume ID, continues it from the response cache with no record lost or repeated (docs/llm.md).

              synthforge generate --provider local --base-url http://127.0.0.1:8080/v1 \\
                  --template tech_support_v1 --count 200 --out chats.jsonl
              synthforge generate --provider openai --model gpt-4o-mini \\
                  --template a.yaml --template b.yaml --split 50/50 --count 400 \\
                  --max-cost 1 --out ab.jsonl

            A spec file is YAML whose keys are these flags without dashes: domain, task, count, seed, format, out, shard-size, dedup, packs, privacy-level, pii, near-dedup, toxicity, bias, quality-threshold, reference, decontaminate, rejects, report, near-threshold, shingle-words, permutations, and the model's: provider, model, providers, base-url, template (one or a list), split, recipe, max-cost, max-tokens, rpm, tpm, max-in-flight, max-attempts, judge, judge-threshold. Flags given with --spec override the file's values.
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

    @Option(
        help: ArgumentHelp(
            "off, low (count personal data), medium (pseudonymize it, drop near duplicates), high (medium, plus drop records that copy long passages of --reference). Default off.",
            valueName: "level"))
    var privacyLevel: String?

    @Option(
        help: ArgumentHelp(
            "What to do with personal data: report, redact, mask, hash or pseudonymize (overrides the privacy level).", valueName: "action")
    )
    var pii: String?

    @Flag(inversion: .prefixedNo, help: "Drop near duplicates (MinHash, Jaccard ≥ 0.8; default: on from privacy level medium).")
    var nearDedup: Bool?

    @OptionGroup var near: NearDuplicateOptions

    @Option(help: ArgumentHelp("off, flag (score it in provenance) or drop (score ≥ 0.5). Default off.", valueName: "mode"))
    var toxicity: String?

    @Option(
        help: ArgumentHelp("off, flag or drop records that mention an identity group near negative words. Default off.", valueName: "mode"))
    var bias: String?

    @Option(help: ArgumentHelp("Drop records whose quality score (0–1, see docs/quality.md) is below this.", valueName: "score"))
    var qualityThreshold: String?

    @Option(
        help: ArgumentHelp(
            "JSONL file of real records: drop records that copy long passages of it (required by privacy level high).", valueName: "file"))
    var reference: String?

    @Option(help: ArgumentHelp("JSONL evaluation set: drop records that share a 13-word passage with it.", valueName: "file"))
    var decontaminate: String?

    @Option(help: ArgumentHelp("Write the dropped records, each with its reason, to this JSONL file.", valueName: "file"))
    var rejects: String?

    @Option(
        help: ArgumentHelp(
            "After the run, check the output and write a quality report here: HTML, or JSON or PDF by the name's ending.", valueName: "file"
        )
    )
    var report: String?

    @Option(
        help: ArgumentHelp(
            "Also commit the records to this dataset in the store (made if missing), added to its branch as a new version.",
            valueName: "name"))
    var dataset: String?

    @Option(help: ArgumentHelp("With --dataset: the branch to commit to (default: the dataset's current one).", valueName: "name"))
    var branch: String?

    @Option(help: ArgumentHelp("With --dataset: the new version's message.", valueName: "text"))
    var message: String?

    @OptionGroup var store: StoreOptions

    @OptionGroup(title: "Language model") var llm: LLMOptions

    @Flag(name: .shortAndLong, help: "No progress and no summary on standard error.")
    var quiet = false

    func run() async throws {
        try await execute(arguments: Array(CommandLine.arguments.drop { $0 != "generate" }.dropFirst()))
    }

    /// Runs the command; `arguments` are its own (after `generate`), which a model run keeps so `--resume ID` can run it again.
    func execute(arguments: [String]) async throws {
        do {
            if let id = llm.resume {
                try await Self.resume(id, runs: llm.runs ?? LLMGeneration.runsRoot, given: arguments)
                return
            }
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
            for (key, value) in [
                ("privacy-level", privacyLevel), ("pii", pii), ("toxicity", toxicity), ("bias", bias),
                ("quality-threshold", qualityThreshold),
            ] {
                guard let value else { continue }
                do { try flags.setCheck(key, value) } catch { throw SynthError(.invalidArgument, "--\(key) \(error.message)") }
            }
            flags.nearDedup = nearDedup
            flags.reference = reference
            flags.decontaminate = decontaminate
            flags.rejects = rejects
            flags.report = report
            try llm.apply(to: &flags)
            let fromFile = try spec.map { (path: String) throws(SynthError) in try SpecFile.load(path: path) } ?? PartialSpec()
            flags.near = try near.settings(over: fromFile.near)
            // With --dataset and no file named, the records go to a temporary file, then into the store.
            var scratch: String?
            if dataset != nil && flags.out == nil && fromFile.out == nil {
                scratch = FileManager.default.temporaryDirectory.appendingPathComponent("synthforge-\(UUID().uuidString).jsonl").path
                flags.out = scratch
            }
            defer { if let scratch { try? FileManager.default.removeItem(atPath: scratch) } }
            var merged = fromFile.overridden(by: flags)
            try LLMGeneration.complete(&merged)
            let resolved = try merged.resolved()
            if resolved.llm == nil, llm.dryRun || llm.runs != nil {
                throw SynthError(.invalidArgument, "--dry-run and --runs go with a model run (--provider NAME --template T)")
            }
            if dataset == nil && (branch != nil || message != nil) {
                throw SynthError(.invalidArgument, "--branch and --message go with --dataset NAME")
            }
            var target: Store?
            if let dataset {
                guard resolved.out != "-", resolved.format == .jsonl else {
                    throw SynthError(
                        .invalidArgument,
                        "--dataset stores JSONL records: leave out --out, or give a .jsonl file (not standard output or CSV)")
                }
                try Store.checkName(dataset, kind: "dataset")
                target = try store.open()
            }
            let concurrency =
                try workers.map { (w: String) throws(SynthError) in try positiveInt(w, option: "--workers") }
                ?? Generation.defaultConcurrency

            var summary: RunSummary
            if resolved.llm != nil {
                guard let outcome = try await runModel(resolved, concurrency: workers == nil ? nil : concurrency, arguments: arguments)
                else { return }
                summary = outcome.summary
                guard !outcome.summary.isPartial else { throw ExitCode(3) }
            } else {
                let handlers = Interruption.removePartialOutputOnSignal(for: resolved)
                defer { for handler in handlers { handler.cancel() } }
                var display = ProgressDisplay(quiet: quiet)
                summary = try await Generation.run(resolved, concurrency: concurrency) { display.update($0) }
                display.finish()
                if scratch != nil, let dataset { summary.spec.out = "dataset \(dataset)" }
                if !quiet { FileHandle.standardError.write(Data((summary.paragraph + "\n").utf8)) }
            }
            if let target, let dataset {
                let request = DatasetImport.Request(
                    dataset: dataset, path: resolved.out, mode: .append, branch: branch,
                    message: message
                        ?? "Generate \(NumberFormat.grouped(resolved.count)) \(resolved.domain)/\(resolved.task) records, seed \(resolved.seed)",
                    kind: "generate", spec: CommandLine.arguments.dropFirst().joined(separator: " "))
                let outcome = try DatasetImport.run(request, store: target)
                if !quiet { FileHandle.standardError.write(Data((outcome.text + "\n").utf8)) }
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            fail(error)
        }
    }

    /// Runs a model spec durably; prints the estimate instead with --dry-run (returning nil).
    private func runModel(_ spec: GenerationSpec, concurrency: Int?, arguments: [String]) async throws -> LLMGeneration.Outcome? {
        if llm.dryRun {
            print(try LLMGeneration.estimate(spec).text(budget: spec.llm?.maxCost))
            return nil
        }
        let stop = StopRequest()
        let handlers = Interruption.stopGracefullyOnSignal(stop, partialPath: spec.out + ".partial")
        defer { for handler in handlers { handler.cancel() } }
        var display = ProgressDisplay(quiet: quiet)
        let outcome: LLMGeneration.Outcome
        do {
            outcome = try await LLMGeneration.run(
                spec, arguments: arguments, runsRoot: llm.runs ?? LLMGeneration.runsRoot, concurrency: concurrency, stop: stop
            ) { display.update($0) }
        } catch {
            display.finish()
            if FileManager.default.fileExists(atPath: spec.out + ".partial") {
                throw SynthError(
                    (error as? SynthError)?.code ?? .provider,
                    "\(error) — the records made so far are kept in \(spec.out).partial; run the same command again to continue")
            }
            throw error
        }
        display.finish()
        if !quiet { FileHandle.standardError.write(Data((outcome.text + "\n").utf8)) }
        if outcome.summary.isPartial, stop.reason != nil { throw ExitCode(130) }
        return outcome
    }

    /// The options `--resume ID` takes beside it: limits and output settings, which do not change the run's records.
    static let resumeOptions: Set = ["--max-cost", "--max-tokens", "--rpm", "--tpm", "--max-in-flight"]

    /// Runs again the command that started run `id`, which continues it; the limits in `given`
    /// (`--max-cost 5`, say) replace the run's own, and are kept for its next session.
    private static func resume(_ id: String, runs: String, given: [String]) async throws {
        guard let state = try RunFolder(id: id, root: runs).state() else {
            throw SynthError(.notFound, "no run '\(id)' in \(runs) (a run's id is printed when it stops early)")
        }
        guard state.status != .complete else {
            print("Run \(id) is complete: \(NumberFormat.grouped(state.written)) records in \(state.output).")
            return
        }
        var overrides: [(name: String, value: String)] = []
        var quiet = false
        var i = 0
        while i < given.count {
            let argument = given[i]
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts.first ?? argument
            if name == "--quiet" || name == "-q" {
                quiet = true
            } else if name == "--resume" || name == "--runs" || resumeOptions.contains(name) {
                var value = parts.count > 1 ? parts[1] : nil
                if value == nil, i + 1 < given.count {
                    i += 1
                    value = given[i]
                }
                if resumeOptions.contains(name), let value { overrides.append((name, value)) }
            } else {
                throw SynthError(
                    .invalidArgument,
                    "--resume continues run \(id) as it was started; it takes only \(resumeOptions.sorted().joined(separator: ", ")), "
                        + "--runs and --quiet, not '\(argument)' (a different setting is a different run: give the full command instead)")
            }
            i += 1
        }
        var arguments = state.arguments
        for (name, value) in overrides { arguments = replacing(name, with: value, in: arguments) }
        if quiet && !arguments.contains("--quiet") && !arguments.contains("-q") { arguments.append("--quiet") }
        let command = try Generate.parse(arguments)
        try await command.execute(arguments: arguments)
    }

    /// `arguments` with option `name` set to `value`: its earlier occurrences removed, then `name value` added.
    static func replacing(_ name: String, with value: String, in arguments: [String]) -> [String] {
        var kept: [String] = []
        var i = 0
        while i < arguments.count {
            if arguments[i] == name {
                i += 2
                continue
            }
            if !arguments[i].hasPrefix(name + "=") { kept.append(arguments[i]) }
            i += 1
        }
        return kept + [name, value]
    }
}
