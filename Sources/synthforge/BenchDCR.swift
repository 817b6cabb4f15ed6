import ArgumentParser
import SynthCore
import SynthRuntime

struct BenchDCR: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcr",
        abstract: "Time exact DCR and DCR share on generated mixed tables (real, synthetic and holdout of --rows rows each).",
        discussion: """
            Build in release mode first (swift build -c release --product synthforge).

              synthforge bench dcr --rows 100000
            """
    )

    @Option(help: ArgumentHelp("Rows in each table.", valueName: "n")) var rows = "100000"

    func run() async throws {
        reportingErrors {
            print(Evaluation.benchDCR(rows: try positiveInt(rows, option: "--rows")).summary)
        }
    }
}
