import SynthCore

extension RunSummary {
    /// Seconds of wall time.
    public var seconds: Double {
        Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    /// The one-paragraph summary printed at the end of a run.
    public var paragraph: String {
        let dedup = stage("exact-dedup")
        let diversity = stage("diversity")
        let approx = diversity?["exact"] == 1 ? "" : "≈"
        var text = "Wrote \(NumberText.grouped(written)) \(spec.domain)/\(spec.task) records to "
        text += spec.out == "-" ? "standard output" : spec.out
        text += " (\(spec.format.rawValue), seed \(spec.seed)) in \(NumberText.duration(seconds))"
        text += ", \(NumberText.grouped(Int(rate.rounded()))) records/s. "
        // Every drop reason, the shape check's grouped as "invalid".
        var dropped: [String: Int] = [:]
        for (reason, n) in drops { dropped[reason.hasPrefix("invalid") ? "invalid" : reason, default: 0] += n }
        text += "Dropped and replaced: "
        text +=
            dropped.isEmpty
            ? "none" : dropped.sorted { $0.key < $1.key }.map { "\(NumberText.grouped($0.value)) \($0.key)" }.joined(separator: ", ")
        text += dedup == nil ? " (exact dedup off). " : ". "
        if let findings = stage("findings") {
            let values = Int(findings["pii-values"] ?? 0)
            let reported = Int(findings["pii-reported"] ?? 0)
            if let action = spec.checks.effectivePII {
                text +=
                    action == .report
                    ? "Personal data found (kept as is): \(NumberText.grouped(reported)) values. "
                    : "Personal data: \(NumberText.grouped(values)) values in \(NumberText.grouped(Int(findings["pii-records"] ?? 0))) records, action \(action.rawValue). "
            }
            if spec.checks.effectiveToxicity != .off {
                text += "Toxic language in \(NumberText.grouped(Int(findings["toxic-records"] ?? 0))) kept records. "
            }
            if let mean = findings["quality-mean"] {
                text += "Quality score: mean \(NumberText.fixed(mean, 3)), lowest \(NumberText.fixed(findings["quality-min"] ?? 0, 3)). "
            }
        }
        if let diversity {
            text += "Distinct-2 \(approx)\(NumberText.significant(diversity["distinct-2"] ?? 0))"
            text += ", distinct-1 \(approx)\(NumberText.significant(diversity["distinct-1"] ?? 0))"
            text += "; mean length \(NumberText.grouped(Int((diversity["mean-chars"] ?? 0).rounded()))) characters"
            text += " (\(Int(diversity["min-chars"] ?? 0))–\(Int(diversity["max-chars"] ?? 0)))."
        }
        return text
    }
}

/// Number formatting for people.
enum NumberText {
    static func grouped(_ n: Int) -> String { NumberFormat.grouped(n) }
    static func fixed(_ x: Double, _ decimals: Int) -> String { NumberFormat.fixed(x, decimals: decimals) }
    /// A ratio with three decimals, or three significant digits when it is below 0.1.
    static func significant(_ x: Double) -> String {
        guard x > 0, x < 0.1 else { return NumberFormat.fixed(x, decimals: 3) }
        var decimals = 3
        var scaled = x * 1000
        while scaled < 100 && decimals < 12 {
            scaled *= 10
            decimals += 1
        }
        return NumberFormat.fixed(x, decimals: decimals)
    }

    static func duration(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 60 { return "\(NumberFormat.fixed(seconds, decimals: 1)) s" }
        return "\(Int(seconds) / 60) min \(Int(seconds) % 60) s"
    }
}
