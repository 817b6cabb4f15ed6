import ArgumentParser
import SynthRuntime

struct Tabular: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a model on a table and sample a synthetic twin in one step (fit + sample).",
        discussion: """
            The same as `synthforge fit` then `synthforge sample`, without keeping the model file (pass --model-out to keep it).

              synthforge tabular --data real.csv --count 10000 --out synthetic.csv
              synthforge tabular --data real.csv --schema schema.yaml --count 10000 --where "placed = true" --out placed.csv
            """
    )

    @OptionGroup var fit: FitOptionGroup
    @OptionGroup var sample: SampleOptionGroup
    @Option(help: ArgumentHelp("Also write the model file here.", valueName: "file")) var modelOut: String?
    @Option(help: ArgumentHelp("Seed for fitting and sampling (default 42).", valueName: "n")) var seed: String?

    func run() async throws {
        reportingErrors {
            let file = try fit.fitModel(seed: seed)
            try fit.recordSpend(of: file, beside: modelOut ?? (sample.out == "-" ? fit.data : sample.out))
            if let modelOut { try TabularSynthesis.save(file, to: modelOut) }
            try sample.write(from: file, seed: seed)
        }
    }
}
