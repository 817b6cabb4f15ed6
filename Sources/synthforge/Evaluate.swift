import ArgumentParser
import Foundation
import SynthCore
import SynthRuntime

struct Evaluate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Score a synthetic table against the real one: SDMetrics-compatible quality, privacy (DCR, NNDR, k-anonymity) and utility.",
        discussion: """
            Quality and diagnostic scores are SDMetrics' QualityReport and DiagnosticReport; privacy distances are exact over all rows; utility trains logistic or linear regression on real and on synthetic rows and tests both on real rows. docs/evaluation.md defines every figure.

              synthforge evaluate --real real.csv --synthetic synthetic.csv --report report.html --json report.json
              synthforge evaluate --real train.csv --synthetic synthetic.csv --holdout holdout.csv --quasi-identifiers age,zip --target churn
            """
    )

    @Option(help: ArgumentHelp("The real table (CSV or JSONL).", valueName: "file")) var real: String
    @Option(help: ArgumentHelp("The synthetic table, with the same columns.", valueName: "file")) var synthetic: String
    @Option(
        help: ArgumentHelp(
            "Real rows the generator never saw: DCR share is measured against them and utility is tested on them.", valueName: "file"))
    var holdout: String?
    @Option(help: ArgumentHelp("A YAML schema declaring column kinds and quasi_identifiers.", valueName: "file")) var schema: String?
    @Option(help: ArgumentHelp("Comma-separated columns that could re-identify a person, for k-anonymity.", valueName: "a,b"))
    var quasiIdentifiers: String?
    @Option(help: ArgumentHelp("Quasi-identifier groups smaller than this count as at risk.", valueName: "k")) var k = "5"
    @Option(help: ArgumentHelp("The column utility predicts (default: the last categorical or boolean column).", valueName: "column"))
    var target: String?
    @Option(help: ArgumentHelp("Write the HTML report here.", valueName: "file")) var report: String?
    @Option(help: ArgumentHelp("Write every score as JSON here.", valueName: "file")) var json: String?

    func run() async throws {
        reportingErrors {
            let request = Evaluation.Request(
                real: real, synthetic: synthetic, holdout: holdout, schema: schema,
                quasiIdentifiers: (quasiIdentifiers ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
                    .filter {
                        !$0.isEmpty
                    },
                k: try positiveInt(k, option: "--k"), target: target, report: report, json: json)
            let outcome = try Evaluation.run(request)
            print(Evaluation.summary(outcome), terminator: "")
            if let report { print("Report: \(report)") }
            if let json { print("JSON: \(json)") }
        }
    }
}
