/// Renders a `ReportDocument` as one self-contained HTML page: inline CSS, charts as inline SVG,
/// no scripts and no external assets, so it opens anywhere and prints to PDF as it looks.
public enum HTMLReport {
    /// The page for `document`.
    public static func render(_ document: ReportDocument) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(document.title))</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1000px;color:#1f2933;padding:0 1rem}
            h1{margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #d9e2ec;padding-bottom:.3rem}
            .sub{color:#52606d;margin-top:0}.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:1.2rem 0}
            .card{background:#f0f4f8;border-radius:8px;padding:.7rem 1rem;min-width:9rem}
            .card b{display:block;font-size:1.4rem}.card span{color:#52606d;font-size:.85rem}
            table{border-collapse:collapse;width:100%;margin:.8rem 0;font-size:.9rem}
            th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e4e7eb;vertical-align:top}
            th{background:#f5f7fa}td.n{text-align:right;font-variant-numeric:tabular-nums}th:not(:first-child){text-align:right}
            .note{color:#52606d}svg text{font-size:11px;fill:#3e4c59}
            @page{size:A4;margin:14mm 12mm}
            @media print{body{margin:0;max-width:none;padding:0;-webkit-print-color-adjust:exact;print-color-adjust:exact}
            h2{break-after:avoid}.note{break-after:avoid}.cards,.card,svg,tr{break-inside:avoid}thead{display:table-header-group}}
            </style></head><body>
            <h1>\(escape(document.title))</h1>
            <p class="sub">\(escape(document.subtitle))</p>
            <div class="cards">
            """
        for (label, value) in document.figures {
            html += "<div class=\"card\"><b>\(escape(value))</b><span>\(escape(label))</span></div>\n"
        }
        html += "</div>\n"
        for section in document.sections {
            html += "<h2>\(escape(section.title))</h2>\n"
            if !section.note.isEmpty { html += "<p class=\"note\">\(escape(section.note))</p>\n" }
            for block in section.blocks {
                switch block {
                case .table(let header, let rows): html += table(header, rows)
                case .bars(let title, let bars): html += barChart(title, bars)
                case .svg(let markup): html += markup + "\n"
                }
            }
        }
        html += "</body></html>\n"
        return html
    }

    private static func table(_ header: [String], _ rows: [[String]]) -> String {
        var html = "<table><thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in rows {
            html +=
                "<tr>"
                + row.map { cell in
                    let numeric = !cell.isEmpty && cell.allSatisfy { $0.isNumber || ".,-%≈".contains($0) }
                    return numeric ? "<td class=\"n\">\(escape(cell))</td>" : "<td>\(escape(cell))</td>"
                }.joined() + "</tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    /// A horizontal bar chart: one labelled bar per value, scaled to the largest.
    private static func barChart(_ title: String, _ bars: [(label: String, value: Double)]) -> String {
        let labelWidth = 170.0
        let width = 900.0
        let barHeight = 18.0
        let gap = 6.0
        let top = 26.0
        let height = top + Double(bars.count) * (barHeight + gap) + 8
        let maximum = bars.map(\.value).max() ?? 0
        var svg =
            "<svg role=\"img\" aria-label=\"\(escape(title))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<text x=\"0\" y=\"14\" style=\"font-weight:600;font-size:13px\">\(escape(title))</text>"
        for (i, bar) in bars.enumerated() {
            let y = top + Double(i) * (barHeight + gap)
            let length = maximum > 0 ? (width - labelWidth - 90) * bar.value / maximum : 0
            svg +=
                "<text x=\"\(Int(labelWidth - 6))\" y=\"\(Int(y + 13))\" text-anchor=\"end\">\(escape(String(bar.label.prefix(28))))</text>"
            svg +=
                "<rect x=\"\(Int(labelWidth))\" y=\"\(Int(y))\" width=\"\(fmt(max(length, 0.5)))\" height=\"\(Int(barHeight))\" rx=\"3\" fill=\"#3b82f6\"/>"
            svg += "<text x=\"\(fmt(labelWidth + length + 6))\" y=\"\(Int(y + 13))\">\(escape(number(bar.value)))</text>"
        }
        return svg + "</svg>\n"
    }

    private static func fmt(_ x: Double) -> String { String(Int(x.rounded())) }

    private static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(Double(Int(x * 1000)) / 1000)
    }

    /// Text made safe for HTML.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
