import ArgumentParser
import Foundation
import SynthCore
import SynthGenerators
import SynthRuntime

struct Features: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make ML feature data or time series from a declared schema, with guarantees checked on every row.",
        discussion: """
            A feature schema declares features (uniform, normal, beta, lognormal, integer, categorical), per-segment parameters, Spearman correlations and a target whose classes take declared shares and depend on the features. A schema with a `series:` section makes per-entity time series instead (trend, seasonality, AR noise), one row per entity and time; --count is then the number of entities. See docs/features.md.

            After generating, the guarantees are checked (minimum samples, class shares, standard deviations, no NaN or infinite values, a logistic regression beating the majority class on held-out rows). When one fails, nothing is written and the exit status is 1. --validate prints the ML-readiness report; --json prints it as JSON.

            Examples:
              synthforge features --schema examples/features/prompt-quality.yaml --count 1000 --out train.csv
              synthforge features --schema examples/features/prompt-quality.yaml --count 5000 --validate
              synthforge features --schema examples/features/store-sales.yaml --out sales.csv --seed 7
            """
    )

    @Option(help: ArgumentHelp("The schema (YAML).", valueName: "file"))
    var schema: String

    @Option(help: ArgumentHelp("Rows to make (for a series schema: entities; default the schema's `entities`).", valueName: "n"))
    var count: String?

    @Option(
        help: ArgumentHelp(
            "The CSV, JSONL or Parquet file to write (by extension; - for standard output). Without it, only check.", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("Seed; the same seed gives the same bytes (default 42).", valueName: "n"))
    var seed: String?

    @Flag(help: "Print the ML-readiness report: each guarantee, pass or fail, with its measured figure.")
    var validate = false

    @Flag(help: "Print the ML-readiness report as JSON on standard output.")
    var json = false

    func run() async throws {
        reportingErrors {
            guard out != nil || validate || json else {
                throw SynthError(
                    .invalidArgument, "give --out FILE to write the data, or --validate / --json to only check the schema's guarantees")
            }
            var seedValue: UInt64 = 42
            if let seed {
                guard let n = UInt64(seed) else {
                    throw SynthError(.invalidArgument, "--seed must be a whole number from 0 to 18446744073709551615, got '\(seed)'")
                }
                seedValue = n
            }
            let rows = try count.map { text throws(SynthError) in try positiveInt(text, option: "--count") }
            let result = try FeatureGeneration.run(FeatureOptions(schema: schema, count: rows, out: out, seed: seedValue))
            for note in result.notes { FileHandle.standardError.write(Data("synthforge: note: \(note)\n".utf8)) }
            let toStandardOutput = out == "-"
            if json {
                print(FeatureGeneration.json(result.report))
            } else if validate && !toStandardOutput {
                print(result.report.text)
            }
            guard result.report.passed else {
                throw SynthError(.exhausted, "guarantees failed, nothing written: \(result.report.failures)")
            }
            if let written = result.written, !toStandardOutput, !json {
                print("Wrote \(NumberFormat.grouped(result.rows)) rows (\(result.columns.joined(separator: ", "))) to \(written).")
            }
        }
    }
}
