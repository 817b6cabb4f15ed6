import Foundation
import SynthCore

extension Preparation {
    /// `count` rows in the read table's columns from rows a model sampled in the modelled columns.
    ///
    /// `firstRow` is the index of the batch's first row in the whole sample, so keys continue
    /// across batches and every row's fakes depend only on `seed` and its index.
    public func restore(_ modelled: Table, count n: Int, seed: UInt64, firstRow: Int) throws(SynthError) -> Table {
        var out: [Column] = []
        for source in columns {
            switch source.role {
            case .modelled:
                guard var column = modelled[source.name] else { throw missingColumn(source.name) }
                if let b = bounds[source.name] { column.numbers = column.numbers.map { Self.clamp($0, b) } }
                column.format = source.format
                column.pii = source.pii
                out.append(column)
            case .identifier(let style):
                out.append(try style.column(name: source.name, kind: source.kind, count: n, firstRow: firstRow, seed: seed))
            case .fake(let style):
                var column = style.column(
                    name: source.name, count: n, firstRow: firstRow, seed: SplitMix64.derive(seed, stableHash(source.name)), salt: salt)
                column.pii = source.pii
                out.append(column)
            case .gap(let low, let unit):
                guard let gaps = modelled[source.name], let lows = modelled[low] else { throw missingColumn(source.name) }
                let b = bounds[source.name] ?? Bounds()
                // nextUp keeps `high > low` even where an unstepped gap is below the low value's precision.
                let numbers = (0..<n).map { row in
                    let low = lows.numbers[row]
                    let high = low + Self.clamp(gaps.numbers[row], b) * (unit > 0 ? unit : 1)
                    return high.isNaN ? high : max(high, low.nextUp)
                }
                out.append(Column(name: source.name, kind: source.kind, numbers: numbers, format: source.format))
            case .combined(let group):
                let joint = group.joined(separator: "+")
                guard let column = modelled[joint], let position = group.firstIndex(of: source.name) else { throw missingColumn(joint) }
                let parts = column.levels.map { $0.components(separatedBy: Self.separator) }
                let texts = column.codes.map { code -> Substring? in
                    guard code >= 0, position < parts[Int(code)].count else { return nil }
                    let text = parts[Int(code)][position]
                    return text.isEmpty ? nil : Substring(text)
                }
                var restored = Self.column(name: source.name, kind: source.kind, texts: texts)
                restored.format = source.format
                out.append(restored)
            }
        }
        return Table(columns: out)
    }

    private func missingColumn(_ name: String) -> SynthError {
        SynthError(.invalidArgument, "the model did not sample the modelled column '\(name)'; the model file is inconsistent")
    }

    static func clamp(_ x: Double, _ b: Bounds) -> Double {
        guard !x.isNaN else { return x }
        return min(max(x, b.min ?? -.infinity), b.max ?? .infinity)
    }

    /// A column of `kind` from its cells' text, as a reader would make it.
    static func column(name: String, kind: ColumnKind, texts: [Substring?]) -> Column {
        switch kind {
        case .integer, .float:
            return Column(name: name, kind: kind, numbers: texts.map { $0.flatMap { Double($0) } ?? .nan })
        case .boolean:
            return Column(name: name, kind: kind, numbers: texts.map { $0.map { $0 == "true" ? 1 : 0 } ?? .nan })
        case .datetime:
            return Column(name: name, kind: kind, numbers: texts.map { $0.flatMap { DateLayout.parse($0)?.seconds } ?? .nan })
        case .categorical, .identifier, .text:
            return Column(name: name, kind: kind, strings: texts.map { $0.map(String.init) })
        }
    }

    /// `conditions` on read columns, rewritten as conditions on the modelled columns.
    ///
    /// A condition on a member of a fixed combination becomes the joint labels whose member meets
    /// it; `jointValues` gives the labels a joint column takes (the model knows them). Keys, fakes
    /// and the high side of an inequality cannot be conditioned on: that is an error that says why.
    public func modelConditions(
        _ conditions: [ColumnCondition], jointValues: (String) -> [String]?
    ) throws(SynthError) -> [ColumnCondition] {
        var out: [ColumnCondition] = []
        for condition in conditions {
            guard let source = columns.first(where: { $0.name == condition.column }) else {
                throw SynthError(
                    .invalidArgument,
                    "no column '\(condition.column)' to condition on; columns are \(columns.map(\.name).joined(separator: ", "))")
            }
            switch source.role {
            case .modelled:
                out.append(condition)
            case .identifier:
                throw SynthError(
                    .invalidArgument, "'\(source.name)' is an identifier, regenerated for every row, so it cannot be conditioned on")
            case .fake:
                throw SynthError(.invalidArgument, "'\(source.name)' is replaced with fakes, so it cannot be conditioned on")
            case .gap(let low, _):
                throw SynthError(
                    .invalidArgument,
                    "'\(source.name)' is modelled as its gap after '\(low)' (the inequality constraint), so it cannot be conditioned on; condition on '\(low)' instead"
                )
            case .combined(let group):
                let position = group.firstIndex(of: source.name) ?? 0
                let joint = group.joined(separator: "+")
                guard let labels = jointValues(joint) else {
                    throw SynthError(
                        .invalidArgument,
                        "the model cannot list the combinations of \(group.joined(separator: ", ")), so '\(source.name)' cannot be conditioned on"
                    )
                }
                let allowed = labels.filter { label in
                    let parts = label.components(separatedBy: Self.separator)
                    guard position < parts.count, !parts[position].isEmpty else { return false }
                    return Self.meets(condition, text: parts[position], kind: source.kind)
                }
                guard !allowed.isEmpty else {
                    throw SynthError(
                        .invalidArgument,
                        "no combination of \(group.joined(separator: ", ")) seen in the data has a '\(source.name)' that meets the condition"
                    )
                }
                out.append(ColumnCondition(column: joint, allowed: .values(allowed)))
            }
        }
        return out
    }

    /// True when a cell's text meets `condition` in a column of `kind`.
    static func meets(_ condition: ColumnCondition, text: String, kind: ColumnKind) -> Bool {
        guard kind.isNumeric else { return condition.allows(text) }
        let x: Double? =
            switch kind {
            case .datetime: DateLayout.parse(Substring(text))?.seconds
            case .boolean: text == "true" ? 1 : 0
            default: Double(text)
            }
        guard let x else { return false }
        if case .values(let wanted) = condition.allowed {
            return wanted.contains { $0 == text || ConditionalPlan.number($0, kind: kind) == x }
        }
        return condition.allows(x)
    }
}
