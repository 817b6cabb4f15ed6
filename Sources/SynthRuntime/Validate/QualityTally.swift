import SynthCore
import SynthQuality

/// The composite quality scores of a dataset: their mean and spread, the worst records with
/// their issues, and how many fall below a threshold.
struct QualityTally {
    /// The threshold records are held against, if any.
    let threshold: Double?
    private(set) var scores: [Double] = []
    private(set) var below = 0
    /// The lowest-scoring records with a defect, worst first, at most `keep`.
    private(set) var worst: [(line: Int, score: Double, issues: [String], preview: String)] = []
    private let keep = 20

    init(threshold: Double?) { self.threshold = threshold }

    mutating func add(_ score: QualityScore, line: Int, text: String) {
        scores.append(score.value)
        if let threshold, score.value < threshold { below += 1 }
        guard score.value < 1, worst.count < keep || score.rounded < worst[worst.count - 1].score else { return }
        let entry = (line, score.rounded, score.issues, Validation.preview(text))
        let at = worst.firstIndex { $0.score > score.rounded } ?? worst.count
        worst.insert(entry, at: at)
        if worst.count > keep { worst.removeLast() }
    }

    var mean: Double { scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count) }

    var json: Value {
        var object: Fields = [
            "mean": .double((mean * 10_000).rounded() / 10_000), "min": .double(scores.min() ?? 0),
            "perfect": .int(scores.filter { $0 >= 1 }.count),
        ]
        if let threshold {
            object["threshold"] = .double(threshold)
            object["below_threshold"] = .int(below)
        }
        object["worst"] = .array(
            worst.map {
                .object(["line": .int($0.line), "score": .double($0.score), "issues": .array($0.issues.map(Value.string))])
            })
        return .object(object)
    }

    var summary: String {
        var text = "Quality: mean score \(NumberFormat.fixed(mean, decimals: 3)) (1 = no defect found)"
        if let threshold { text += "; \(NumberFormat.grouped(below)) records below \(NumberFormat.fixed(threshold, decimals: 2))" }
        if let first = worst.first { text += "; worst: line \(first.line), \(first.issues.joined(separator: "; "))" }
        return text + "."
    }

    var section: ReportDocument.Section {
        var bins = Array(repeating: 0.0, count: 10)
        for s in scores { bins[min(9, Int(s * 10))] += 1 }
        let bars = bins.enumerated().map { k, n in ("\(NumberFormat.fixed(Double(k) / 10, decimals: 1))–", n) }
        let rows = worst.map {
            [String($0.line), NumberFormat.fixed($0.score, decimals: 3), $0.issues.joined(separator: "; "), $0.preview]
        }
        return .init(
            title: "Quality score",
            note:
                "Per record: completeness × length × repetition × characters × (1 − toxicity), each 1 when no defect is found (docs/quality.md gives the formula). The dataset score is the mean."
                + (threshold.map {
                    " \(NumberFormat.grouped(below)) records score below the threshold \(NumberFormat.fixed($0, decimals: 2))."
                } ?? ""),
            blocks: [
                .bars(title: "Records by score", bars: bars),
                .table(
                    header: ["line", "score", "issues", "text"],
                    rows: rows.isEmpty ? [["", "", "no defect found in any record", ""]] : rows),
            ])
    }
}
