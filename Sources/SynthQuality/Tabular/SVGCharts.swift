/// The evaluation report's charts as inline SVG (no scripts, no external assets).
enum SVGCharts {
    /// Bars of two series side by side per label (dark: real, light: synthetic); `continuous`
    /// draws adjacent bins and labels only the two ends of the axis.
    static func pairedBars(
        title: String, labels: [String], real: [Double], synthetic: [Double]?, continuous: Bool, realName: String = "real",
        syntheticName: String = "synthetic"
    ) -> String {
        let width = 440.0
        let height = 190.0
        let left = 36.0
        let top = 24.0
        let bottom = continuous ? 20.0 : 56.0
        let plotHeight = height - top - bottom
        let plotWidth = width - left - 8
        let maximum = max((real + (synthetic ?? [])).max() ?? 0, 1e-12)
        let slot = plotWidth / Double(max(real.count, 1))
        var svg =
            "<svg role=\"img\" aria-label=\"\(HTMLReport.escape(title))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"49%\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<text x=\"0\" y=\"14\" style=\"font-weight:600;font-size:12px\">\(HTMLReport.escape(title))</text>"
        svg += "<text x=\"\(Int(width - 8))\" y=\"14\" text-anchor=\"end\"><tspan fill=\"#1d4ed8\">■ \(realName)</tspan>"
        if synthetic != nil { svg += " <tspan fill=\"#f59e0b\">■ \(syntheticName)</tspan>" }
        svg += "</text>"
        svg += "<line x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(width - 8)\" y2=\"\(top + plotHeight)\" stroke=\"#9aa5b1\"/>"
        svg += "<text x=\"\(left - 4)\" y=\"\(Int(top + 8))\" text-anchor=\"end\">\(format3(maximum))</text>"
        let series = synthetic == nil ? 1.0 : 2.0
        for (i, value) in real.enumerated() {
            let barWidth = max(slot * (continuous ? 1 : 0.8) / series - (continuous ? 0.5 : 0), 0.5)
            let x = left + Double(i) * slot + (continuous ? 0 : slot * 0.1)
            let h = plotHeight * value / maximum
            svg += rect(x, top + plotHeight - h, barWidth, h, "#1d4ed8", opacity: synthetic == nil ? 0.85 : 0.75)
            if let synthetic {
                let hs = plotHeight * synthetic[i] / maximum
                svg += rect(x + barWidth, top + plotHeight - hs, barWidth, hs, "#f59e0b", opacity: 0.75)
            }
            if !continuous {
                let cx = left + (Double(i) + 0.5) * slot
                let label = HTMLReport.escape(String(labels[i].prefix(14)))
                svg += "<text transform=\"translate(\(fmt(cx)),\(Int(top + plotHeight + 10))) rotate(35)\">\(label)</text>"
            }
        }
        if continuous, labels.count == 2 {
            svg += "<text x=\"\(left)\" y=\"\(Int(height - 4))\">\(HTMLReport.escape(labels[0]))</text>"
            svg += "<text x=\"\(Int(width - 8))\" y=\"\(Int(height - 4))\" text-anchor=\"end\">\(HTMLReport.escape(labels[1]))</text>"
        }
        return svg + "</svg>"
    }

    /// A square heatmap of `values` (rows and columns named by `names`): blue–white–red for −1...1
    /// when `signed`, white–red for 0...1 otherwise; NaN cells are grey.
    static func heatmap(title: String, names: [String], values: [[Double]], signed: Bool) -> String {
        let cell = max(8.0, min(26.0, 300.0 / Double(names.count)))
        let left = 96.0
        let top = 26.0
        let size = cell * Double(names.count)
        let width = left + size + 8
        let height = top + size + 90
        var svg =
            "<svg role=\"img\" aria-label=\"\(HTMLReport.escape(title))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"32%\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<text x=\"0\" y=\"14\" style=\"font-weight:600;font-size:12px\">\(HTMLReport.escape(title))</text>"
        for (i, name) in names.enumerated() {
            let y = top + (Double(i) + 0.5) * cell + 4
            svg += "<text x=\"\(Int(left - 4))\" y=\"\(fmt(y))\" text-anchor=\"end\">\(HTMLReport.escape(String(name.prefix(14))))</text>"
            let x = left + (Double(i) + 0.5) * cell
            svg +=
                "<text transform=\"translate(\(fmt(x)),\(Int(top + size + 8))) rotate(60)\">\(HTMLReport.escape(String(name.prefix(14))))</text>"
            for (j, v) in values[i].enumerated() {
                let color: String
                if v.isNaN {
                    color = "#cbd2d9"
                } else if signed {
                    color = v >= 0 ? blend(v, to: (220, 38, 38)) : blend(-v, to: (37, 99, 235))
                } else {
                    color = blend(v, to: (220, 38, 38))
                }
                let label = v.isNaN ? "n/a" : format3(v)
                svg +=
                    "<rect x=\"\(fmt(left + Double(j) * cell))\" y=\"\(fmt(top + Double(i) * cell))\" width=\"\(fmt(cell))\" height=\"\(fmt(cell))\" fill=\"\(color)\"><title>\(HTMLReport.escape(name)) × \(HTMLReport.escape(names[j])): \(label)</title></rect>"
            }
        }
        return svg + "</svg>"
    }

    private static func blend(_ t: Double, to target: (Int, Int, Int)) -> String {
        let t = min(max(t, 0), 1)
        func c(_ x: Int) -> Int { Int((255 + (Double(x) - 255) * t).rounded()) }
        return "rgb(\(c(target.0)),\(c(target.1)),\(c(target.2)))"
    }

    private static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ color: String, opacity: Double) -> String {
        "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(w))\" height=\"\(fmt(h))\" fill=\"\(color)\" fill-opacity=\"\(opacity)\"/>"
    }

    private static func fmt(_ x: Double) -> String { String((x * 10).rounded() / 10) }
}
