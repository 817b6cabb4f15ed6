import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import SynthStore
import SynthTesting
import Testing

/// Analytics over jobs written straight into the `jobs` table, checked against figures worked
/// out by hand from those rows (docs/server/analytics.md gives the definitions).
@Suite struct AnalyticsTests {
    struct Job {
        var id: String
        var kind = "generate"
        var status: String
        var domain: String
        var provider = ""
        var model = ""
        var tokensIn = 0
        var tokensOut = 0
        var cost = 0.0
        var written = 0
        var elapsedMs = 0
        var score: Double?
        var createdAt: Int64
        var wait: Int64?
        var error = ""
    }

    // 2026-11-02 is a Monday.
    static let jobs: [Job] = [
        Job(
            id: "j1", status: "succeeded", domain: "medical", provider: "openai", model: "gpt-4o-mini", tokensIn: 1000, tokensOut: 500,
            cost: 0.25, written: 100, elapsedMs: 2000, score: 0.82, createdAt: 1_793_613_600_000, wait: 1000),  // 2026-11-02 10:00
        Job(
            id: "j2", status: "succeeded", domain: "medical", provider: "openai", model: "gpt-4o", tokensIn: 2000, tokensOut: 1000,
            cost: 1.25, written: 200, elapsedMs: 4000, score: 0.91, createdAt: 1_793_696_400_000, wait: 3000),  // 2026-11-03 09:00
        Job(
            id: "j3", status: "succeeded", domain: "legal", written: 300, elapsedMs: 1000, score: 0.55, createdAt: 1_793_707_200_000,
            wait: 500),  // 2026-11-03 12:00
        Job(
            id: "j4", status: "failed", domain: "legal", provider: "anthropic", model: "claude-haiku", tokensIn: 500, cost: 0.5,
            elapsedMs: 3000, createdAt: 1_793_865_600_000, wait: 2000, error: "provider said <500>"),  // 2026-11-05 08:00
        Job(
            id: "j5", kind: "validate", status: "succeeded", domain: "medical", elapsedMs: 6000, score: 0.7,
            createdAt: 1_794_297_600_000, wait: 0),  // 2026-11-10 08:00
        Job(
            id: "j6", status: "cancelled", domain: "medical", provider: "openai", model: "gpt-4o-mini", tokensIn: 100, tokensOut: 50,
            cost: 0.125, written: 50, elapsedMs: 500, createdAt: 1_796_085_000_000, wait: 100),  // 2026-12-01 00:30
        // 2026-12-01 01:00
        Job(id: "j7", status: "queued", domain: "legal", provider: "openai", model: "gpt-4o-mini", createdAt: 1_796_086_800_000),
    ]

    /// A server whose first organization has the jobs above and two datasets (3 medical
    /// records, 2 legal), and a second organization with a dataset and a costly job of its own.
    static func server() async throws -> (TestServer, otherKey: String) {
        let server = try await TestServer.make()
        try await server.dataset("a", domain: "medical", records: 3)
        try await server.dataset("b", domain: "legal", records: 2)
        let other = try await server.otherOrg()
        try await server.dataset("x", org: "other", domain: "medical", records: 5)
        try await server.services.stores.with { store in
            for job in jobs { try insert(job, org: 1, into: store.database) }
            try insert(
                Job(
                    id: "o1", status: "succeeded", domain: "medical", provider: "openai", cost: 100, written: 1000, elapsedMs: 10,
                    createdAt: 1_793_613_600_000),
                org: other.org.id, into: store.database)
        }
        return (server, other.key)
    }

    static func insert(_ job: Job, org: Int64, into db: any SQLDatabase) throws {
        let started = job.wait.map { job.createdAt + $0 }
        let ended = ["succeeded", "failed", "cancelled"].contains(job.status)
        try db.execute(
            """
            INSERT INTO jobs (id, org, kind, status, spec, created_by, created_at, started_at, finished_at, written, generated, error,
            domain, provider, model, tokens_in, tokens_out, cost, elapsed_ms, mean_score)
            VALUES (?, ?, ?, ?, '{}', 'test', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .text(job.id), .integer(org), .text(job.kind), .text(job.status), .integer(job.createdAt),
                started.map { .integer($0) } ?? .null, ended ? .integer((started ?? job.createdAt) + Int64(job.elapsedMs)) : .null,
                .integer(Int64(job.written)), .integer(Int64(job.written)), .text(job.error), .text(job.domain), .text(job.provider),
                .text(job.model), .integer(Int64(job.tokensIn)), .integer(Int64(job.tokensOut)), .real(job.cost),
                .integer(Int64(job.elapsedMs)), job.score.map { .real($0) } ?? .null,
            ])
    }

    @Test func overviewCountsTheOrganizationsDatasetsRecordsJobsSpendAndTokens() async throws {
        let (server, otherKey) = try await Self.server()
        let viewer = try await server.member(.viewer)
        try await server.run { client in
            let overview = try await client.call(.get, "/api/v1/analytics/overview", key: viewer.key)
            #expect(overview.status == 200)
            #expect(overview["datasets"] == .int(2))
            #expect(overview["records"] == .int(5))
            #expect(
                overview["jobs"]
                    == .object([
                        "total": .int(7), "queued": .int(1), "running": .int(0), "succeeded": .int(4), "failed": .int(1),
                        "cancelled": .int(1),
                    ]))
            #expect(overview["records_generated"] == .int(650))
            #expect(overview["cost"]?.doubleValue == 2.125)
            #expect(overview["tokens_in"] == .int(3600))
            #expect(overview["tokens_out"] == .int(1550))

            let other = try await client.call(.get, "/api/v1/analytics/overview", key: otherKey)
            #expect(other["datasets"] == .int(1))
            #expect(other["records"] == .int(5))
            #expect(other["cost"]?.doubleValue == 100)
            #expect(try await client.call(.get, "/api/v1/analytics/overview", key: "").status == 401)
        }
    }

    @Test func costsAreGroupedByProviderAndModelMostExpensiveFirst() async throws {
        let (server, _) = try await Self.server()
        try await server.run { client in
            let costs = try await client.call(.get, "/api/v1/analytics/costs")
            #expect(costs["total"]?.doubleValue == 2.125)
            let providers = try #require(costs["by_provider"]?.arrayValue?.compactMap { $0.objectValue })
            #expect(providers.map { $0["provider"]?.stringValue } == ["openai", "anthropic", "builtin"])
            #expect(providers.map { $0["cost"]?.doubleValue } == [1.625, 0.5, 0])
            #expect(providers.map { $0["jobs"] } == [.int(4), .int(1), .int(2)])
            #expect(providers.map { $0["records"] } == [.int(350), .int(0), .int(300)])
            // 1.625 / 350 = 0.00464285…, to 6 decimals; no records, no cost per record.
            #expect(providers.map { $0["cost_per_record"] } == [.double(0.004643), .null, .double(0)])
            #expect(providers[0]["tokens_in"] == .int(3100))
            let models = try #require(costs["by_model"]?.arrayValue?.compactMap { $0.objectValue })
            #expect(models.map { $0["model"]?.stringValue } == ["gpt-4o", "claude-haiku", "gpt-4o-mini", "builtin"])
            #expect(models.map { $0["cost"]?.doubleValue } == [1.25, 0.5, 0.375, 0])
            #expect(models[2]["cost_per_record"]?.doubleValue == 0.0025)
        }
    }

    @Test func qualityPerformanceAndDomainsFollowTheDocumentedDefinitions() async throws {
        let (server, _) = try await Self.server()
        try await server.run { client in
            let quality = try await client.call(.get, "/api/v1/analytics/quality")
            #expect(quality["jobs_scored"] == .int(4))
            #expect(quality["mean"]?.doubleValue == 0.745)
            #expect(quality["p50"]?.doubleValue == 0.7)  // nearest rank: the 2nd of 0.55, 0.7, 0.82, 0.91
            #expect(quality["min"]?.doubleValue == 0.55)
            #expect(quality["max"]?.doubleValue == 0.91)
            let bins = try #require(quality["bins"]?.arrayValue?.compactMap { $0.objectValue?["jobs"] })
            #expect(bins == [0, 0, 0, 0, 0, 1, 0, 1, 1, 1].map { .int($0) })

            let performance = try await client.call(.get, "/api/v1/analytics/performance")
            #expect(performance["jobs"] == .int(4))
            #expect(performance["records"] == .int(600))
            #expect(performance["seconds"]?.doubleValue == 13)
            #expect(performance["records_per_second"]?.doubleValue == 46.153846)  // 600 / 13
            // Durations of the succeeded jobs: 1000, 2000, 4000, 6000 ms.
            #expect(performance["duration_ms"] == .object(["p50": .int(2000), "p95": .int(6000), "max": .int(6000)]))
            // Waits of the jobs that started: 0, 100, 500, 1000, 2000, 3000 ms.
            #expect(performance["queue_wait_ms"] == .object(["p50": .int(500), "p95": .int(3000)]))

            // Nearest-rank percentiles are numpy's "inverted_cdf" method.
            let program = """
                import json, sys, numpy as np
                durations, waits, scores = json.loads(sys.argv[1])
                print(json.dumps([int(x) for x in np.percentile(durations, [50, 95], method="inverted_cdf")]
                    + [int(x) for x in np.percentile(waits, [50, 95], method="inverted_cdf")]
                    + [float(np.percentile(scores, 50, method="inverted_cdf"))]))
                """
            let succeeded = Self.jobs.filter { $0.status == "succeeded" }
            let input = JSONWriter.string(
                .array([
                    .array(succeeded.map { .int($0.elapsedMs) }), .array(Self.jobs.compactMap { $0.wait.map { .int(Int($0)) } }),
                    .array(Self.jobs.compactMap { $0.score.map { .double($0) } }),
                ]))
            let reference = try JSONParser.parse(Array(try Processes.python(program, [input]).utf8))
            let durations = performance["duration_ms"]?.objectValue
            let waits = performance["queue_wait_ms"]?.objectValue
            #expect(
                reference.arrayValue?.compactMap(\.doubleValue)
                    == [durations?["p50"], durations?["p95"], waits?["p50"], waits?["p95"], quality["p50"]].compactMap { $0?.doubleValue })

            let domains = try await client.call(.get, "/api/v1/analytics/domains")
            #expect(
                domains["domains"]
                    == .array([
                        .object([
                            "domain": .string("medical"), "datasets": .int(1), "records": .int(3), "jobs": .int(3),
                            "records_generated": .int(350),
                        ]),
                        .object([
                            "domain": .string("legal"), "datasets": .int(1), "records": .int(2), "jobs": .int(3),
                            "records_generated": .int(300),
                        ]),
                    ]))
        }
    }

    @Test func theTimelineFillsEveryDayWeekOrMonthBetweenTheFirstAndLastJob() async throws {
        let (server, _) = try await Self.server()
        try await server.run { client in
            let daily = try #require(try await client.call(.get, "/api/v1/analytics/timeline")["buckets"]?.arrayValue)
            #expect(daily.count == 30)  // 2026-11-02 … 2026-12-01
            #expect(daily.first?.objectValue?["start"] == .string("2026-11-02"))
            #expect(
                daily[1]
                    == .object([
                        "start": .string("2026-11-03"), "jobs": .int(2), "succeeded": .int(2), "failed": .int(0), "records": .int(500),
                        "cost": .double(1.25), "tokens": .int(3000),
                    ]))
            #expect(daily[2].objectValue?["jobs"] == .int(0))
            #expect(daily.last?.objectValue?["start"] == .string("2026-12-01"))
            #expect(daily.last?.objectValue?["records"] == .int(50))

            let weekly = try await client.call(.get, "/api/v1/analytics/timeline?period=weekly")
            #expect(weekly["period"] == .string("weekly"))
            let weeks = try #require(weekly["buckets"]?.arrayValue?.compactMap { $0.objectValue })
            #expect(weeks.map { $0["start"]?.stringValue } == ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30"])
            #expect(weeks.map { $0["jobs"] } == [4, 1, 0, 0, 2].map { .int($0) })
            #expect(weeks[0]["cost"]?.doubleValue == 2)
            #expect(weeks[0]["tokens"] == .int(5000))

            let monthly = try #require(
                try await client.call(.get, "/api/v1/analytics/timeline?period=monthly")["buckets"]?.arrayValue?.compactMap {
                    $0.objectValue
                })
            #expect(monthly.map { $0["start"]?.stringValue } == ["2026-11", "2026-12"])
            #expect(monthly.map { $0["records"] } == [.int(600), .int(50)])

            let wrong = try await client.call(.get, "/api/v1/analytics/timeline?period=hourly")
            #expect(wrong.status == 400)
            #expect(wrong.errorField == "period")
        }
    }

    @Test func errorRatesAndROIAreComputedFromEndedJobsAndTheirSpend() async throws {
        let (server, _) = try await Self.server()
        try await server.run { client in
            let errors = try await client.call(.get, "/api/v1/analytics/errors")
            #expect(errors["ended"] == .int(6))
            #expect(errors["failed"] == .int(1))
            #expect(errors["rate"]?.doubleValue == 0.166667)
            let kinds = try #require(errors["by_kind"]?.arrayValue?.compactMap { $0.objectValue })
            #expect(kinds.map { $0["kind"]?.stringValue } == ["generate", "validate"])
            #expect(kinds.map { $0["ended"] } == [.int(5), .int(1)])
            #expect(kinds.map { $0["cancelled"] } == [.int(1), .int(0)])
            #expect(kinds.map { $0["rate"]?.doubleValue } == [0.2, 0])
            let providers = try #require(errors["by_provider"]?.arrayValue?.compactMap { $0.objectValue })
            #expect(providers.map { $0["provider"]?.stringValue } == ["anthropic", "builtin", "openai"])
            #expect(providers.map { $0["rate"]?.doubleValue } == [1, 0, 0])
            let recent = try #require(errors["recent"]?.arrayValue?.compactMap { $0.objectValue })
            #expect(recent.map { $0["id"]?.stringValue } == ["j4"])
            #expect(recent.first?["error"]?.stringValue == "provider said <500>")

            let roi = try await client.call(.get, "/api/v1/analytics/roi")
            #expect(roi["manual_cost_per_record"]?.doubleValue == 0.5)
            #expect(roi["records"] == .int(650))
            #expect(roi["cost"]?.doubleValue == 2.125)
            #expect(roi["cost_per_record"]?.doubleValue == 0.003269)  // 2.125 / 650
            #expect(roi["manual_cost"]?.doubleValue == 325)
            #expect(roi["savings"]?.doubleValue == 322.875)
            #expect(roi["ratio"]?.doubleValue == 152.941176)  // 325 / 2.125
            let cheaper = try await client.call(.get, "/api/v1/analytics/roi?manual_cost_per_record=0.1")
            #expect(cheaper["savings"]?.doubleValue == 62.875)
            #expect(cheaper["ratio"]?.doubleValue == 30.588235)
            let negative = try await client.call(.get, "/api/v1/analytics/roi?manual_cost_per_record=-1")
            #expect(negative.status == 400)
            #expect(negative.errorField == "manual_cost_per_record")
        }
    }

    @Test func theReportHoldsEverySectionAsJSONOrASelfContainedHTMLPage() async throws {
        let (server, _) = try await Self.server()
        try await server.run { client in
            let json = try await client.call(.get, "/api/v1/analytics/report")
            #expect(json.status == 200)
            #expect(json["org"] == .string("default"))
            #expect(json["overview"] == (try await client.call(.get, "/api/v1/analytics/overview")).json)
            #expect(json["costs"] == (try await client.call(.get, "/api/v1/analytics/costs")).json)
            #expect(json["roi"] == (try await client.call(.get, "/api/v1/analytics/roi")).json)
            let weekly = try await client.call(.get, "/api/v1/analytics/report?period=weekly")
            #expect(weekly["timeline"]?.objectValue?["period"] == .string("weekly"))

            let html = try await client.call(.get, "/api/v1/analytics/report?format=html")
            #expect(html.status == 200)
            #expect(html.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(html.text.hasPrefix("<!doctype html>"))
            #expect(html.text.components(separatedBy: "<svg").count - 1 == 5)
            #expect(html.text.contains("<b>650</b>"))  // records generated
            #expect(html.text.contains("provider said &lt;500&gt;"))
            #expect(html.text.contains("gpt-4o-mini"))
            for external in ["<script", "<link", "src=", "href=", "@import", "url("] {
                #expect(!html.text.contains(external), "\(external)")
            }

            let pdf = try await client.call(.get, "/api/v1/analytics/report?format=pdf")
            #expect(pdf.status == 400)
            #expect(pdf.errorField == "format")
        }
    }
}
