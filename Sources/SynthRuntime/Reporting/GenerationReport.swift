import Foundation
import SynthCore
import SynthQuality

/// The report `generate --report` writes: the output checked as `validate` checks any file, plus
/// what the run dropped and why.
enum GenerationReport {
    /// The first few dropped records of each reason, kept for the report.
    struct DroppedSample {
        private(set) var byReason: [String: [(id: String, detail: String)]] = [:]
        private let perReason = 10

        mutating func add(_ record: Record, reason: String) {
            guard byReason[reason, default: []].count < perReason else { return }
            var detail = Validation.preview(record.readableText)
            if let issues = record.provenance.extra["quality_issues"]?.arrayValue {
                detail = issues.compactMap(\.stringValue).joined(separator: "; ") + " — " + detail
            }
            byReason[reason, default: []].append((record.id, detail))
        }
    }

    /// The printer a PDF report needs, found before the run so a missing Chromium is said at once.
    static func printer(for spec: GenerationSpec) throws(SynthError) -> PDFPrinter? {
        spec.report?.lowercased().hasSuffix(".pdf") == true ? try PDFPrinter.find() : nil
    }

    /// Checks `spec.out` and writes the report to `spec.report`: JSON when it ends in `.json`, a PDF
    /// with `printer` when one is given, else HTML.
    static func write(
        for spec: GenerationSpec, summary: RunSummary, dropped: DroppedSample, printer: PDFPrinter?
    ) async throws(SynthError) {
        guard let path = spec.report else { return }
        let options = ValidationOptions(
            synthetic: spec.out, metrics: [.quality, .diversity, .duplicates, .pii, .toxicity, .bias],
            qualityThreshold: spec.checks.qualityThreshold)
        var report = try await Validation.run(options)
        let drops = summary.drops.sorted { $0.key < $1.key }
        let examples = dropped.byReason.sorted { $0.key < $1.key }.flatMap { reason, records in
            records.map { [reason, $0.id, $0.detail] }
        }
        report.document.title = "Generation report"
        report.document.subtitle =
            "\(spec.domain)/\(spec.task), \(NumberFormat.grouped(summary.written)) records, seed \(spec.seed), to \(spec.out)"
        report.document.figures.insert(("generated", NumberFormat.grouped(summary.generated)), at: 0)
        report.document.figures.insert(("dropped", NumberFormat.grouped(summary.generated - summary.written)), at: 1)
        report.document.sections.insert(
            .init(
                title: "What the run dropped",
                note:
                    "Records the stages dropped, by reason; the run generated more to replace them. The examples are the first of each reason (all of them with --rejects).",
                blocks: [
                    .table(
                        header: ["reason", "records"],
                        rows: drops.isEmpty ? [["nothing dropped", "0"]] : drops.map { [$0.key, NumberFormat.grouped($0.value)] }),
                    .table(header: ["reason", "record", "why / text"], rows: examples.isEmpty ? [["", "", "nothing dropped"]] : examples),
                ]), at: 0)
        if case .object(var root) = report.json {
            root["generation"] = .object([
                "domain": .string(spec.domain), "task": .string(spec.task), "seed": .string(String(spec.seed)),
                "written": .int(summary.written), "generated": .int(summary.generated),
                "dropped": .object(Fields(drops.map { ($0.key, Value.int($0.value)) })),
                "dropped_examples": .array(
                    examples.map { .object(["reason": .string($0[0]), "id": .string($0[1]), "detail": .string($0[2])]) }),
            ])
            report.json = .object(root)
        }
        if path.lowercased().hasSuffix(".json") {
            try Validation.writeJSON(report, to: path)
        } else if let printer {
            try printer.print(report.document, to: path)
        } else {
            try Validation.writeHTML(report, to: path)
        }
    }
}
