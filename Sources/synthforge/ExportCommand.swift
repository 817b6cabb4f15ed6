import ArgumentParser
import Foundation
import SynthCore
import SynthExport
import SynthStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Write a stored dataset or a JSONL file in a training or file format: OpenAI, Alpaca, ShareGPT, DPO, LangChain, CSV, XLSX, Markdown.",
        discussion: """
            Each line of --input is read as a record: its shape comes from SynthForge's provenance, or from the fields a foreign line has (messages, instruction/output, prompt/chosen/rejected, …). Lines that are not records are skipped and listed with their line numbers. A record whose shape the format cannot hold stops the export with an error naming both; docs/exports.md shows which fields go where. Files are written under a temporary name and renamed only when complete.

            With --split, --out names a folder and each split is one file in it (out/train.jsonl, out/validation.jsonl, …). Records are dealt to splits by a hash of their id and --seed, so the same input and seed give the same splits; each split's count is within one record of its share, per value of --stratify when given.

            Examples:
              synthforge export --formats
              synthforge export notes@v1 --format hf --out notes-hf      (a dataset in the store)
              synthforge export --input chats.jsonl --format openai-chat --out chats-openai.jsonl
              synthforge export --input tasks.jsonl --format alpaca --out alpaca.json
              synthforge export --input labels.jsonl --format jsonl --out splits \\
                  --split train=0.8,validation=0.1,test=0.1 --stratify label --seed 1
              synthforge export --input notes.jsonl --format xlsx --out notes.xlsx
              synthforge export --input notes.jsonl --format markdown --out sample.md --limit 20
            """
    )

    @Flag(help: "List the formats, what each is for and which task shapes it takes.")
    var formats = false

    @Argument(
        help: ArgumentHelp("A dataset in the store, NAME or NAME@VERSION (a branch, tag or hash); or use --input.", valueName: "dataset"))
    var dataset: String?

    @Option(help: ArgumentHelp("The JSONL file to export.", valueName: "file"))
    var input: String?

    @Option(help: ArgumentHelp("The format (see --formats).", valueName: "name"))
    var format: String?

    @Option(help: ArgumentHelp("The output file; with --split, a folder for one file per split.", valueName: "path"))
    var out: String?

    @Option(help: ArgumentHelp("Split into named shares that sum to 1, such as train=0.8,validation=0.1,test=0.1.", valueName: "spec"))
    var split: String?

    @Option(help: ArgumentHelp("Keep each value of this field (such as label) in proportion across the splits.", valueName: "field"))
    var stratify: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Seed for the split assignment (default 42).", valueName: "n"))
    var seed: String?

    @Option(help: ArgumentHelp("Export at most this many records (markdown: default 100).", valueName: "n"))
    var limit: String?

    @OptionGroup var store: StoreOptions

    @Flag(name: .shortAndLong, help: "No summary on standard error.")
    var quiet = false

    func run() throws {
        do {
            if formats {
                print(Self.formatTable())
                return
            }
            if dataset != nil && input != nil {
                throw SynthError(.invalidArgument, "give a dataset from the store or --input FILE, not both")
            }
            guard dataset != nil || input != nil else {
                throw SynthError(
                    .invalidArgument,
                    "give what to export: a stored dataset (NAME[@VERSION]) or --input FILE (or list formats with --formats)")
            }
            guard let format else {
                throw SynthError(.invalidArgument, "give a format with --format NAME; `synthforge export --formats` lists them")
            }
            guard let out else { throw SynthError(.invalidArgument, "give where to write with --out PATH") }
            var request = ExportRequest(format: try ExportFormat.named(format), out: out)
            request.split = try split.map { (text: String) throws(SynthError) in try SplitSpec(parsing: text) }
            if let stratify {
                guard request.split != nil else { throw SynthError(.invalidArgument, "--stratify needs --split") }
                request.stratify = stratify
            }
            if let seed {
                guard let n = UInt64(seed) else {
                    throw SynthError(.invalidArgument, "--seed must be a whole number from 0 to 18446744073709551615, got '\(seed)'")
                }
                request.seed = n
            }
            if let limit { request.limit = try positiveInt(limit, option: "--limit") }
            let summary: ExportSummary
            if let dataset {
                let store = try store.open()
                let (name, reference) = datasetReference(dataset)
                summary = try Exporter.run(request, input: VersionInput(store: store, version: try store.resolve(name, reference)))
            } else {
                summary = try Exporter.run(request, input: JSONLInput(path: input ?? ""))
            }
            if !quiet { FileHandle.standardError.write(Data((summary.text + "\n").utf8)) }
        } catch {
            fail(error)
        }
    }

    /// The formats as a plain table: name, what it writes, shapes, and what it is for.
    static func formatTable() -> String {
        let rows = ExportFormat.all.map { format -> [String] in
            let writes: String
            switch format.layout {
            case .file(let ext): writes = ".\(ext)"
            case .folder: writes = "folder"
            }
            let shapes = format.shapes.count == TaskShape.allCases.count ? "all" : format.shapes.map(\.rawValue).joined(separator: ", ")
            return [format.name, writes, shapes, format.summary]
        }
        return columns([["format", "writes", "shapes", "for"]] + rows)
    }
}
