import ArgumentParser
import SynthCore
import SynthExport
import SynthRuntime

struct BenchTextMetrics: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text-metrics",
        abstract: "Time BLEU and ROUGE over hypothesis and reference files: corpus BLEU, sentence BLEU and ROUGE-1/2/L of each pair.",
        discussion: """
            Both files hold one segment a line; line n of the references is the reference of line n of the hypotheses. Scores are sacrebleu's (13a tokenizer, exponential smoothing) and rouge-score's (no stemmer).

            --scores-out writes each pair's scores exactly, so they can be checked against the Python packages (bench/quality/compare.py does).

              synthforge bench text-metrics --hypotheses hyp.txt --references ref.txt --scores-out scores.tsv
            """
    )

    @Option(help: ArgumentHelp("The hypotheses, one a line.", valueName: "file")) var hypotheses: String
    @Option(help: ArgumentHelp("The references, one a line.", valueName: "file")) var references: String
    @Option(help: ArgumentHelp("Write each pair's scores as tab-separated lines to this file.", valueName: "file"))
    var scoresOut: String?
    @Flag(help: "Print the figures as one JSON object.") var json = false

    func run() async throws {
        do {
            let figures = try Benchmark.textMetrics(hypotheses: hypotheses, references: references)
            if let scoresOut { try Benchmark.writeScores(figures, to: scoresOut) }
            print(json ? JSONWriter.string(figures.json) : figures.summary)
            if let scoresOut, !json { print("Scores: \(scoresOut)") }
        } catch {
            fail(error)
        }
    }
}
