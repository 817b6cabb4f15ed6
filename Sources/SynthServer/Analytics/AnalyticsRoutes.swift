import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SynthCore

/// Read-only analytics of the caller's organization (viewers and above), one route per section
/// and a report with all of them, as JSON or a self-contained HTML page.
enum AnalyticsRoutes {
    static let count = Schema.integer
    static let amount = Schema.number
    static let optionalAmount = Schema.nullable(Schema.number)

    static let overviewSchema = Schema.object([
        "datasets": count, "records": count,
        "jobs": Schema.object([
            "total": count, "queued": count, "running": count, "succeeded": count, "failed": count, "cancelled": count,
        ]),
        "records_generated": count, "cost": amount, "tokens_in": count, "tokens_out": count,
    ])

    static func spendRow(_ labels: [String]) -> Value {
        Schema.object(
            labels.map { ($0, Schema.string) } + [
                ("jobs", count), ("records", count), ("tokens_in", count), ("tokens_out", count), ("cost", amount),
                ("cost_per_record", optionalAmount),
            ])
    }

    static let costsSchema = Schema.object([
        "total": amount, "by_provider": Schema.array(spendRow(["provider"])), "by_model": Schema.array(spendRow(["provider", "model"])),
    ])

    static let qualitySchema = Schema.object([
        "jobs_scored": count, "mean": optionalAmount, "p50": optionalAmount, "min": optionalAmount, "max": optionalAmount,
        "bins": Schema.array(Schema.object(["from": amount, "to": amount, "jobs": count])),
    ])

    static let performanceSchema = Schema.object([
        "jobs": count, "records": count, "seconds": amount, "records_per_second": optionalAmount,
        "duration_ms": Schema.object([
            "p50": Schema.nullable(count), "p95": Schema.nullable(count), "max": Schema.nullable(count),
        ]),
        "queue_wait_ms": Schema.object(["p50": Schema.nullable(count), "p95": Schema.nullable(count)]),
    ])

    static let domainsSchema = Schema.object([
        "domains": Schema.array(
            Schema.object([
                "domain": Schema.string, "datasets": count, "records": count, "jobs": count, "records_generated": count,
            ]))
    ])

    static let timelineSchema = Schema.object([
        "period": Schema.enumeration(Analytics.Period.allCases.map(\.rawValue)),
        "buckets": Schema.array(
            Schema.object([
                "start": Schema.string, "jobs": count, "succeeded": count, "failed": count, "records": count, "cost": amount,
                "tokens": count,
            ])),
    ])

    static func rateRow(_ label: String) -> Value {
        Schema.object([(label, Schema.string), ("ended", count), ("failed", count), ("cancelled", count), ("rate", amount)])
    }

    static let errorsSchema = Schema.object([
        "ended": count, "failed": count, "rate": amount, "by_kind": Schema.array(rateRow("kind")),
        "by_provider": Schema.array(rateRow("provider")),
        "recent": Schema.array(
            Schema.object([
                "id": Schema.string, "kind": Schema.string, "provider": Schema.string, "error": Schema.string,
                "finished_at": Schema.nullable(count),
            ])),
    ])

    static let roiSchema = Schema.object([
        "manual_cost_per_record": amount, "records": count, "cost": amount, "cost_per_record": optionalAmount,
        "manual_cost": amount, "savings": amount, "ratio": optionalAmount,
    ])

    static let periodQuery = APIRoute.QueryParameter(
        "period", Schema.enumeration(Analytics.Period.allCases.map(\.rawValue)), "Bucket size of the timeline (default daily).")
    static let manualCostQuery = APIRoute.QueryParameter(
        "manual_cost_per_record", .object(["type": .string("number"), "minimum": .int(0), "maximum": .int(1_000_000)]),
        "What one record costs made by hand, in USD (default \(Analytics.defaultManualCost)).")

    static let routes: [APIRoute] = [
        section("overview", "Datasets, records, jobs by status, spend and tokens.", overviewSchema) { analytics, _ in analytics.overview },
        section("costs", "Spend by provider and by model, with the cost per record.", costsSchema) { analytics, _ in analytics.costs },
        section("quality", "The distribution of jobs' mean quality scores (ten bins over 0-1).", qualitySchema) { analytics, _ in
            analytics.quality
        },
        section("performance", "Records per second, job durations (p50, p95) and time queued.", performanceSchema) { analytics, _ in
            analytics.performance
        },
        section("domains", "Records stored and generated, by domain.", domainsSchema) { analytics, _ in analytics.domains },
        section("timeline", "Jobs, records, spend and tokens per day, week or month.", timelineSchema, query: [periodQuery]) {
            analytics, call in analytics.timeline(try period(of: call))
        },
        section("errors", "Failed jobs against ended ones, by kind and by provider, and the latest failures.", errorsSchema) {
            analytics, _ in analytics.errors
        },
        section(
            "roi", "Cost per generated record against a manual cost per record: savings and ratio.", roiSchema,
            query: [manualCostQuery]
        ) { analytics, call in analytics.roi(manualCost: try manualCost(of: call))
        },
        APIRoute(
            .get, "/api/v1/analytics/report", permission: .read, tag: "analytics",
            summary: "Every section at once: JSON, or (format=html) a self-contained page with inline SVG charts.",
            response: Schema.object([
                "org": Schema.string, "generated_at": count, "overview": overviewSchema, "costs": costsSchema, "quality": qualitySchema,
                "performance": performanceSchema, "domains": domainsSchema, "timeline": timelineSchema, "errors": errorsSchema,
                "roi": roiSchema,
            ]),
            query: [.init("format", Schema.enumeration(["json", "html"]), "json (the default) or html."), periodQuery, manualCostQuery]
        ) { call in
            let caller = try call.caller
            let format = call.query("format") ?? "json"
            guard format == "json" || format == "html" else { throw APIError.invalid("format", "'format' must be json or html") }
            let bucketing = try period(of: call)
            let manual = try manualCost(of: call)
            let analytics = try await call.store { access in try Analytics.load(org: caller.org, from: access.store) }
            let now = ServerClock.nowMillis()
            let report = analytics.report(org: caller.org, period: bucketing, manualCost: manual, at: now)
            guard format == "html" else { return JSONBody.response(report) }
            let day = Analytics.date(Analytics.bucket(now, .daily), .daily)
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/html; charset=utf-8",
                    .contentDisposition: "inline; filename=\"synthforge-report-\(caller.org.slug)-\(day).html\"",
                    .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
                ],
                body: ResponseBody(byteBuffer: ByteBuffer(string: AnalyticsReport.html(report))))
        },
    ]

    /// The route of one section.
    static func section(
        _ name: String, _ summary: String, _ schema: Value, query: [APIRoute.QueryParameter] = [],
        _ compute: @escaping @Sendable (Analytics, APICall) throws -> Value
    ) -> APIRoute {
        APIRoute(.get, "/api/v1/analytics/\(name)", permission: .read, tag: "analytics", summary: summary, response: schema, query: query) {
            call in
            let caller = try call.caller
            let analytics = try await call.store { access in try Analytics.load(org: caller.org, from: access.store) }
            return JSONBody.response(try compute(analytics, call))
        }
    }

    static func period(of call: APICall) throws(APIError) -> Analytics.Period {
        guard let text = call.query("period") else { return .daily }
        guard let period = Analytics.Period(rawValue: text) else {
            throw APIError.invalid("period", "'period' must be daily, weekly or monthly")
        }
        return period
    }

    static func manualCost(of call: APICall) throws(APIError) -> Double {
        guard let text = call.query("manual_cost_per_record") else { return Analytics.defaultManualCost }
        guard let cost = Double(text), cost.isFinite, cost >= 0, cost <= 1_000_000 else {
            throw APIError.invalid("manual_cost_per_record", "'manual_cost_per_record' must be a number of USD from 0 to 1000000")
        }
        return cost
    }
}
