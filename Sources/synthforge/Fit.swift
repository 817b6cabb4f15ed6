import ArgumentParser
import Foundation
import SynthCore
import SynthGenerators
import SynthRuntime

struct Fit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Learn a model of a table (CSV or JSONL) and write it as a model file to sample from.",
        discussion: """
            Column kinds are inferred (integer, float, boolean, datetime, categorical, identifier, text); a schema YAML overrides them and declares constraints. Identifier columns are regenerated as fresh unique keys and text/personal-data columns are refilled with fakes, so neither is ever copied. Missing values are modelled, not dropped. The same data, options and seed give a byte-identical model file. See docs/tabular.md.

              synthforge fit --data real.csv --out model.sfm
              synthforge fit --data real.csv --schema schema.yaml --model copula --seed 7 --out model.sfm
              synthforge fit --data real.csv --schema schema.yaml --model dp-mst --epsilon 1 --dataset patients --out private.sfm
              synthforge sample --model model.sfm --count 100000 --out synthetic.csv

            Models: \(TabularModels.names.joined(separator: ", ")).
            """
    )

    @OptionGroup var fit: FitOptionGroup
    @Option(help: ArgumentHelp("Write the model file here (.sfm, JSON).", valueName: "file")) var out: String
    @Option(
        help: ArgumentHelp(
            "Seed; the same data and seed give the same model file (default 42; for dp-mst drawn at random, since its seed unmasks the noise).",
            valueName: "n"))
    var seed: String?

    func run() async throws {
        reportingErrors {
            let file = try fit.fitModel(seed: seed)
            try fit.recordSpend(of: file, beside: out)
            try TabularSynthesis.save(file, to: out)
            print("Fitted \(file.modelName) on \(file.preparation.columns.count) columns: \(out)")
        }
    }
}

/// The options `fit` and `tabular` share.
struct FitOptionGroup: ParsableArguments {
    @Option(help: ArgumentHelp("The real table, CSV (with a header) or JSONL.", valueName: "file")) var data: String
    @Option(help: ArgumentHelp("A schema YAML: column types, bounds, PII kinds and constraints.", valueName: "file")) var schema: String?
    @Option(
        help: ArgumentHelp(
            "The model: \(TabularModels.names.joined(separator: ", ")).", valueName: "name"))
    var model = "copula"
    @Option(help: ArgumentHelp("Privacy budget ε for private models (0.1 to 10).", valueName: "x")) var epsilon: Double?
    @Option(help: ArgumentHelp("δ for private models (such as 1e-6).", valueName: "x")) var delta: Double?
    @Flag(name: .shortAndLong, help: "No notes on standard error.") var quiet = false
    @Option(
        help: ArgumentHelp(
            "The name the privacy ledger books a private fit's spend under (default: the data file's full path).", valueName: "name"))
    var dataset: String?
    @OptionGroup var store: StoreOptions

    /// Fits the chosen model, printing the reader's notes on standard error.
    func fitModel(seed: String?) throws -> ModelFile {
        if let epsilon, !(epsilon > 0) || !epsilon.isFinite {
            throw SynthError(.invalidArgument, "--epsilon must be a positive number (0.1 to 10 is the useful range), got \(epsilon)")
        }
        if let delta, !(delta >= 0 && delta < 1) {
            throw SynthError(.invalidArgument, "--delta must be at least 0 and below 1 (such as 1e-6), got \(delta)")
        }
        // A private model's noise is only as secret as its seed, so without --seed it is drawn at random.
        let isPrivate = try TabularModels.type(named: model).isPrivate
        let seed = seed == nil && isPrivate ? UInt64.random(in: .min ... .max) : try tabularSeed(seed)
        let options = FitOptions(seed: seed, epsilon: epsilon, delta: delta)
        let (file, notes) = try TabularSynthesis.fit(
            data: data, schemaPath: schema, model: model, options: options, synthforgeVersion: SynthForge.configuration.version)
        if !quiet { for note in notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) } }
        return file
    }
}

extension FitOptionGroup {
    /// Books a private fit's spend in the ledger beside `path` and in the store, and says so; nothing for other models.
    func recordSpend(of file: ModelFile, beside path: String) throws {
        guard file.model.privacy != nil else { return }
        let name = dataset ?? URL(fileURLWithPath: data).standardizedFileURL.path
        guard let entry = try TabularSynthesis.recordSpend(of: file, dataset: name, beside: path, store: try store.open()) else { return }
        if !quiet {
            FileHandle.standardError.write(
                Data(
                    "privacy: spent ε=\(String(format: "%.4g", entry.epsilon)) at δ=\(String(format: "%.4g", entry.delta)) on '\(name)', booked in \(PrivacyLedger.path(forModel: path)) and the store's ledger (synthforge privacy ledger --dataset '\(name)')\n"
                        .utf8))
        }
    }
}

/// A `--seed` value (default 42), with an error that names the option.
func tabularSeed(_ text: String?) throws(SynthError) -> UInt64 {
    guard let text else { return 42 }
    guard let seed = UInt64(text) else {
        throw SynthError(.invalidArgument, "--seed must be a whole number from 0 to 18446744073709551615, got '\(text)'")
    }
    return seed
}
