import Foundation
import SynthCore
import SynthStore

/// One job's figures, as the `jobs` table keeps them.
public struct JobFacts: Sendable, Hashable {
    public var id: String
    public var kind: String
    public var status: String
    public var domain: String
    public var provider: String
    public var model: String
    public var tokensIn: Int
    public var tokensOut: Int
    public var cost: Double
    public var written: Int
    public var generated: Int
    public var elapsedMs: Int
    public var meanScore: Double?
    public var createdAt: Int64
    public var startedAt: Int64?
    public var finishedAt: Int64?
    public var error: String
}

/// One dataset's figures: its domain and the records of its current branch's head.
public struct DatasetFacts: Sendable, Hashable {
    public var name: String
    public var domain: String
    public var records: Int
}

/// The analytics of one organization, computed from its jobs and datasets.
///
/// Definitions (docs/server/analytics.md says the same):
/// - a job has *ended* when it succeeded, failed or was cancelled; the error rate is failed / ended;
/// - *records* of jobs are the records they wrote (`written`, kept even by a cancelled job);
///   *records* of datasets are those of each dataset's current branch head;
/// - durations are the jobs' `elapsed_ms`; percentiles are nearest-rank (the value at rank
///   ⌈p·n⌉ of the sorted values); records per second = Σ written / Σ elapsed seconds, over
///   the jobs that succeeded;
/// - money is in USD, rounded to 6 decimals; timeline buckets are UTC days, weeks starting
///   on Monday, or calendar months, by the job's `created_at`.
public struct Analytics: Sendable {
    public var jobs: [JobFacts]
    public var datasets: [DatasetFacts]

    /// The default cost of a record made by hand, for the ROI figure: $0.50.
    public static let defaultManualCost = 0.50

    public init(jobs: [JobFacts], datasets: [DatasetFacts]) {
        self.jobs = jobs
        self.datasets = datasets
    }

    /// Reads the organization's jobs and datasets.
    public static func load(org: Org, from store: Store) throws(SynthError) -> Analytics {
        let jobs = try store.database.rows(
            """
            SELECT id, kind, status, domain, provider, model, tokens_in, tokens_out, cost, written, generated, elapsed_ms, mean_score,
            created_at, started_at, finished_at, error FROM jobs WHERE org = ? ORDER BY created_at, id
            """, [.integer(org.id)]
        ).map { row in
            JobFacts(
                id: row.text(0), kind: row.text(1), status: row.text(2), domain: row.text(3), provider: row.text(4), model: row.text(5),
                tokensIn: row.int(6), tokensOut: row.int(7), cost: row.double(8), written: row.int(9), generated: row.int(10),
                elapsedMs: row.int(11), meanScore: row.optionalText(12) == nil ? nil : row.double(12), createdAt: Int64(row.int(13)),
                startedAt: row.optionalText(14) == nil ? nil : Int64(row.int(14)),
                finishedAt: row.optionalText(15) == nil ? nil : Int64(row.int(15)), error: row.text(16))
        }
        var datasets: [DatasetFacts] = []
        for info in try store.datasets() where info.name.hasPrefix(org.slug + "/") {
            var records = 0
            if let head = try store.ref(info.name, info.currentBranch), let version = try store.version(hash: head.version) {
                records = version.count
            }
            datasets.append(DatasetFacts(name: String(info.name.dropFirst(org.slug.count + 1)), domain: info.domain, records: records))
        }
        return Analytics(jobs: jobs, datasets: datasets)
    }

    static let statuses = ["queued", "running", "succeeded", "failed", "cancelled"]
    static let endedStatuses: Set<String> = ["succeeded", "failed", "cancelled"]

    /// Datasets, records, jobs by status, spend and tokens.
    public var overview: Value {
        var byStatus: Fields = ["total": .int(jobs.count)]
        for status in Self.statuses { byStatus[status] = .int(jobs.filter { $0.status == status }.count) }
        return .object([
            "datasets": .int(datasets.count), "records": .int(datasets.reduce(0) { $0 + $1.records }), "jobs": .object(byStatus),
            "records_generated": .int(jobs.reduce(0) { $0 + $1.written }), "cost": Self.money(jobs.reduce(0) { $0 + $1.cost }),
            "tokens_in": .int(jobs.reduce(0) { $0 + $1.tokensIn }), "tokens_out": .int(jobs.reduce(0) { $0 + $1.tokensOut }),
        ])
    }

    /// Spend by provider and by provider and model (jobs of the built-in engine under `builtin`).
    public var costs: Value {
        func groups(_ key: (JobFacts) -> [String: String]) -> Value {
            var order: [String] = []
            var grouped: [String: (labels: [String: String], jobs: [JobFacts])] = [:]
            for job in jobs {
                let labels = key(job)
                let id = labels.sorted { $0.key < $1.key }.map(\.value).joined(separator: "\u{0}")
                if grouped[id] == nil { order.append(id) }
                grouped[id, default: (labels, [])].jobs.append(job)
            }
            let rows = order.map { id -> (Double, String, Value) in
                let (labels, members) = grouped[id]!
                let cost = members.reduce(0) { $0 + $1.cost }
                let records = members.reduce(0) { $0 + $1.written }
                var fields = Fields(labels.sorted { $0.key > $1.key }.map { ($0.key, Value.string($0.value)) })
                fields["jobs"] = .int(members.count)
                fields["records"] = .int(records)
                fields["tokens_in"] = .int(members.reduce(0) { $0 + $1.tokensIn })
                fields["tokens_out"] = .int(members.reduce(0) { $0 + $1.tokensOut })
                fields["cost"] = Self.money(cost)
                fields["cost_per_record"] = records > 0 ? Self.money(cost / Double(records)) : .null
                return (cost, id, .object(fields))
            }
            return .array(rows.sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }.map(\.2))
        }
        return .object([
            "total": Self.money(jobs.reduce(0) { $0 + $1.cost }),
            "by_provider": groups { ["provider": Self.label($0.provider)] },
            "by_model": groups { ["provider": Self.label($0.provider), "model": Self.label($0.model)] },
        ])
    }

    /// The distribution of jobs' mean quality scores, in ten bins over [0, 1].
    public var quality: Value {
        let scores = jobs.compactMap(\.meanScore).sorted()
        var counts = [Int](repeating: 0, count: 10)
        for score in scores { counts[min(9, max(0, Int((score * 10).rounded(.down))))] += 1 }
        let bins: [Value] = counts.enumerated().map { i, n in
            .object(["from": .double(Double(i) / 10), "to": .double(Double(i + 1) / 10), "jobs": .int(n)])
        }
        return .object([
            "jobs_scored": .int(scores.count),
            "mean": scores.isEmpty ? .null : Self.round(scores.reduce(0, +) / Double(scores.count)),
            "p50": Self.percentile(scores, 0.5).map(Self.round) ?? .null, "min": scores.first.map(Self.round) ?? .null,
            "max": scores.last.map(Self.round) ?? .null, "bins": .array(bins),
        ])
    }

    /// Throughput and job durations (of the jobs that succeeded), and time spent queued.
    public var performance: Value {
        let done = jobs.filter { $0.status == "succeeded" }
        let durations = done.map { Double($0.elapsedMs) }.sorted()
        let seconds = Double(done.reduce(0) { $0 + $1.elapsedMs }) / 1000
        let records = done.reduce(0) { $0 + $1.written }
        let waits = jobs.compactMap { job in job.startedAt.map { Double($0 - job.createdAt) } }.sorted()
        func ms(_ x: Double?) -> Value { x.map { .int(Int($0)) } ?? .null }
        return .object([
            "jobs": .int(done.count), "records": .int(records), "seconds": Self.round(seconds),
            "records_per_second": seconds > 0 ? Self.round(Double(records) / seconds) : .null,
            "duration_ms": .object([
                "p50": ms(Self.percentile(durations, 0.5)), "p95": ms(Self.percentile(durations, 0.95)), "max": ms(durations.last),
            ]),
            "queue_wait_ms": .object(["p50": ms(Self.percentile(waits, 0.5)), "p95": ms(Self.percentile(waits, 0.95))]),
        ])
    }

    /// Records by domain: those the datasets hold and those jobs wrote.
    public var domains: Value {
        var rows: [String: (datasets: Int, records: Int, jobs: Int, generated: Int)] = [:]
        for dataset in datasets {
            rows[Self.label(dataset.domain, none: "unspecified"), default: (0, 0, 0, 0)].datasets += 1
            rows[Self.label(dataset.domain, none: "unspecified"), default: (0, 0, 0, 0)].records += dataset.records
        }
        for job in jobs where job.kind == "generate" || job.written > 0 {
            rows[Self.label(job.domain, none: "unspecified"), default: (0, 0, 0, 0)].jobs += 1
            rows[Self.label(job.domain, none: "unspecified"), default: (0, 0, 0, 0)].generated += job.written
        }
        let sorted = rows.sorted { a, b in
            a.value.records != b.value.records ? a.value.records > b.value.records : a.key < b.key
        }
        return .object([
            "domains": .array(
                sorted.map { domain, row in
                    .object([
                        "domain": .string(domain), "datasets": .int(row.datasets), "records": .int(row.records), "jobs": .int(row.jobs),
                        "records_generated": .int(row.generated),
                    ])
                })
        ])
    }

    /// How often a bucket of the timeline is.
    public enum Period: String, Sendable, CaseIterable {
        case daily, weekly, monthly
    }

    /// Jobs, records, spend and tokens per day, week or month, from the first job's bucket to the
    /// last one's (empty buckets included), at most the latest 400.
    public func timeline(_ period: Period) -> Value {
        var buckets: [Int: (jobs: Int, succeeded: Int, failed: Int, records: Int, cost: Double, tokens: Int)] = [:]
        for job in jobs {
            let key = Self.bucket(job.createdAt, period)
            var b = buckets[key] ?? (0, 0, 0, 0, 0, 0)
            b.jobs += 1
            if job.status == "succeeded" { b.succeeded += 1 }
            if job.status == "failed" { b.failed += 1 }
            b.records += job.written
            b.cost += job.cost
            b.tokens += job.tokensIn + job.tokensOut
            buckets[key] = b
        }
        var out: [Value] = []
        if let first = buckets.keys.min(), let last = buckets.keys.max() {
            var day = first
            while day <= last {
                let b = buckets[day] ?? (0, 0, 0, 0, 0, 0)
                out.append(
                    .object([
                        "start": .string(Self.date(day, period)), "jobs": .int(b.jobs), "succeeded": .int(b.succeeded),
                        "failed": .int(b.failed), "records": .int(b.records), "cost": Self.money(b.cost), "tokens": .int(b.tokens),
                    ]))
                day = Self.nextBucket(day, period)
            }
        }
        return .object(["period": .string(period.rawValue), "buckets": .array(Array(out.suffix(400)))])
    }

    /// Failed jobs against ended ones, overall, by kind and by provider, and the latest failures.
    public var errors: Value {
        let ended = jobs.filter { Self.endedStatuses.contains($0.status) }
        func rates(_ key: (JobFacts) -> String, _ name: String) -> Value {
            var order: [String] = []
            var grouped: [String: [JobFacts]] = [:]
            for job in ended {
                if grouped[key(job)] == nil { order.append(key(job)) }
                grouped[key(job), default: []].append(job)
            }
            return .array(
                order.sorted().map { group in
                    let members = grouped[group]!
                    let failed = members.filter { $0.status == "failed" }.count
                    return .object([
                        name: .string(group), "ended": .int(members.count), "failed": .int(failed),
                        "cancelled": .int(members.filter { $0.status == "cancelled" }.count),
                        "rate": Self.round(Double(failed) / Double(members.count)),
                    ])
                })
        }
        let failed = ended.filter { $0.status == "failed" }
        let recent = failed.sorted { ($0.finishedAt ?? $0.createdAt) > ($1.finishedAt ?? $1.createdAt) }.prefix(10)
        return .object([
            "ended": .int(ended.count), "failed": .int(failed.count),
            "rate": ended.isEmpty ? .double(0) : Self.round(Double(failed.count) / Double(ended.count)),
            "by_kind": rates(\.kind, "kind"), "by_provider": rates({ Self.label($0.provider) }, "provider"),
            "recent": .array(
                recent.map { job in
                    .object([
                        "id": .string(job.id), "kind": .string(job.kind), "provider": .string(Self.label(job.provider)),
                        "error": .string(job.error), "finished_at": job.finishedAt.map { .int(Int($0)) } ?? .null,
                    ])
                }),
        ])
    }

    /// What the records jobs wrote cost against making them by hand at `manualCost` each.
    public func roi(manualCost: Double) -> Value {
        let records = jobs.reduce(0) { $0 + $1.written }
        let cost = jobs.reduce(0) { $0 + $1.cost }
        let manual = Double(records) * manualCost
        return .object([
            "manual_cost_per_record": Self.money(manualCost), "records": .int(records), "cost": Self.money(cost),
            "cost_per_record": records > 0 ? Self.money(cost / Double(records)) : .null, "manual_cost": Self.money(manual),
            "savings": Self.money(manual - cost), "ratio": cost > 0 ? Self.round(manual / cost) : .null,
        ])
    }

    /// Every section at once, as the report shows them.
    public func report(org: Org, period: Period, manualCost: Double, at now: Int64) -> Value {
        .object([
            "org": .string(org.slug), "generated_at": .int(Int(now)), "overview": overview, "costs": costs, "quality": quality,
            "performance": performance, "domains": domains, "timeline": timeline(period), "errors": errors,
            "roi": roi(manualCost: manualCost),
        ])
    }

    // MARK: Helpers

    /// The nearest-rank percentile of sorted `values`: the value at rank ⌈p·n⌉.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count, max(1, rank)) - 1]
    }

    static func round(_ x: Double) -> Value { .double((x * 1e6).rounded() / 1e6) }
    static func money(_ x: Double) -> Value { round(x) }
    static func label(_ text: String, none: String = "builtin") -> String { text.isEmpty ? none : text }

    /// The first day (days since 1970, UTC) of the bucket holding the instant `ms`.
    static func bucket(_ ms: Int64, _ period: Period) -> Int {
        let day = Int((Double(ms) / 86_400_000).rounded(.down))
        switch period {
        case .daily: return day
        case .weekly:
            // 1970-01-01 was a Thursday: Monday is 3 days before.
            return day - ((day + 3) % 7 + 7) % 7
        case .monthly:
            let (y, m, _) = CivilCalendar.date(dayNumber: day)
            return CivilCalendar.dayNumber(year: y, month: m, day: 1)
        }
    }

    static func nextBucket(_ day: Int, _ period: Period) -> Int {
        switch period {
        case .daily: return day + 1
        case .weekly: return day + 7
        case .monthly:
            let (y, m, _) = CivilCalendar.date(dayNumber: day)
            return m == 12 ? CivilCalendar.dayNumber(year: y + 1, month: 1, day: 1) : CivilCalendar.dayNumber(year: y, month: m + 1, day: 1)
        }
    }

    /// A bucket's label: `2026-11-23` for days and weeks, `2026-11` for months.
    static func date(_ day: Int, _ period: Period) -> String {
        let (y, m, d) = CivilCalendar.date(dayNumber: day)
        let month = String(format: "%04d-%02d", y, m)
        return period == .monthly ? month : month + String(format: "-%02d", d)
    }
}
