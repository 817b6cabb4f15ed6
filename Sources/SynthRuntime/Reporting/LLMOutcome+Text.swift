import Foundation
import SynthCore
import SynthLLM

extension LLMGeneration.Outcome {
    /// The summary printed at the end of a model run: the pipeline's paragraph, then requests, spend,
    /// structured-output failures by field, the variants of an A/B test, and how to continue a partial run.
    public var text: String {
        var lines: [String] = []
        var paragraph = summary.paragraph
        if summary.isPartial {
            paragraph = paragraph.replacingOccurrences(of: "Wrote ", with: "Partial: wrote ", options: .anchored)
            paragraph = paragraph.replacingOccurrences(of: " to \(summary.spec.out) ", with: " to \(output) ")
        }
        lines.append(paragraph)
        if resumed > 0 { lines.append("Run \(run.id) resumed: \(NumberText.grouped(resumed)) records were kept from before.") }
        var requestsLine =
            "Requests: \(NumberText.grouped(requests.requests)) sent, \(NumberText.grouped(requests.cacheHits)) from the cache"
        let retries = requests.retries.map { "\($0.value) after \(Self.cause($0.key))" }.sorted()
        if !retries.isEmpty { requestsLine += ", retries: \(retries.joined(separator: ", "))" }
        if requests.failed > 0 { requestsLine += ", \(requests.failed) given up" }
        requestsLine += "; in flight: peak \(requests.peakLimit), now \(requests.limit)"
        if let median = requests.latency(percentile: 0.5), let p95 = requests.latency(percentile: 0.95) {
            requestsLine += "; latency median \(Self.milliseconds(median)), p95 \(Self.milliseconds(p95))"
        }
        lines.append(requestsLine + ".")
        lines.append(
            "Spend: \(NumberText.grouped(requests.tokens.input)) input and \(NumberText.grouped(requests.tokens.output)) output tokens, "
                + "$\(NumberFormat.fixed(requests.cost, decimals: 4)) this session; run \(run.id) in all: "
                + "\(NumberText.grouped(totalTokens)) tokens, $\(NumberFormat.fixed(totalCost, decimals: 4)).")
        if let priceNote { lines.append(priceNote.prefix(1).uppercased() + priceNote.dropFirst() + ".") }
        if structured.records > 0 { lines += structured.report.map { $0.prefix(1).uppercased() + $0.dropFirst() } }
        if variants.count > 1 {
            lines.append("A/B test:")
            for v in variants {
                let failureRate = v.records == 0 ? 0 : Double(v.failed) / Double(v.records)
                let perRecord = v.records == 0 ? 0 : v.cost / Double(v.records)
                var line =
                    "  \(v.name): \(NumberText.grouped(v.records)) records made, parse failures \(NumberFormat.fixed(failureRate * 100, decimals: 1))%"
                if let mean = summary.stage(VariantScores.name)?["judge-mean-\(v.name)"] {
                    line += ", judge mean \(NumberFormat.fixed(mean, decimals: 2))"
                }
                line += ", $\(NumberFormat.fixed(perRecord, decimals: 5)) per record, \(NumberText.grouped(v.tokens.total)) tokens"
                lines.append(line)
            }
        }
        if let reason = summary.stopReason {
            lines.append(
                "Stopped early (\(reason)): \(NumberText.grouped(summary.written)) of \(NumberText.grouped(summary.spec.count)) records are in "
                    + "\(output). To continue, run the same command again or `synthforge generate --resume \(run.id)` "
                    + "(with a raised --max-cost or --max-tokens when a limit stopped it); answers already paid for come from the cache.")
        }
        return lines.joined(separator: "\n")
    }

    /// What a retried failure was, in the plural: "5 after rate limits".
    private static func cause(_ kind: ProviderFailure.Kind) -> String {
        switch kind {
        case .rateLimited: return "rate limits"
        case .overloaded: return "overloaded answers"
        case .server: return "server errors"
        case .transport: return "connection failures"
        case .malformed: return "malformed answers"
        case .unauthorized: return "refused keys"
        case .badRequest: return "rejected requests"
        }
    }

    private static func milliseconds(_ d: Duration) -> String {
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) * 1e-15
        return ms >= 1000 ? "\(NumberFormat.fixed(ms / 1000, decimals: 2)) s" : "\(Int(ms.rounded())) ms"
    }
}

extension Estimate {
    /// The `--dry-run` report.
    public func text(budget: Double?) -> String {
        let minutes = Double(time.components.seconds) / 60
        return """
            Dry run: nothing was sent.
              requests   \(NumberText.grouped(requests)) (one per record; retries, drops and a judge add more)
              tokens     ≈ \(NumberText.grouped(tokens.input)) input, at most \(NumberText.grouped(tokens.output)) output
              cost       at most $\(NumberFormat.fixed(cost, decimals: 4))\(budget.map { " (budget $\(NumberFormat.shortest($0)))" } ?? "")
              time       ≈ \(NumberFormat.fixed(minutes, decimals: 1)) min at 2 s a request, 8 in flight
            """
    }
}
