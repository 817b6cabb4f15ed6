import SynthCore
import SynthQuality

/// A text with its labelled spans, and the types whose labels are complete in it (only those count).
struct LabelledText {
    var text: String
    var gold: [(type: String, start: Int, end: Int)]
    var counted: Set<String>

    /// A text written with inline labels, `«TYPE|value»`; every PII type counts.
    init(marked: String) {
        var plain = String.UnicodeScalarView()
        var gold: [(String, Int, Int)] = []
        var rest = Substring(marked).unicodeScalars[...]
        while let open = rest.firstIndex(of: "«") {
            plain.append(contentsOf: rest[..<open])
            let close = rest[open...].firstIndex(of: "»")!
            let inner = String(String.UnicodeScalarView(rest[rest.index(after: open)..<close]))
            let bar = inner.firstIndex(of: "|")!
            let value = inner[inner.index(after: bar)...]
            gold.append((String(inner[..<bar]), plain.count, plain.count + value.unicodeScalars.count))
            plain.append(contentsOf: value.unicodeScalars)
            rest = rest[rest.index(after: close)...]
        }
        plain.append(contentsOf: rest)
        self.text = String(plain)
        self.gold = gold
        self.counted = Set(PIIType.allCases.map(\.rawValue))
    }

    init(text: String, gold: [(type: String, start: Int, end: Int)], counted: Set<String>) {
        self.text = text
        self.gold = gold
        self.counted = counted
    }
}

/// Precision and recall per type, a prediction counting when it overlaps a labelled span of its type.
struct PIIScores {
    var tp: [String: Int] = [:]
    var fp: [String: Int] = [:]
    var fn: [String: Int] = [:]
    var misses: [String] = []
    var falseAlarms: [String] = []

    mutating func add(_ item: LabelledText) {
        let predicted = PIIScanner.scan(item.text).map { (type: $0.type.rawValue, start: $0.start, end: $0.end, text: $0.text) }
        for p in predicted where item.counted.contains(p.type) {
            if item.gold.contains(where: { $0.type == p.type && $0.start < p.end && p.start < $0.end }) {
                tp[p.type, default: 0] += 1
            } else {
                fp[p.type, default: 0] += 1
                falseAlarms.append("\(p.type) '\(p.text)' in: \(item.text)")
            }
        }
        for g in item.gold where item.counted.contains(g.type) {
            if !predicted.contains(where: { $0.type == g.type && $0.start < g.end && g.start < $0.end }) {
                fn[g.type, default: 0] += 1
                let scalars = Array(item.text.unicodeScalars)
                misses.append("\(g.type) '\(String(String.UnicodeScalarView(scalars[g.start..<g.end])))' in: \(item.text)")
            }
        }
    }

    func precision(_ type: String) -> Double {
        let d = tp[type, default: 0] + fp[type, default: 0]
        return d == 0 ? 1 : Double(tp[type, default: 0]) / Double(d)
    }

    func recall(_ type: String) -> Double {
        let d = tp[type, default: 0] + fn[type, default: 0]
        return d == 0 ? 1 : Double(tp[type, default: 0]) / Double(d)
    }

    func support(_ type: String) -> Int { tp[type, default: 0] + fn[type, default: 0] }

    /// The Markdown table of every type with labelled examples.
    var table: String {
        var lines = ["| type | labelled | found | precision | recall |", "|---|---:|---:|---:|---:|"]
        for type in PIIType.allCases.map(\.rawValue) where support(type) > 0 {
            let found = tp[type, default: 0] + fp[type, default: 0]
            lines.append(
                "| \(type) | \(support(type)) | \(found) | \(String(format2(precision(type)))) | \(String(format2(recall(type)))) |")
        }
        return lines.joined(separator: "\n")
    }

    private func format2(_ x: Double) -> String {
        let hundredths = Int((x * 1000).rounded())
        return "\(hundredths / 1000).\(String(repeating: "0", count: 3 - String(hundredths % 1000).count))\(hundredths % 1000)"
    }
}
