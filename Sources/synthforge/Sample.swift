import ArgumentParser
import Foundation
import SynthCore
import SynthGenerators
import SynthRuntime

struct Sample: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sample rows from a model file into CSV or JSONL, optionally under conditions.",
        discussion: """
            Rows are drawn in batches of \(ModelFile.batchSize) on all cores and streamed to the file, so memory stays bounded for any --count; the file appears only when complete. The same model, count, conditions and seed give the same bytes.

            --where takes conditions joined by 'and' (no 'or'); every sampled row meets them, by construction. Operators: =, !=, <, <=, >, >=, between A and B, in (A, B). Quote labels and dates; column names with spaces go in double quotes. A condition no row can meet is an error, never a loop.

              synthforge sample --model model.sfm --count 1000000 --out synthetic.csv
              synthforge sample --model model.sfm --count 500 --where "age >= 30 and region = 'north'" --out north.jsonl
              synthforge sample --model model.sfm --count 500 --where "start_date between '2020-01-01' and '2020-06-30'" --out h1.csv
            """
    )

    @Option(help: ArgumentHelp("The model file fit wrote.", valueName: "file")) var model: String
    @OptionGroup var sample: SampleOptionGroup
    @Option(help: ArgumentHelp("Seed; the same model, count and seed give the same bytes (default 42).", valueName: "n")) var seed: String?

    func run() async throws {
        reportingErrors {
            try sample.write(from: try TabularSynthesis.load(path: model), seed: seed)
        }
    }
}

/// The options `sample` and `tabular` share.
struct SampleOptionGroup: ParsableArguments {
    @Option(help: ArgumentHelp("How many rows to sample.", valueName: "n")) var count: String
    @Option(
        name: .customLong("where"),
        help: ArgumentHelp("Conditions every row meets, such as \"age >= 30 and region = 'north'\".", valueName: "conditions"))
    var condition: String?
    @Option(help: ArgumentHelp("Write the rows here: .csv, .jsonl or .parquet (- for standard output as CSV).", valueName: "file")) var out:
        String
    @Flag(help: "No progress on standard error.") var noProgress = false

    /// Samples from `file` into `out`, with progress on standard error for long runs.
    func write(from file: ModelFile, seed: String?) throws {
        let n = try positiveInt(count, option: "--count")
        let showProgress = !noProgress && n > 4 * ModelFile.batchSize && out != "-" && isatty(STDERR_FILENO) != 0
        let clock = ContinuousClock()
        let start = clock.now
        try TabularSynthesis.sample(file, count: n, condition: condition, seed: try tabularSeed(seed), out: out) { rows in
            if showProgress { FileHandle.standardError.write(Data("\rsampled \(rows) of \(n) rows".utf8)) }
        }
        if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        let seconds = Double((clock.now - start).components.attoseconds) / 1e18 + Double((clock.now - start).components.seconds)
        if out != "-" { print("Sampled \(n) rows in \(NumberFormat.fixed(seconds, decimals: 1)) s: \(out)") }
    }
}
