import SynthCore

extension TabularEvaluation {
    /// The evaluation as a report page: headline scores, per-column distributions (real against
    /// synthetic), correlation heatmaps (real, synthetic, difference), the DCR histogram, utility.
    public func document(realName: String, syntheticName: String) -> ReportDocument {
        func f(_ x: Double) -> String { x.isNaN ? "n/a" : String(format3(x)) }
        var figures: [(label: String, value: String)] = [
            ("Quality (SDMetrics)", f(quality.score)), ("Column Shapes", f(quality.columnShapes)),
            ("Column Pair Trends", f(quality.columnPairTrends)), ("Diagnostic", f(diagnostic.score)),
            ("Median DCR", f(privacy.medianDCR)), ("Exact matches", f(privacy.exactMatchRate)),
        ]
        if !privacy.closestHoldout.isEmpty { figures.append(("DCR share (0.5 ideal)", f(privacy.dcrShare))) }
        if let utility { figures.append(("TSTR / TRTR", f(utility.ratio))) }
        var sections: [ReportDocument.Section] = []
        sections.append(
            ReportDocument.Section(
                title: "Column shapes",
                note: "KSComplement (numbers, datetimes) and TVComplement (labels, booleans) as SDMetrics computes them: 1 is identical.",
                blocks: [.table(header: ["Column", "Metric", "Score"], rows: quality.shapes.map { [$0.column, $0.metric, f($0.score)] })]
                    + real.columns.indices.compactMap { distribution($0) }.map { .svg($0) }))
        let counted = quality.trends.filter(\.meetsThreshold)
        sections.append(
            ReportDocument.Section(
                title: "Column pair trends",
                note:
                    "Pairs count when the real data relates them: |Pearson r| > 0.5 (CorrelationSimilarity) or Cramér's V > 0.3 (ContingencySimilarity). \(counted.count) of \(quality.trends.count) pairs count.",
                blocks: heatmaps().map { .svg($0) } + [
                    .table(
                        header: ["Column 1", "Column 2", "Metric", "Score", "Real r / V", "Synthetic r"],
                        rows: counted.map {
                            [
                                $0.column1, $0.column2, $0.metric, f($0.score),
                                f($0.metric == "CorrelationSimilarity" ? $0.realCorrelation : $0.realAssociation),
                                f($0.syntheticCorrelation),
                            ]
                        })
                ]))
        sections.append(
            ReportDocument.Section(
                title: "Diagnostic", note: "Data Validity \(f(diagnostic.dataValidity)), Data Structure \(f(diagnostic.structure)).",
                blocks: [
                    .table(header: ["Column", "Metric", "Score"], rows: diagnostic.validity.map { [$0.column, $0.metric, f($0.score)] })
                ]))
        var privacyRows: [[String]] = [
            ["Median DCR", f(privacy.medianDCR)], ["Mean DCR", f(privacy.meanDCR)], ["5th percentile DCR", f(privacy.fifthPercentileDCR)],
            ["NNDR, 10th percentile", f(privacy.nndrTenthPercentile)], ["Exact-match rate", f(privacy.exactMatchRate)],
        ]
        if !privacy.closestHoldout.isEmpty { privacyRows.append(["DCR share (closer to training than holdout)", f(privacy.dcrShare)]) }
        if let k = privacy.kAnonymity {
            privacyRows.append([
                "k-anonymity of \(k.columns.joined(separator: ", ")) (synthetic / real)", "\(k.syntheticMinimum) / \(k.realMinimum)",
            ])
            privacyRows.append([
                "Rows in groups smaller than \(k.k) (synthetic / real)", "\(f(k.syntheticShareBelowK)) / \(f(k.realShareBelowK))",
            ])
        }
        sections.append(
            ReportDocument.Section(
                title: "Privacy",
                note:
                    "DCR: each synthetic row's distance to its closest real row (mean over columns of range-normalized differences capped at 1, and 0/1 for labels).",
                blocks: [.table(header: ["Measure", "Value"], rows: privacyRows), .svg(dcrHistogram())]))
        if let utility {
            let metric = utility.task == .classification ? "accuracy / macro F1" : "R²"
            func s(_ x: UtilityReport.Scores) -> String { utility.task == .classification ? "\(f(x.accuracy)) / \(f(x.f1))" : f(x.r2) }
            sections.append(
                ReportDocument.Section(
                    title: "Utility",
                    note:
                        "Predicting '\(utility.target)' with \(utility.task == .classification ? "logistic" : "linear") regression, tested on \(utility.testRows) real rows.",
                    blocks: [
                        .table(
                            header: ["Trained on", metric],
                            rows: [
                                ["real (TRTR)", s(utility.trtr)], ["synthetic (TSTR)", s(utility.tstr)],
                                ["ratio TSTR / TRTR", f(utility.ratio)],
                            ])
                    ]))
        }
        return ReportDocument(
            title: "Synthetic data evaluation",
            subtitle: "\(syntheticName) (\(synthetic.rowCount) rows) against \(realName) (\(real.rowCount) rows)",
            figures: figures, sections: sections)
    }

    /// A column's distribution, real against synthetic: 20 bins over the joint range, or the most common labels.
    private func distribution(_ c: Int) -> String? {
        let r = real.columns[c]
        let s = synthetic.columns[c]
        guard QualityReport.isScored(r.kind) else { return nil }
        var labels: [String] = []
        var realShares: [Double] = []
        var syntheticShares: [Double] = []
        if r.kind.isNumeric && r.kind != .boolean {
            let present = (r.numbers + s.numbers).filter { !$0.isNaN }
            guard let lo = present.min(), let hi = present.max() else { return nil }
            let bins = 20
            func shares(_ x: [Double]) -> [Double] {
                var counts = [Double](repeating: 0, count: bins)
                let values = x.filter { !$0.isNaN }
                for v in values { counts[hi > lo ? min(Int((v - lo) / (hi - lo) * Double(bins)), bins - 1) : 0] += 1 }
                return counts.map { values.isEmpty ? 0 : $0 / Double(values.count) }
            }
            realShares = shares(r.numbers)
            syntheticShares = shares(s.numbers)
            labels = [
                r.kind == .datetime ? r.format.dateLayout.text(seconds: lo) : format3(lo),
                r.kind == .datetime ? r.format.dateLayout.text(seconds: hi) : format3(hi),
            ]
        } else {
            let real = Features.labels(r)
            let synthetic = Features.labels(s)
            var counts: [Int: (Double, Double)] = [:]
            for x in real { counts[x, default: (0, 0)].0 += 1 }
            for x in synthetic { counts[x, default: (0, 0)].1 += 1 }
            let top = counts.sorted { $0.value.0 != $1.value.0 ? $0.value.0 > $1.value.0 : $0.key < $1.key }.prefix(12)
            for (label, count) in top {
                labels.append(label < 0 ? "(missing)" : r.kind == .boolean ? (label == 1 ? "true" : "false") : r.levels[label])
                realShares.append(count.0 / Double(max(real.count, 1)))
                syntheticShares.append(count.1 / Double(max(synthetic.count, 1)))
            }
        }
        return SVGCharts.pairedBars(
            title: "\(r.name) (\(r.kind.rawValue))", labels: labels, real: realShares, synthetic: syntheticShares,
            continuous: r.kind.isNumeric && r.kind != .boolean)
    }

    /// Pearson heatmaps of the continuous columns: real, synthetic, and their absolute difference.
    private func heatmaps() -> [String] {
        let columns = real.columns.indices.filter { [.integer, .float, .datetime].contains(real.columns[$0].kind) }.prefix(30)
        guard columns.count >= 2 else { return [] }
        let names = columns.map { real.columns[$0].name }
        func matrix(_ table: Table) -> [[Double]] {
            columns.map { a in
                columns.map { b in a == b ? 1 : ColumnStatistics.pearson(table.columns[a].numbers, table.columns[b].numbers) }
            }
        }
        let r = matrix(real)
        let s = matrix(synthetic)
        let difference = zip(r, s).map { zip($0, $1).map { abs($0 - $1) } }
        return [
            SVGCharts.heatmap(title: "Correlation, real", names: names, values: r, signed: true),
            SVGCharts.heatmap(title: "Correlation, synthetic", names: names, values: s, signed: true),
            SVGCharts.heatmap(title: "|real − synthetic|", names: names, values: difference, signed: false),
        ]
    }

    private func dcrHistogram() -> String {
        let bins = 30
        let upper = histogramUpper
        let counts = Self.histogram(privacy.closest, bins: bins, upper: upper)
        let holdout = privacy.closestHoldout.isEmpty ? nil : Self.histogram(privacy.closestHoldout, bins: bins, upper: upper)
        let total = Double(max(privacy.closest.count, 1))
        return SVGCharts.pairedBars(
            title: "Distance to closest record", labels: ["0", format3(upper)], real: counts.map { Double($0) / total },
            synthetic: holdout.map { $0.map { Double($0) / total } },
            continuous: true, realName: holdout == nil ? "synthetic → real" : "→ training", syntheticName: "→ holdout")
    }
}

/// A number with three decimals.
func format3(_ x: Double) -> String {
    guard x.isFinite else { return x.isNaN ? "n/a" : String(x) }
    let scaled = (x * 1000).rounded() / 1000
    if abs(scaled) >= 1e6 { return String(Int(scaled)) }
    var text = String(scaled)
    if let dot = text.firstIndex(of: ".") {
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        if decimals < 3 { text += String(repeating: "0", count: 3 - decimals) }
    }
    return text
}
