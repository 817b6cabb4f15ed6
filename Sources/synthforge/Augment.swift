import ArgumentParser
import Foundation
import SynthCore
import SynthGenerators
import SynthRuntime

struct Augment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Make more training examples from a JSONL dataset: synonyms, insertions, swaps, deletions, typos, entity swaps offline; paraphrases and back-translations through a model.",
        discussion: """
            Each record is written, then --factor copies of it, each made by applying the --ops in order. Copies keep the record's shape: NER entity offsets are recomputed after every edit and words inside an entity are never edited (entity-swap renames them whole), and a QA answer stays a span of its context with answer_start moved to match. Each copy has the id <id>-aug<k> and says where it came from in provenance.augmented_from and provenance.augment_ops. The same --seed and input give the same output, and a record's copies do not depend on the other lines.

            Operations (alpha is --alpha, default 0.1):
              synonym      replace alpha of the words with a synonym (built-in list)
              insert       insert synonyms of the text's words at random places
              swap         swap two words, alpha x (number of words) times
              delete       drop each word with probability alpha
              typo         a keyboard slip (near key, transposed, dropped or
                           doubled letter) in each word with probability alpha
              entity-swap  rename people, cities, countries and companies the
                           same way across the record (people and places packs)
              paraphrase   a model rewrites each text in other words (--provider)
              back-translate  a model translates each text into --pivot and back

            The model operations take the provider flags of `generate` (--provider, --model, --base-url, --providers, --max-cost). They rewrite message contents, instruction/output texts and the like; of a QA record only the question, and NER records not at all (a rewrite cannot keep entity offsets true).

            Numbers are never edited. A copy the operations leave unchanged, or that would break its shape (a preference pair whose chosen and rejected become equal, say), is not written; the summary counts them.

            Examples:
              synthforge augment --in data.jsonl --ops synonym,typo --factor 3 > more.jsonl
              synthforge augment --in ner.jsonl --ops entity-swap --only-new --out new.jsonl
              synthforge augment --in chats.jsonl --ops paraphrase --provider local \\
                  --base-url http://127.0.0.1:8080/v1 --only-new --out paraphrased.jsonl
            """
    )

    @Option(
        name: .customLong("in"), help: ArgumentHelp("The JSONL dataset to augment (SynthForge's or any other tool's).", valueName: "file"))
    var input: String

    @Option(
        help: ArgumentHelp(
            "Comma-separated operations, applied in order: \((Augmentations.names + Augmentation.modelOperations).joined(separator: ",")).",
            valueName: "list"))
    var ops: String

    @Option(help: ArgumentHelp("Copies made per record (default 1).", valueName: "n"))
    var factor: String?

    @Option(help: ArgumentHelp("Seed; the same seed and input give the same bytes (default 42).", valueName: "n"))
    var seed: String?

    @Option(help: ArgumentHelp("The share of words an operation changes, from 0 to 1 (default 0.1).", valueName: "rate"))
    var alpha: String?

    @Option(help: ArgumentHelp("Output file, or - for standard output (default -).", valueName: "path"))
    var out: String?

    @Option(
        help: ArgumentHelp(
            "The model's provider for paraphrase and back-translate: openai, anthropic, local or one from --providers.", valueName: "name"))
    var provider: String?

    @Option(help: ArgumentHelp("The model, as the provider names it.", valueName: "name"))
    var model: String?

    @Option(help: ArgumentHelp("Base URL of an OpenAI-compatible server (with --provider local).", valueName: "url"))
    var baseURL: String?

    @Option(help: ArgumentHelp("YAML file of providers (see docs/llm.md).", valueName: "file"))
    var providers: String?

    @Option(help: ArgumentHelp("Stop before the model operations spend more than this many US dollars.", valueName: "usd"))
    var maxCost: String?

    @Option(help: ArgumentHelp("The language back-translate goes through (default French).", valueName: "language"))
    var pivot = "French"

    @Flag(help: "Write only the new copies, not the original records.")
    var onlyNew = false

    @Flag(name: .shortAndLong, help: "No progress on standard error.")
    var quiet = false

    func run() async throws {
        do {
            let alphaValue =
                try alpha.map { text throws(SynthError) -> Double in
                    guard let a = Double(text), (0...1).contains(a) else {
                        throw SynthError(.invalidArgument, "--alpha must be a number from 0 to 1, such as 0.1, got '\(text)'")
                    }
                    return a
                } ?? 0.1
            var llm: LLMSettings?
            if let provider {
                var spec = PartialSpec()
                spec.provider = provider
                for (key, value) in [("model", model), ("base-url", baseURL), ("providers", providers), ("max-cost", maxCost)] {
                    guard let value else { continue }
                    do { try spec.setLLM(key, value) } catch { throw SynthError(.invalidArgument, "--\(key) \(error.message)") }
                }
                llm = spec.llm
            } else if model != nil || baseURL != nil || providers != nil || maxCost != nil {
                throw SynthError(.invalidArgument, "--model, --base-url, --providers and --max-cost go with --provider NAME")
            }
            let names = ops.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let operations = try Augmentation.operations(names, alpha: alphaValue, llm: llm, pivot: pivot)
            let factorValue =
                try factor.map { text throws(SynthError) -> Int in
                    guard let n = Int(text), n >= 1 else {
                        throw SynthError(.invalidArgument, "--factor must be a whole number of 1 or more, got '\(text)'")
                    }
                    return n
                } ?? 1
            let seedValue =
                try seed.map { text throws(SynthError) -> UInt64 in
                    guard let n = UInt64(text) else {
                        throw SynthError(.invalidArgument, "--seed must be a whole number from 0 to 18446744073709551615, got '\(text)'")
                    }
                    return n
                } ?? 42
            let target = out ?? "-"
            let options = AugmentOptions(
                input: input, output: target, operations: operations, factor: factorValue, seed: seedValue, onlyNew: onlyNew)
            var display = ProgressDisplay(quiet: quiet)
            let clock = ContinuousClock()
            let start = clock.now
            let summary = try await Augmentation.run(options) { records, bytesRead, totalBytes in
                display.update(records: records, bytesRead: bytesRead, totalBytes: totalBytes, elapsed: clock.now - start)
            }
            display.finish()
            var text = "Read \(summary.records) records; wrote \(summary.originals) originals and \(summary.copies) copies"
            text += target == "-" ? "." : " to \(target)."
            if summary.unchanged > 0 { text += " \(summary.unchanged) copies were left unchanged by the operations and not written." }
            if summary.invalid > 0 { text += " \(summary.invalid) copies broke their record's shape and were not written." }
            // With the records on standard output, the summary goes to standard error.
            if target == "-" {
                FileHandle.standardError.write(Data((text + "\n").utf8))
            } else {
                print(text)
            }
        } catch {
            fail(error)
        }
    }
}
