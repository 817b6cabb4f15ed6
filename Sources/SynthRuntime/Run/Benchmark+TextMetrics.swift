import Foundation
import SynthCore
import SynthQuality

extension Benchmark {
    /// What a text-metrics benchmark measured and scored.
    public struct TextMetricFigures: Sendable {
        /// Hypothesis–reference pairs scored.
        public var pairs: Int
        /// Corpus BLEU of all hypotheses (`sacrebleu.corpus_bleu` defaults).
        public var corpusBLEU: BLEUScore
        /// The time corpus BLEU took.
        public var corpusBLEUTime: Timing
        /// Sentence BLEU of each pair (`sacrebleu.sentence_bleu` defaults).
        public var sentenceBLEU: [BLEUScore]
        /// The time sentence BLEU of all pairs took.
        public var sentenceBLEUTime: Timing
        /// ROUGE-1, ROUGE-2 and ROUGE-L of each pair (rouge-score, no stemmer).
        public var rouge: RougeCorpusScores
        /// The time ROUGE of all pairs took.
        public var rougeTime: Timing
        /// Peak resident memory of the process (VmHWM), in bytes.
        public var peakRSS: Int

        /// The mean sentence BLEU score, 0–100.
        public var meanSentenceBLEU: Double {
            sentenceBLEU.isEmpty ? 0 : sentenceBLEU.reduce(0.0) { $0 + $1.score } / Double(sentenceBLEU.count)
        }

        /// The figures as lines for people.
        public var summary: String {
            let n = NumberFormat.grouped(pairs)
            let f = { (x: Double) in NumberFormat.fixed(x, decimals: 4) }
            return [
                "text-metrics: \(n) hypothesis–reference pairs",
                "corpus BLEU:         \(Benchmark.describe(corpusBLEUTime)); BLEU \(f(corpusBLEU.score))",
                "sentence BLEU ×\(n): \(Benchmark.describe(sentenceBLEUTime)); mean \(f(meanSentenceBLEU))",
                "ROUGE-1/2/L ×\(n):   \(Benchmark.describe(rougeTime)); mean F \(f(rouge.meanRouge1F)) / \(f(rouge.meanRouge2F)) / \(f(rouge.meanRougeLF))",
                "peak RSS:            \(Benchmark.megabytes(peakRSS))",
            ].joined(separator: "\n")
        }

        /// The figures as one JSON object (times in seconds, memory in bytes, scores exact).
        public var json: Value {
            .object([
                "pairs": .int(pairs), "corpus_bleu": .double(corpusBLEU.score), "corpus_bleu_time": Benchmark.json(corpusBLEUTime),
                "mean_sentence_bleu": .double(meanSentenceBLEU), "sentence_bleu_time": Benchmark.json(sentenceBLEUTime),
                "mean_rouge1_f": .double(rouge.meanRouge1F), "mean_rouge2_f": .double(rouge.meanRouge2F),
                "mean_rougeL_f": .double(rouge.meanRougeLF), "rouge_time": Benchmark.json(rougeTime), "peak_rss_bytes": .int(peakRSS),
            ])
        }
    }

    /// Reads one hypothesis a line from `hypotheses` and one reference a line from `references`,
    /// and times corpus BLEU, sentence BLEU of each pair, and ROUGE-1/2/L of each pair.
    public static func textMetrics(hypotheses: String, references: String) throws(SynthError) -> TextMetricFigures {
        let hypothesisLines = try lines(of: hypotheses)
        let referenceLines = try lines(of: references)
        guard hypothesisLines.count == referenceLines.count else {
            throw SynthError(
                .invalidArgument,
                "'\(hypotheses)' and '\(references)' differ in length (\(NumberFormat.grouped(hypothesisLines.count)) and "
                    + "\(NumberFormat.grouped(referenceLines.count)) lines): give one reference line per hypothesis line")
        }
        guard !hypothesisLines.isEmpty else { throw SynthError(.invalidArgument, "'\(hypotheses)' is empty: there is nothing to score") }

        var stopwatch = Stopwatch()
        let corpus = BLEU().corpusScore(hypotheses: hypothesisLines, references: [referenceLines])
        let corpusTime = stopwatch.elapsed
        stopwatch = Stopwatch()
        let sentences = BLEU.sentence().sentenceScores(hypotheses: hypothesisLines, references: referenceLines)
        let sentenceTime = stopwatch.elapsed
        stopwatch = Stopwatch()
        let rouge = Rouge().corpusScores(targets: referenceLines, predictions: hypothesisLines)
        let rougeTime = stopwatch.elapsed
        return TextMetricFigures(
            pairs: hypothesisLines.count, corpusBLEU: corpus, corpusBLEUTime: corpusTime, sentenceBLEU: sentences,
            sentenceBLEUTime: sentenceTime, rouge: rouge, rougeTime: rougeTime, peakRSS: MemoryStatus.read("VmHWM") ?? 0)
    }

    /// Writes each pair's scores as tab-separated lines, atomically: sentence BLEU, then precision,
    /// recall and F-measure of ROUGE-1, ROUGE-2 and ROUGE-L, each as the shortest text that reads back exactly.
    public static func writeScores(_ figures: TextMetricFigures, to path: String) throws(SynthError) {
        var text = "sentence_bleu"
        for variant in ["rouge1", "rouge2", "rougeL"] { text += "\t\(variant)_p\t\(variant)_r\t\(variant)_f" }
        text += "\n"
        for (bleu, rouge) in zip(figures.sentenceBLEU, figures.rouge.pairs) {
            text += "\(bleu.score)"
            for score in [rouge.rouge1, rouge.rouge2, rouge.rougeL] { text += "\t\(score.precision)\t\(score.recall)\t\(score.fMeasure)" }
            text += "\n"
        }
        try write(Data(text.utf8), to: path)
    }

    /// The lines of the text file at `path`, without their newlines; a final newline ends the last line.
    private static func lines(of path: String) throws(SynthError) -> [String] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SynthError(.io, "cannot read '\(path)': no such file or not readable")
        }
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
