import ArgumentParser
import SynthCore
import SynthExport
import SynthQuality
import SynthRuntime

struct BenchNearDup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "near-dup",
        abstract: "Time near-duplicate search (MinHash + LSH) over a JSONL file: wall, CPU, peak RSS and pairs found.",
        discussion: """
            Each line's text is found as validate finds it (or read from --field). Reading the file is timed apart; the total is shingling and signatures (on all cores) plus the LSH index, its candidate pairs and their confirmation.

            --pairs-out writes every candidate pair by line number with its estimated Jaccard index, so recall can be checked against the true Jaccard index (bench/quality/compare.py does).

              synthforge bench near-dup --input docs.jsonl --pairs-out pairs.tsv
            """
    )

    @Option(help: ArgumentHelp("The JSONL file of documents.", valueName: "file")) var input: String
    @Option(help: ArgumentHelp("A field to read as text (repeatable); default: detect from the shape.", valueName: "name"))
    var field: [String] = []
    @Option(help: ArgumentHelp("The least Jaccard index of 5-word shingles that makes a near duplicate.", valueName: "x"))
    var threshold = 0.8
    @Option(help: ArgumentHelp("MinHash permutations (signature length).", valueName: "n")) var permutations = "128"
    @Option(help: ArgumentHelp("Write the candidate pairs as tab-separated lines to this file.", valueName: "file"))
    var pairsOut: String?
    @Flag(help: "Print the figures as one JSON object.") var json = false

    func run() async throws {
        do {
            guard threshold > 0 && threshold < 1 else {
                throw SynthError(.invalidArgument, "--threshold must lie strictly between 0 and 1, got \(threshold)")
            }
            let finder = NearDuplicateFinder(threshold: threshold, permutations: try positiveInt(permutations, option: "--permutations"))
            let figures = try await Benchmark.nearDuplicates(in: input, fields: field, finder: finder)
            if let pairsOut { try Benchmark.writePairs(figures, to: pairsOut) }
            print(json ? JSONWriter.string(figures.json) : figures.summary)
            if let pairsOut, !json { print("Pairs: \(pairsOut)") }
        } catch {
            fail(error)
        }
    }
}
