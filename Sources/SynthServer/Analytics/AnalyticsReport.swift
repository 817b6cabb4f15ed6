import Foundation
import SynthCore
import SynthQuality

/// The analytics report as one self-contained HTML page: tables and inline SVG charts, no
/// scripts, fonts or other files, so it can be mailed or archived as it is.
enum AnalyticsReport {
    /// The page for `report` (the JSON of `Analytics.report`).
    static func html(_ report: Value) -> String {
        let r = report.objectValue ?? Fields()
        func section(_ name: String) -> Fields { r[name]?.objectValue ?? Fields() }
        func rows(_ value: Value?) -> [Fields] { value?.arrayValue?.compactMap(\.objectValue) ?? [] }
        let overview = section("overview")
        let jobs = overview["jobs"]?.objectValue ?? Fields()
        let costs = section("costs")
        let quality = section("quality")
        let performance = section("performance")
        let timeline = section("timeline")
        let errors = section("errors")
        let roi = section("roi")
        let org = r["org"]?.stringValue ?? ""
        let generated = Date(timeIntervalSince1970: (r["generated_at"]?.doubleValue ?? 0) / 1000)

        var page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>SynthForge analytics: \(escape(org))</title>
            <style>
            body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:60em;color:#1d2330;padding:0 1em}
            h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #d5d9e0}
            table{border-collapse:collapse;margin:.5em 0}td,th{padding:.25em .8em;border-bottom:1px solid #e6e8ee;text-align:right}
            td:first-child,th:first-child{text-align:left}.cards{display:flex;flex-wrap:wrap;gap:1em}
            .card{border:1px solid #d5d9e0;border-radius:6px;padding:.6em 1em;min-width:8em}.card b{display:block;font-size:1.4em}
            svg text{font:11px system-ui,sans-serif;fill:#4a5263}
            </style></head><body>
            <h1>SynthForge analytics: \(escape(org))</h1>
            <p>Generated \(escape(ISO8601DateFormatter().string(from: generated))).</p>
            <h2>Overview</h2><div class="cards">
            """
        let cards: [(String, String)] = [
            ("datasets", text(overview["datasets"])), ("records stored", text(overview["records"])),
            ("jobs", text(jobs["total"])), ("records generated", text(overview["records_generated"])),
            ("spend (USD)", money(overview["cost"])),
            ("tokens", String(Int(overview["tokens_in"]?.doubleValue ?? 0) + Int(overview["tokens_out"]?.doubleValue ?? 0))),
        ]
        for (name, value) in cards { page += "<div class=\"card\">\(escape(name))<b>\(escape(value))</b></div>" }
        page += "</div>\n"
        page += table(
            ["queued", "running", "succeeded", "failed", "cancelled"], [Analytics.statuses.map { text(jobs[$0]) }],
            caption: "Jobs by status")

        let buckets = rows(timeline["buckets"])
        page += "<h2>Timeline (\(escape(timeline["period"]?.stringValue ?? "")))</h2>\n"
        page += bars(buckets.map { ($0["start"]?.stringValue ?? "", $0["records"]?.doubleValue ?? 0) }, title: "Records generated")
        page += bars(buckets.map { ($0["start"]?.stringValue ?? "", $0["cost"]?.doubleValue ?? 0) }, title: "Spend (USD)")

        page += "<h2>Costs</h2>\n"
        let providers = rows(costs["by_provider"])
        page += bars(providers.map { ($0["provider"]?.stringValue ?? "", $0["cost"]?.doubleValue ?? 0) }, title: "Spend by provider (USD)")
        page += table(
            ["provider", "model", "jobs", "records", "tokens in", "tokens out", "cost", "cost / record"],
            rows(costs["by_model"]).map { row in
                [
                    text(row["provider"]), text(row["model"]), text(row["jobs"]), text(row["records"]), text(row["tokens_in"]),
                    text(row["tokens_out"]), money(row["cost"]), money(row["cost_per_record"]),
                ]
            })

        page += "<h2>Quality</h2>\n"
        page += bars(
            rows(quality["bins"]).map { (text($0["from"]) + "–" + text($0["to"]), $0["jobs"]?.doubleValue ?? 0) },
            title: "Jobs by mean quality score")
        page += table(
            ["jobs scored", "mean", "median", "min", "max"],
            [[text(quality["jobs_scored"]), text(quality["mean"]), text(quality["p50"]), text(quality["min"]), text(quality["max"])]])

        page += "<h2>Performance</h2>\n"
        let durations = performance["duration_ms"]?.objectValue ?? Fields()
        let waits = performance["queue_wait_ms"]?.objectValue ?? Fields()
        page += table(
            ["jobs succeeded", "records", "records / s", "p50 ms", "p95 ms", "max ms", "queued p50 ms", "queued p95 ms"],
            [
                [
                    text(performance["jobs"]), text(performance["records"]), text(performance["records_per_second"]),
                    text(durations["p50"]),
                    text(durations["p95"]), text(durations["max"]), text(waits["p50"]), text(waits["p95"]),
                ]
            ])

        page += "<h2>Domains</h2>\n"
        let domains = rows(section("domains")["domains"])
        page += bars(
            domains.map { ($0["domain"]?.stringValue ?? "", $0["records_generated"]?.doubleValue ?? 0) },
            title: "Records generated by domain")
        page += table(
            ["domain", "datasets", "records stored", "jobs", "records generated"],
            domains.map {
                [text($0["domain"]), text($0["datasets"]), text($0["records"]), text($0["jobs"]), text($0["records_generated"])]
            })

        page += "<h2>Errors</h2>\n<p>\(escape(text(errors["failed"]))) of \(escape(text(errors["ended"]))) ended jobs failed.</p>\n"
        page += table(
            ["kind", "ended", "failed", "cancelled", "failure rate"],
            rows(errors["by_kind"]).map {
                [text($0["kind"]), text($0["ended"]), text($0["failed"]), text($0["cancelled"]), text($0["rate"])]
            })
        page += table(
            ["provider", "ended", "failed", "cancelled", "failure rate"],
            rows(errors["by_provider"]).map {
                [text($0["provider"]), text($0["ended"]), text($0["failed"]), text($0["cancelled"]), text($0["rate"])]
            })
        let recent = rows(errors["recent"])
        if !recent.isEmpty {
            page += table(
                ["job", "kind", "provider", "error"],
                recent.map { [text($0["id"]), text($0["kind"]), text($0["provider"]), text($0["error"])] })
        }

        page += "<h2>Return on investment</h2>\n"
        page += table(
            ["records", "spend", "cost / record", "by hand / record", "by hand", "savings", "ratio"],
            [
                [
                    text(roi["records"]), money(roi["cost"]), money(roi["cost_per_record"]), money(roi["manual_cost_per_record"]),
                    money(roi["manual_cost"]), money(roi["savings"]), text(roi["ratio"]),
                ]
            ])
        page += "</body></html>\n"
        return page
    }

    /// A table with a header row.
    static func table(_ header: [String], _ rows: [[String]], caption: String? = nil) -> String {
        var out = "<table>"
        if let caption { out += "<caption>\(escape(caption))</caption>" }
        out += "<tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        for row in rows { out += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>" }
        return out + "</table>\n"
    }

    /// A bar chart of `items` as inline SVG, each bar titled with its label and value.
    static func bars(_ items: [(String, Double)], title: String) -> String {
        let width = 640.0
        let height = 200.0
        let top = 24.0
        let bottom = 36.0
        let left = 8.0
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        out += "<text x=\"\(left)\" y=\"14\">\(escape(title))</text>"
        guard !items.isEmpty else { return out + "<text x=\"\(left)\" y=\"60\">no data yet</text></svg>\n" }
        let peak = max(items.map(\.1).max() ?? 0, 1e-9)
        let slot = (width - 2 * left) / Double(items.count)
        let labelEvery = max(1, Int((84 / slot).rounded(.up)))
        for (i, (label, value)) in items.enumerated() {
            let h = (height - top - bottom) * max(0, value) / peak
            let x = left + Double(i) * slot
            out +=
                "<rect x=\"\(fmt(x + slot * 0.1))\" y=\"\(fmt(height - bottom - h))\" width=\"\(fmt(slot * 0.8))\" height=\"\(fmt(h))\" fill=\"#3b6fd8\">"
            out += "<title>\(escape(label)): \(escape(NumberFormat.trimmed(value, decimals: 6)))</title></rect>"
            if i % labelEvery == 0 {
                out += "<text x=\"\(fmt(x + slot / 2))\" y=\"\(fmt(height - bottom + 14))\" text-anchor=\"middle\">\(escape(label))</text>"
            }
        }
        out +=
            "<text x=\"\(fmt(width - left))\" y=\"\(fmt(top - 4))\" text-anchor=\"end\">max \(escape(NumberFormat.trimmed(peak, decimals: 6)))</text>"
        return out + "</svg>\n"
    }

    static func fmt(_ x: Double) -> String { NumberFormat.trimmed(x, decimals: 2) }

    /// A figure as the page shows it ("–" for none).
    static func text(_ value: Value?) -> String {
        guard let value, !value.isNull else { return "–" }
        return value.text
    }

    /// An amount of USD to the cent, or to 4 decimals when under a cent.
    static func money(_ value: Value?) -> String {
        guard let x = value?.doubleValue else { return "–" }
        return abs(x) >= 0.01 || x == 0 ? String(format: "$%.2f", x) : String(format: "$%.4f", x)
    }

    static func escape(_ s: String) -> String { HTMLReport.escape(s) }
}
