import Foundation
import SynthCore
import SynthQuality

/// The privacy metric: how much the records copy the reference (memorization).
struct MemorizationFindings {
    var summary: MemorizationSummary
    /// The reference file's path, for the report.
    var reference: String

    init(index: NGramOverlapIndex, reference: String) {
        summary = MemorizationSummary(check: MemorizationCheck(index: index), keep: 20)
        self.reference = reference
    }

    mutating func add(_ overlap: NGramOverlap, line: Int) { summary.add(overlap, record: line) }

    private func percent(_ x: Double) -> String { NumberFormat.fixed(x * 100, decimals: 2) + "%" }

    var json: Value {
        .object([
            "reference": .string(reference), "n": .int(summary.check.index.n), "limit": .double(summary.check.limit),
            "records": .int(summary.records), "exact_matches": .int(summary.exactMatches),
            "exact_match_rate": .double(summary.exactMatchRate), "memorized": .int(summary.memorized),
            "memorized_rate": .double(summary.memorizedRate), "mean_overlap": .double(summary.meanOverlap),
            "worst": .array(
                summary.worst.map {
                    .object([
                        "line": .int($0.record), "overlap": .double(($0.overlap.fraction * 1000).rounded() / 1000),
                        "exact": .bool($0.overlap.exact), "passage": .string($0.overlap.passage ?? ""),
                    ])
                }),
        ])
    }

    var line: String {
        "Memorization against \(reference): \(percent(summary.exactMatchRate)) exact copies, \(NumberFormat.grouped(summary.memorized)) records over the limit (\(percent(summary.memorizedRate))), mean \(summary.check.index.n)-gram overlap \(percent(summary.meanOverlap))."
    }

    var section: ReportDocument.Section {
        let rows = summary.worst.map {
            [
                String($0.record), NumberFormat.fixed($0.overlap.fraction, decimals: 3), $0.overlap.exact ? "yes" : "no",
                String(($0.overlap.passage ?? "").prefix(160)),
            ]
        }
        return .init(
            title: "Memorization of the reference",
            note:
                "Share of each record's \(summary.check.index.n)-word passages (13-grams of lower-cased words) found in \(reference). A record is memorised when it equals a reference text or more than \(Int(summary.check.limit * 100))% of its 13-grams occur there; generate --reference drops such records.",
            blocks: [
                .table(
                    header: ["measure", "value"],
                    rows: [
                        ["exact copies", "\(NumberFormat.grouped(summary.exactMatches)) (\(percent(summary.exactMatchRate)))"],
                        ["memorised", "\(NumberFormat.grouped(summary.memorized)) (\(percent(summary.memorizedRate)))"],
                        ["mean overlap", percent(summary.meanOverlap)],
                    ]),
                .table(
                    header: ["line", "overlap", "exact", "copied passage"],
                    rows: rows.isEmpty ? [["", "", "", "no record shares a 13-gram with the reference"]] : rows),
            ])
    }
}

/// Records that share an n-gram with an evaluation set (`--decontaminate`).
struct ContaminationFindings {
    /// The n-gram length of the evaluation set's index.
    let n: Int
    let evaluation: String
    private(set) var records = 0
    private(set) var contaminated = 0
    private(set) var examples: [(line: Int, shared: Int, passage: String)] = []

    init(n: Int, evaluation: String) {
        self.n = n
        self.evaluation = evaluation
    }

    mutating func add(_ overlap: NGramOverlap, line: Int) {
        records += 1
        guard Decontamination.isContaminated(overlap) else { return }
        contaminated += 1
        if examples.count < 20 { examples.append((line, overlap.matched, overlap.passage ?? "")) }
    }

    var json: Value {
        .object([
            "evaluation_set": .string(evaluation), "n": .int(n), "records": .int(records), "contaminated": .int(contaminated),
            "examples": .array(
                examples.map { .object(["line": .int($0.line), "shared_ngrams": .int($0.shared), "passage": .string($0.passage)]) }),
        ])
    }

    var line: String {
        "Contamination: \(NumberFormat.grouped(contaminated)) of \(NumberFormat.grouped(records)) records share a \(n)-word passage with \(evaluation)"
            + (examples.first.map { " (first: line \($0.line))." } ?? ".")
    }

    var section: ReportDocument.Section {
        .init(
            title: "Contamination with the evaluation set",
            note:
                "Records sharing at least one \(n)-word passage with \(evaluation) (the GPT-3 rule); generate --decontaminate drops them.",
            blocks: [
                .table(
                    header: ["line", "shared passages", "passage"],
                    rows: examples.isEmpty
                        ? [["", "", "no record shares a passage with the evaluation set"]]
                        : examples.map { [String($0.line), String($0.shared), String($0.passage.prefix(160))] })
            ])
    }
}
