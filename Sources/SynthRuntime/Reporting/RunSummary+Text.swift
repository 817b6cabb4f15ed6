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
        if let dedup {
            text += "Exact duplicates dropped: \(NumberText.grouped(Int(dedup["dropped"] ?? 0))). "
        } else {
            text += "Exact dedup off. "
        }
        let invalid = drops.filter { $0.key.hasPrefix("invalid") }.values.reduce(0, +)
        if invalid > 0 { text += "Invalid records dropped: \(NumberText.grouped(invalid)). " }
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
