import Foundation
import Synchronization
import SynthCore
import SynthStore

/// One job as the `jobs` table keeps it and the API shows it: a generation, validation or
/// evaluation with its state, counts, spend and result.
public struct Job: Sendable {
    /// Where a job is; `succeeded`, `failed` and `cancelled` are final.
    public enum Status: String, Sendable, CaseIterable {
        case queued, running, succeeded, failed, cancelled

        /// True once the job will not change again.
        public var isFinal: Bool { self == .succeeded || self == .failed || self == .cancelled }
    }

    /// What a job does.
    public enum Kind: String, Sendable, CaseIterable {
        case generate, validate, evaluate
    }

    public var id: String
    public var org: Int64
    public var kind: Kind
    public var status: Status
    /// The organization's own name of the dataset (not the store's scoped name).
    public var dataset: String
    /// The request as JSON text: the generation spec, or the validation/evaluation options.
    public var spec: String
    public var createdBy: String
    public var createdAt: Int64
    public var startedAt: Int64?
    public var finishedAt: Int64?
    public var target = 0
    public var written = 0
    public var generated = 0
    public var message = ""
    public var error = ""
    public var version: String?
    public var provider = ""
    public var model = ""
    public var tokensIn = 0
    public var tokensOut = 0
    public var cost = 0.0
    public var elapsedMs = 0
    public var meanScore: Double?
    /// The report of a validation or evaluation, as JSON text ("" for none).
    public var result = ""
    public var scheduleID: Int64?
    /// The domain a generation draws from (analytics group by it).
    public var domain = ""

    /// The columns `Job(row:)` reads, in order.
    static let columns =
        "id, org, kind, status, dataset, spec, created_by, created_at, started_at, finished_at, target, written, generated, message, error, version, provider, model, tokens_in, tokens_out, cost, elapsed_ms, mean_score, result, schedule_id, domain"

    init(row: SQLRow) {
        id = row.text(0)
        org = Int64(row.int(1))
        kind = Kind(rawValue: row.text(2)) ?? .generate
        status = Status(rawValue: row.text(3)) ?? .failed
        dataset = row.text(4)
        spec = row.text(5)
        createdBy = row.text(6)
        createdAt = Int64(row.int(7))
        startedAt = row.optionalText(8).map { _ in Int64(row.int(8)) }
        finishedAt = row.optionalText(9).map { _ in Int64(row.int(9)) }
        target = row.int(10)
        written = row.int(11)
        generated = row.int(12)
        message = row.text(13)
        error = row.text(14)
        version = row.optionalText(15)
        provider = row.text(16)
        model = row.text(17)
        tokensIn = row.int(18)
        tokensOut = row.int(19)
        cost = row.double(20)
        elapsedMs = row.int(21)
        meanScore = row.optionalText(22).map { _ in row.double(22) }
        result = row.text(23)
        scheduleID = row.optionalText(24).map { _ in Int64(row.int(24)) }
        domain = row.text(25)
    }

    /// A new queued job.
    init(id: String, org: Int64, kind: Kind, dataset: String, spec: String, createdBy: String, target: Int, scheduleID: Int64?) {
        self.id = id
        self.org = org
        self.kind = kind
        status = .queued
        self.dataset = dataset
        self.spec = spec
        self.createdBy = createdBy
        createdAt = ServerClock.nowMillis()
        self.target = target
        self.scheduleID = scheduleID
    }

    /// The job as the API shows it.
    public var json: Value {
        func time(_ t: Int64?) -> Value { t.map { .int(Int($0)) } ?? .null }
        return .object([
            "id": .string(id), "kind": .string(kind.rawValue), "status": .string(status.rawValue), "dataset": .string(dataset),
            "target": .int(target), "written": .int(written), "generated": .int(generated), "message": .string(message),
            "error": error.isEmpty ? .null : .string(error), "version": version.map { .string($0) } ?? .null,
            "created_by": .string(createdBy), "created_at": .int(Int(createdAt)), "started_at": time(startedAt),
            "finished_at": time(finishedAt), "provider": provider.isEmpty ? .null : .string(provider),
            "model": model.isEmpty ? .null : .string(model), "tokens_in": .int(tokensIn), "tokens_out": .int(tokensOut),
            "cost": .double(cost), "elapsed_ms": .int(elapsedMs), "mean_score": meanScore.map { .double($0) } ?? .null,
            "result": result.isEmpty ? .null : ((try? JSONParser.parse(Array(result.utf8))) ?? .null),
        ])
    }

    /// The JSON Schema of `json`.
    static let schema = Schema.object([
        "id": Schema.string, "kind": Schema.enumeration(Kind.allCases.map(\.rawValue)),
        "status": Schema.enumeration(Status.allCases.map(\.rawValue)), "dataset": Schema.string, "target": Schema.integer,
        "written": Schema.integer, "generated": Schema.integer, "message": Schema.string, "error": Schema.nullable(Schema.string),
        "version": Schema.nullable(Schema.string), "created_by": Schema.string, "created_at": Schema.integer,
        "started_at": Schema.nullable(Schema.integer), "finished_at": Schema.nullable(Schema.integer),
        "provider": Schema.nullable(Schema.string), "model": Schema.nullable(Schema.string), "tokens_in": Schema.integer,
        "tokens_out": Schema.integer, "cost": Schema.number, "elapsed_ms": Schema.integer, "mean_score": Schema.nullable(Schema.number),
        "result": Schema.nullable(Schema.object([:], required: [])),
    ])

    private static let counter = Atomic<Int>(0)

    /// A new job id: `j_` and hex digits that sort by creation time.
    static func newID(at millis: Int64) -> String {
        let n = counter.add(1, ordering: .relaxed).newValue & 0xFFFF
        let tail = String(n, radix: 16)
        let random = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return "j_" + String(millis, radix: 16) + String(repeating: "0", count: 4 - tail.count) + tail
            + String(repeating: "0", count: 8 - random.count) + random
    }
}

extension JobsTable {
    /// Adds `job` to the queue.
    static func insert(_ job: Job, in db: any SQLDatabase) throws(SynthError) {
        try db.execute(
            "INSERT INTO jobs (id, org, kind, status, dataset, spec, created_by, created_at, target, schedule_id, domain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                .text(job.id), .integer(job.org), .text(job.kind.rawValue), .text(job.status.rawValue), .text(job.dataset),
                .text(job.spec), .text(job.createdBy), .integer(job.createdAt), .integer(Int64(job.target)),
                job.scheduleID.map { .integer($0) } ?? .null, .text(job.domain),
            ])
    }

    /// The job `id`, of organization `org` when given.
    static func job(_ id: String, org: Int64? = nil, in db: any SQLDatabase) throws(SynthError) -> Job? {
        var sql = "SELECT \(Job.columns) FROM jobs WHERE id = ?"
        var binds: [SQLValue] = [.text(id)]
        if let org {
            sql += " AND org = ?"
            binds.append(.integer(org))
        }
        return try db.first(sql, binds).map(Job.init(row:))
    }

    /// A page of an organization's jobs, newest first, after `cursor` (an earlier page's last job).
    static func page(org: Int64, status: Job.Status?, after cursor: Job?, limit: Int, in db: any SQLDatabase) throws(SynthError) -> [Job] {
        var sql = "SELECT \(Job.columns) FROM jobs WHERE org = ?"
        var binds: [SQLValue] = [.integer(org)]
        if let status {
            sql += " AND status = ?"
            binds.append(.text(status.rawValue))
        }
        if let cursor {
            sql += " AND (created_at < ? OR (created_at = ? AND id < ?))"
            binds += [.integer(cursor.createdAt), .integer(cursor.createdAt), .text(cursor.id)]
        }
        sql += " ORDER BY created_at DESC, id DESC LIMIT ?"
        binds.append(.integer(Int64(limit)))
        return try db.rows(sql, binds).map(Job.init(row:))
    }

    /// Saves the runner's view of `job`: its state, counts, spend and result.
    static func save(_ job: Job, in db: any SQLDatabase) throws(SynthError) {
        try db.execute(
            """
            UPDATE jobs SET status = ?, started_at = ?, finished_at = ?, target = ?, written = ?, generated = ?, message = ?, error = ?,
            version = ?, domain = ?, provider = ?, model = ?, tokens_in = ?, tokens_out = ?, cost = ?, elapsed_ms = ?, mean_score = ?,
            result = ? WHERE id = ?
            """,
            [
                .text(job.status.rawValue), job.startedAt.map { .integer($0) } ?? .null, job.finishedAt.map { .integer($0) } ?? .null,
                .integer(Int64(job.target)), .integer(Int64(job.written)), .integer(Int64(job.generated)), .text(job.message),
                .text(job.error), job.version.map { .text($0) } ?? .null, .text(job.domain), .text(job.provider), .text(job.model),
                .integer(Int64(job.tokensIn)), .integer(Int64(job.tokensOut)), .real(job.cost), .integer(Int64(job.elapsedMs)),
                job.meanScore.map { .real($0) } ?? .null, .text(job.result), .text(job.id),
            ])
    }

    /// Saves a running job's counts only (progress), leaving its state to the runner's final save.
    static func saveProgress(_ id: String, written: Int, generated: Int, in db: any SQLDatabase) throws(SynthError) {
        try db.execute(
            "UPDATE jobs SET written = ?, generated = ? WHERE id = ? AND status = 'running'",
            [.integer(Int64(written)), .integer(Int64(generated)), .text(id)])
    }
}
