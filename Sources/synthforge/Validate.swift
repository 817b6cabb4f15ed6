import ArgumentParser
import Foundation
import SynthCore
import SynthRuntime

struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Check a JSONL dataset (SynthForge's or any other): quality score, diversity, duplicates, PII, toxicity, bias, and against real data similarity and memorization.",
        discussion: """
            Each line is read as a record; its text fields come from its shape (SynthForge records say it in their provenance; others are recognised by fields such as text, messages, instruction/output, prompt/chosen/rejected) or from --field. Lines that are not JSON objects are skipped and reported with their line numbers.

            --pdf prints the same report as the HTML page to PDF (A4) with headless Chromium: chromium, chromium-browser or google-chrome on PATH, or the executable $SYNTHFORGE_CHROMIUM names (install it with e.g. `apt-get install chromium`).

            Examples:
              synthforge validate --synthetic notes.jsonl --report report.html
              synthforge validate --synthetic notes.jsonl --pdf report.pdf
              synthforge validate --synthetic chats.jsonl --metrics duplicates --json report.json
              synthforge validate --synthetic data.jsonl --field body --field title
              synthforge validate --synthetic generated.jsonl --reference real.jsonl --json report.json
              synthforge validate --synthetic train.jsonl --decontaminate eval.jsonl --metrics duplicates
              synthforge validate --synthetic chats.jsonl --metrics quality --quality-threshold 0.85
            """
    )

    @Option(help: ArgumentHelp("The JSONL file to check.", valueName: "file"))
    var synthetic: String

    @Option(help: ArgumentHelp("A JSONL file of real data to compare against.", valueName: "file"))
    var reference: String?

    @Option(
        help: ArgumentHelp(
            "Comma-separated checks (\(QualityMetric.allCases.map(\.rawValue).joined(separator: ",")))."
                + " Default: all; similarity and privacy only with --reference.",
            valueName: "list"))
    var metrics: String?

    @Option(help: ArgumentHelp("A field to read as text (repeatable); default: detect from the shape.", valueName: "name"))
    var field: [String] = []

    @OptionGroup var near: NearDuplicateOptions

    @Option(help: ArgumentHelp("A JSONL evaluation set: report records that share a 13-word passage with it.", valueName: "file"))
    var decontaminate: String?

    @Option(
        help: ArgumentHelp(
            "Count and list the records whose quality score is below this (0–1), as generate --quality-threshold would drop them.",
            valueName: "score"))
    var qualityThreshold: String?

    @Option(help: ArgumentHelp("Write the full report as JSON to this file.", valueName: "file"))
    var json: String?

    @Option(help: ArgumentHelp("Write a self-contained HTML report (charts inline) to this file.", valueName: "file"))
    var report: String?

    @Option(help: ArgumentHelp("Print the HTML report to this PDF file with headless Chromium.", valueName: "file"))
    var pdf: String?

    @Flag(name: .shortAndLong, help: "No progress on standard error.")
    var quiet = false

    func run() async throws {
        do {
            // Found first, so a missing Chromium is said before the checks run rather than after.
            let printer = try pdf.map { _ throws(SynthError) in try PDFPrinter.find() }
            var chosen = QualityMetric.allCases.filter { !$0.needsReference || reference != nil }
            if let metrics {
                chosen = []
                for name in metrics.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                    guard let metric = QualityMetric(rawValue: name) else {
                        throw SynthError(
                            .invalidArgument,
                            "unknown metric '\(name)'; metrics are: \(QualityMetric.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    chosen.append(metric)
                }
            }
            var threshold: Double? = nil
            if let qualityThreshold {
                guard let t = Double(qualityThreshold), (0...1).contains(t) else {
                    throw SynthError(
                        .invalidArgument, "--quality-threshold must be a number from 0 to 1, such as 0.85, got '\(qualityThreshold)'")
                }
                threshold = t
            }
            let options = ValidationOptions(
                synthetic: synthetic, reference: reference, metrics: chosen, fields: field, qualityThreshold: threshold,
                decontaminate: decontaminate, near: try near.settings(over: nil) ?? NearDuplicateSettings())
            var display = ProgressDisplay(quiet: quiet)
            let clock = ContinuousClock()
            let start = clock.now
            let report = try await Validation.run(options) { records, bytesRead, totalBytes in
                display.update(records: records, bytesRead: bytesRead, totalBytes: totalBytes, elapsed: clock.now - start)
            }
            display.finish()
            if let json { try Validation.writeJSON(report, to: json) }
            if let html = self.report { try Validation.writeHTML(report, to: html) }
            if let pdf, let printer { try printer.print(report.document, to: pdf) }
            print(report.summary)
            for path in [json, self.report, pdf].compactMap({ $0 }) { print("Report: \(path)") }
        } catch {
            fail(error)
        }
    }
}
