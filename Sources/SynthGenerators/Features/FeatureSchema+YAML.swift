import Foundation
import SynthCore
import Yams

extension FeatureSchema {
    /// Parses a feature schema; every error names the file, the line and the field at fault.
    ///
    /// - Parameters:
    ///   - text: The YAML text.
    ///   - file: The file's name as shown in errors.
    public static func parse(text: String, file: String) throws(SynthError) -> FeatureSchema {
        let document = try YAMLDocument(text: text, file: file)
        var top = try SchemaReader(document.root, in: document, what: "the schema")
        let featureList = top.node("features")
        let seriesNode = top.node("series")
        let segmentName = try top.string("segment")
        let correlationNode = top.node("correlations")
        let targetNode = top.node("target")
        let guaranteeNode = top.node("guarantees")
        try top.finish()

        if let seriesNode {
            if let other = featureList ?? targetNode ?? correlationNode {
                throw top.error(other, "a schema has either 'features' or 'series', not both; put them in two files")
            }
            let series = try SeriesSchema.parse(seriesNode, in: document)
            let guarantees = try parseGuarantees(guaranteeNode, features: series.values.map(\.name), in: document)
            return FeatureSchema(
                features: [], segment: nil, correlations: [], target: nil, guarantees: guarantees, series: series, notes: [])
        }
        guard let featureList else {
            throw top.error(document.root, "'features' (a list of features) or 'series' is required")
        }
        guard let items = featureList.sequence, !items.isEmpty else {
            throw top.error(featureList, "'features' must be a non-empty list of features")
        }

        // The segment is read first: the other features' per-segment parameters refer to its values.
        var names: [String] = []
        for item in items {
            var reader = try SchemaReader(item, in: document, what: "feature \(names.count + 1)")
            let name = try reader.required("name")
            guard let text = name.string, !text.isEmpty, name.scalar != nil else { throw reader.error(name, "'name' must be text") }
            if names.contains(text) { throw reader.error(name, "a second feature is called '\(text)'") }
            names.append(text)
        }
        var segment: (index: Int, levels: [String], shares: [Double])? = nil
        if let segmentName {
            guard let index = names.firstIndex(of: segmentName) else {
                throw top.error(
                    document.root, "'segment' names '\(segmentName)', which is not a feature; features: \(names.joined(separator: ", "))")
            }
            let feature = try parseFeature(items[index], name: segmentName, segment: nil, in: document)
            guard case .categorical(let levels, let cumulative) = feature.kind else {
                throw top.error(items[index], "the segment '\(segmentName)' must be a categorical feature")
            }
            let total = cumulative[0].last!
            let shares = cumulative[0].indices.map { ($0 == 0 ? cumulative[0][0] : cumulative[0][$0] - cumulative[0][$0 - 1]) / total }
            segment = (index, levels, shares)
        }
        var features: [Feature] = []
        for (i, item) in items.enumerated() {
            features.append(
                try parseFeature(item, name: names[i], segment: i == segment?.index ? nil : segment.map { ($0.levels) }, in: document))
        }

        var notes: [String] = []
        let numeric = features.indices.filter { features[$0].isNumeric }
        let correlations = try parseCorrelations(correlationNode, features: features, numeric: numeric, in: document, notes: &notes)
        let target = try targetNode.map { node throws(SynthError) in
            try parseTarget(node, features: features, correlations: correlations, numeric: numeric, in: document)
        }
        let guarantees = try parseGuarantees(guaranteeNode, features: names, in: document)
        let schema = FeatureSchema(
            features: features, segment: segment?.index, correlations: correlations, target: target, guarantees: guarantees,
            series: nil, notes: notes)
        try schema.checkVariance(segmentShares: segment?.shares, guaranteeNode: guaranteeNode, in: document)
        return schema
    }

    private static let types = ["uniform", "normal", "beta", "lognormal", "integer", "categorical"]

    private static func parseFeature(
        _ node: Node, name: String, segment levels: [String]?, in document: YAMLDocument
    ) throws(SynthError) -> Feature {
        var base = try SchemaReader(node, in: document, what: "feature '\(name)'")
        _ = base.node("name")
        let typeNode = try base.required("type")
        guard let type = typeNode.string, types.contains(type) else {
            throw base.error(typeNode, "unknown type '\(typeNode.string ?? "")'; types: \(types.joined(separator: ", "))")
        }
        let decimals = try base.integer("decimals") ?? 4
        guard (0...12).contains(decimals) else { throw base.error(node, "'decimals' must be from 0 to 12") }
        var overrides: [SchemaReader] = []
        if let segmentsNode = base.node("segments") {
            guard let levels else {
                throw base.error(segmentsNode, "'segments' needs a top-level 'segment' naming a categorical feature (and not this one)")
            }
            var reader = try SchemaReader(segmentsNode, in: document, what: "feature '\(name)' segments")
            for level in levels {
                if let override = reader.node(level) {
                    overrides.append(try SchemaReader(override, in: document, what: "feature '\(name)', segment '\(level)'"))
                } else {
                    overrides.append(
                        try SchemaReader(.mapping(Node.Mapping([])), in: document, what: "feature '\(name)', segment '\(level)'"))
                }
            }
            try reader.finish()
        }
        let segmentCount = overrides.isEmpty ? 1 : overrides.count
        var feature: Feature
        if type == "categorical" {
            // The feature's own values fix the labels; segments may only reweight them.
            var own = Parameters(base: base, override: nil)
            let levelsOut = try own.categories(known: nil).0
            base = own.base
            var cumulative: [[Double]] = []
            for s in 0..<segmentCount {
                var params = Parameters(base: base, override: overrides.isEmpty ? nil : overrides[s])
                let (_, weights) = try params.categories(known: levelsOut)
                var running = 0.0
                cumulative.append(
                    weights.map {
                        running += $0
                        return running
                    })
                base = params.base
                if !overrides.isEmpty { overrides[s] = params.override! }
            }
            feature = Feature(name: name, kind: .categorical(levels: levelsOut, cumulative: cumulative), decimals: decimals)
        } else {
            var list: [Distribution] = []
            for s in 0..<segmentCount {
                var params = Parameters(base: base, override: overrides.isEmpty ? nil : overrides[s])
                list.append(try params.distribution(type))
                base = params.base
                if !overrides.isEmpty { overrides[s] = params.override! }
            }
            feature = Feature(name: name, kind: .numeric(list), decimals: decimals)
        }
        try base.finish()
        for override in overrides { try override.finish() }
        return feature
    }

    private static func parseCorrelations(
        _ node: Node?, features: [Feature], numeric: [Int], in document: YAMLDocument, notes: inout [String]
    ) throws(SynthError) -> [[Double]] {
        let n = numeric.count
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n { matrix[i][i] = 1 }
        guard let node else { return matrix }
        var seen = [[Bool]](repeating: [Bool](repeating: false, count: n), count: n)
        func position(_ key: Node, _ reader: SchemaReader) throws(SynthError) -> Int {
            let name = key.string ?? ""
            guard let index = features.firstIndex(where: { $0.name == name }) else {
                throw reader.error(key, "'\(name)' is not a feature")
            }
            guard let p = numeric.firstIndex(of: index) else {
                throw reader.error(key, "'\(name)' is categorical; correlations are between numeric features")
            }
            return p
        }
        let outer = try SchemaReader(node, in: document, what: "correlations")
        for (key, row) in node.mapping! {
            let i = try position(key, outer)
            let inner = try SchemaReader(row, in: document, what: "correlations of '\(key.string ?? "")'")
            for (otherKey, value) in row.mapping! {
                let j = try position(otherKey, inner)
                let rho = try inner.number(value, otherKey.string ?? "")
                guard i != j else { throw inner.error(otherKey, "a feature's correlation with itself is always 1") }
                guard rho > -1, rho < 1 else { throw inner.error(value, "a correlation must be between -1 and 1 (exclusive), got \(rho)") }
                if seen[i][j] && matrix[i][j] != rho {
                    throw inner.error(
                        otherKey,
                        "the correlation of '\(key.string ?? "")' and '\(otherKey.string ?? "")' is given twice with different values")
                }
                seen[i][j] = true
                seen[j][i] = true
                matrix[i][j] = rho
                matrix[j][i] = rho
            }
        }
        let latent = FeatureGenerator.latent(matrix)
        let size = latent.count
        if Gaussian.cholesky(latent.flatMap { $0 }, n: size) == nil {
            let flat = Gaussian.positiveDefinite(latent.flatMap { $0 }, n: size).matrix
            let repaired = (0..<size).map { Array(flat[$0 * size..<($0 + 1) * size]) }
            var worst = (change: 0.0, i: 0, j: 0, to: 0.0)
            var spearman = matrix
            for i in 0..<n {
                for j in 0..<n where i != j {
                    spearman[i][j] = 6 / Double.pi * asin(repaired[i][j] / 2)
                    let change = abs(spearman[i][j] - matrix[i][j])
                    if change > worst.change { worst = (change, i, j, spearman[i][j]) }
                }
            }
            notes.append(
                "\(document.at(node)): the correlations are not positive definite (no data can have them all at once); "
                    + "using the nearest valid matrix, which moves \(features[numeric[worst.i]].name)~\(features[numeric[worst.j]].name) "
                    + "the most, from \(NumberFormat.trimmed(matrix[worst.i][worst.j], decimals: 3)) to \(NumberFormat.trimmed(worst.to, decimals: 3))"
            )
            return spearman
        }
        return matrix
    }

    private static func parseTarget(
        _ node: Node, features: [Feature], correlations: [[Double]], numeric: [Int], in document: YAMLDocument
    ) throws(SynthError) -> Target {
        var reader = try SchemaReader(node, in: document, what: "target")
        let name = try reader.string("name") ?? "label"
        let value = try reader.string("value")
        let decimals = try reader.integer("decimals") ?? 4
        let noise = try reader.number("noise") ?? 0.5
        guard noise >= 0 else { throw reader.error(node, "'noise' must be 0 or more") }
        for other in [name] + (value.map { [$0] } ?? []) where features.contains(where: { $0.name == other }) {
            throw reader.error(node, "the target column '\(other)' has the name of a feature")
        }
        if value == name { throw reader.error(node, "'value' must differ from 'name'") }

        var weights: [Int: Double] = [:]
        var effects: [Int: [Double]] = [:]
        let weightNode = try reader.required("weights")
        let weightReader = try SchemaReader(weightNode, in: document, what: "target weights")
        for (key, entry) in weightNode.mapping! {
            let featureName = key.string ?? ""
            guard let index = features.firstIndex(where: { $0.name == featureName }) else {
                throw weightReader.error(key, "'\(featureName)' is not a feature")
            }
            switch features[index].kind {
            case .numeric:
                weights[index] = try weightReader.number(entry, featureName)
            case .categorical(let levels, _):
                let effectReader = try SchemaReader(entry, in: document, what: "target weights of '\(featureName)' (one per value)")
                var row = [Double](repeating: 0, count: levels.count)
                for (levelKey, amount) in entry.mapping! {
                    guard let level = levels.firstIndex(of: levelKey.string ?? "") else {
                        throw effectReader.error(levelKey, "'\(levelKey.string ?? "")' is not a value of '\(featureName)'")
                    }
                    row[level] = try effectReader.number(amount, levelKey.string ?? "")
                }
                effects[index] = row
            }
        }
        let spread = weights.values.contains { $0 != 0 } || effects.values.contains { $0.contains { $0 != 0 } }
        guard spread else {
            throw reader.error(weightNode, "every weight is 0, so the target would not depend on the features")
        }
        let latent = FeatureGenerator.latent(correlations)
        var variance = noise * noise
        for (i, a) in numeric.enumerated() {
            for (j, b) in numeric.enumerated() { variance += (weights[a] ?? 0) * latent[i][j] * (weights[b] ?? 0) }
        }
        guard variance > 0 else {
            throw reader.error(
                weightNode,
                "the score takes only a few values (no noise and no numeric feature weighted), so classes cannot take their shares; set 'noise' above 0 or weight a numeric feature"
            )
        }

        let classNode = try reader.required("classes")
        guard let items = classNode.sequence, items.count >= 2 else {
            throw reader.error(classNode, "'classes' must list at least 2 classes")
        }
        var classes: [Target.Class] = []
        for item in items {
            var entry = try SchemaReader(item, in: document, what: "target class \(classes.count + 1)")
            guard let label = try entry.string("label") else { throw entry.error(item, "'label' is missing") }
            if classes.contains(where: { $0.label == label }) { throw entry.error(item, "a second class is called '\(label)'") }
            guard let share = try entry.number("share") else { throw entry.error(item, "'share' is missing") }
            guard share >= 0.001, share < 1 else { throw entry.error(item, "'share' must be from 0.001 to below 1, got \(share)") }
            let range = try entry.range("range")
            if value != nil && range == nil {
                throw entry.error(item, "'range' is missing; the target's 'value' column needs one per class")
            }
            if value == nil && range != nil { throw entry.error(item, "'range' needs the target's 'value' (the column to write it in)") }
            try entry.finish()
            classes.append(Target.Class(label: label, share: share, range: range))
        }
        let total = classes.reduce(0) { $0 + $1.share }
        guard abs(total - 1) < 1e-6 else {
            throw reader.error(classNode, "the class shares add up to \(NumberFormat.trimmed(total, decimals: 6)), not 1")
        }
        try reader.finish()
        return Target(name: name, value: value, decimals: decimals, classes: classes, weights: weights, effects: effects, noise: noise)
    }

    private static func parseGuarantees(_ node: Node?, features: [String], in document: YAMLDocument) throws(SynthError) -> Guarantees {
        var guarantees = Guarantees(minSamples: 1, minStandardDeviation: [:], shareTolerance: 0.01, separabilityMargin: 0.05)
        guard let node else { return guarantees }
        var reader = try SchemaReader(node, in: document, what: "guarantees")
        if let n = try reader.integer("min_samples") {
            guard n >= 1 else { throw reader.error(node, "'min_samples' must be at least 1") }
            guarantees.minSamples = n
        }
        if let std = reader.node("min_std") {
            if std.mapping != nil {
                let stdReader = try SchemaReader(std, in: document, what: "guarantees min_std")
                for (key, value) in std.mapping! {
                    guard let index = features.firstIndex(of: key.string ?? "") else {
                        throw stdReader.error(key, "'\(key.string ?? "")' is not a feature")
                    }
                    guarantees.minStandardDeviation[index] = try stdReader.number(value, key.string ?? "")
                }
            } else {
                let threshold = try reader.number(std, "min_std")
                for index in features.indices { guarantees.minStandardDeviation[index] = threshold }
            }
        }
        if let t = try reader.number("share_tolerance") {
            guard t > 0, t < 0.5 else { throw reader.error(node, "'share_tolerance' must be between 0 and 0.5") }
            guarantees.shareTolerance = t
        }
        if let m = try reader.number("separability_margin") {
            guard m >= 0, m < 1 else { throw reader.error(node, "'separability_margin' must be from 0 to below 1") }
            guarantees.separabilityMargin = m
        }
        try reader.finish()
        return guarantees
    }

    /// Fails when a declared distribution cannot reach its feature's minimum standard deviation.
    private func checkVariance(segmentShares: [Double]?, guaranteeNode: Node?, in document: YAMLDocument) throws(SynthError) {
        for (index, threshold) in guarantees.minStandardDeviation.sorted(by: { $0.key < $1.key }) {
            guard case .numeric(let list) = features[index].kind else {
                throw SynthError(
                    .invalidSpec,
                    "\(guaranteeNode.map { document.at($0) } ?? document.file): guarantees: min_std applies to numeric features; '\(features[index].name)' is categorical"
                )
            }
            let shares = list.count == 1 ? [1.0] : segmentShares!
            let mean = zip(list, shares).reduce(0) { $0 + $1.1 * $1.0.mean }
            let second = zip(list, shares).reduce(0) {
                $0 + $1.1 * ($1.0.standardDeviation * $1.0.standardDeviation + $1.0.mean * $1.0.mean)
            }
            let sd = max(0, second - mean * mean).squareRoot()
            if sd < threshold {
                throw SynthError(
                    .invalidSpec,
                    "\(guaranteeNode.map { document.at($0) } ?? document.file): guarantees: '\(features[index].name)' is declared with a standard deviation of "
                        + "\(NumberFormat.trimmed(sd, decimals: 4)), below its min_std \(NumberFormat.trimmed(threshold, decimals: 4)); widen the distribution or lower min_std"
                )
            }
        }
    }
}

/// A feature's parameters for one segment: the segment's override first, then the feature's own.
private struct Parameters {
    var base: SchemaReader
    var override: SchemaReader?

    mutating func number(_ key: String) throws(SynthError) -> Double? {
        if let value = try override?.number(key) { return value }
        return try base.number(key)
    }

    mutating func required(_ key: String) throws(SynthError) -> Double {
        guard let value = try number(key) else { throw base.missing(key) }
        return value
    }

    mutating func range(_ key: String) throws(SynthError) -> ClosedRange<Double>? {
        if let value = try override?.range(key) { return value }
        return try base.range(key)
    }

    mutating func distribution(_ type: String) throws(SynthError) -> Distribution {
        let at = override ?? base
        switch type {
        case "uniform":
            let lo = try required("min")
            let hi = try required("max")
            guard lo < hi else { throw at.error(at.node, "'min' must be below 'max', got \(lo) and \(hi)") }
            return .uniform(min: lo, max: hi)
        case "normal":
            let mean = try required("mean")
            let sd = try required("sd")
            guard sd > 0 else { throw at.error(at.node, "'sd' must be above 0, got \(sd)") }
            let clip = try range("clip")
            if let clip, Gaussian.cdf((clip.upperBound - mean) / sd) - Gaussian.cdf((clip.lowerBound - mean) / sd) < 1e-9 {
                throw at.error(at.node, "'clip' [\(clip.lowerBound), \(clip.upperBound)] holds almost none of normal(\(mean), \(sd))")
            }
            return .normal(mean: mean, sd: sd, low: clip?.lowerBound ?? -.infinity, high: clip?.upperBound ?? .infinity)
        case "beta":
            let a = try required("a")
            let b = try required("b")
            guard a > 0, b > 0 else { throw at.error(at.node, "'a' and 'b' must be above 0, got \(a) and \(b)") }
            let scale = try range("scale") ?? 0...1
            return .beta(a: a, b: b, min: scale.lowerBound, max: scale.upperBound, table: BetaTable(a: a, b: b))
        case "lognormal":
            let mu = try required("mu")
            let sigma = try required("sigma")
            guard sigma > 0 else { throw at.error(at.node, "'sigma' must be above 0, got \(sigma)") }
            return .lognormal(mu: mu, sigma: sigma)
        default:
            let lo = try required("min")
            let hi = try required("max")
            guard lo == lo.rounded(), hi == hi.rounded(), lo < hi, abs(lo) < 1e15, abs(hi) < 1e15 else {
                throw at.error(at.node, "'min' and 'max' must be whole numbers with min < max, got \(lo) and \(hi)")
            }
            return .integer(min: Int(lo), max: Int(hi))
        }
    }

    /// The labels and weights of a categorical feature; a segment may only reweight `known` labels.
    mutating func categories(known: [String]?) throws(SynthError) -> ([String], [Double]) {
        var node = override?.node("values")
        let reader = node == nil ? base : override!
        if node == nil { node = base.node("values") }
        guard let node else { throw base.error(base.node, "'values' is missing (a list of labels, or labels with weights)") }
        var labels: [String] = []
        var weights: [Double] = []
        if let list = node.sequence {
            for item in list {
                guard let label = item.string, item.scalar != nil, !label.isEmpty else {
                    throw reader.error(item, "each value must be a label")
                }
                labels.append(label)
                weights.append(1)
            }
        } else if let mapping = node.mapping {
            for (key, weight) in mapping {
                labels.append(key.string ?? "")
                let w = try reader.number(weight, key.string ?? "")
                guard w >= 0 else { throw reader.error(weight, "the weight of '\(key.string ?? "")' must be 0 or more") }
                weights.append(w)
            }
        } else {
            throw reader.error(node, "'values' must be a list of labels or a mapping of labels to weights")
        }
        if let duplicate = labels.enumerated().first(where: { labels[..<$0.offset].contains($0.element) }) {
            throw reader.error(node, "'\(duplicate.element)' is listed twice")
        }
        if let known {
            var aligned = [Double](repeating: 0, count: known.count)
            for (label, weight) in zip(labels, weights) {
                guard let i = known.firstIndex(of: label) else {
                    throw reader.error(node, "'\(label)' is not one of the feature's values (\(known.joined(separator: ", ")))")
                }
                aligned[i] = weight
            }
            labels = known
            weights = aligned
        }
        guard labels.count >= 1, weights.reduce(0, +) > 0 else {
            throw reader.error(node, "'values' needs at least one label with a weight above 0")
        }
        return (labels, weights)
    }
}
