import Foundation
import SynthCore
import SynthStore

/// A generation that runs on a cron schedule: at each time its expression names, the scheduler
/// starts a job with its spec into its dataset.
public struct Schedule: Sendable {
    public var id: Int64
    public var org: Int64
    public var name: String
    public var cron: String
    public var dataset: String
    /// The generation spec, as JSON text.
    public var spec: String
    public var enabled: Bool
    public var createdBy: String
    public var createdAt: Int64
    public var updatedAt: Int64
    /// When it fires next (milliseconds since 1970); nil while disabled.
    public var nextRunAt: Int64?
    public var lastRunAt: Int64?
    /// The job its last firing started.
    public var lastJob: String?
    /// Why its last firing started no job ("" when it did).
    public var lastError: String

    static let columns =
        "id, org, name, cron, dataset, spec, enabled, created_by, created_at, updated_at, next_run_at, last_run_at, last_job, last_error"

    init(row: SQLRow) {
        id = Int64(row.int(0))
        org = Int64(row.int(1))
        name = row.text(2)
        cron = row.text(3)
        dataset = row.text(4)
        spec = row.text(5)
        enabled = row.int(6) != 0
        createdBy = row.text(7)
        createdAt = Int64(row.int(8))
        updatedAt = Int64(row.int(9))
        nextRunAt = row.optionalText(10).map { _ in Int64(row.int(10)) }
        lastRunAt = row.optionalText(11).map { _ in Int64(row.int(11)) }
        lastJob = row.optionalText(12)
        lastError = row.text(13)
    }

    /// The schedule as the API shows it.
    public var json: Value {
        func time(_ t: Int64?) -> Value { t.map { .int(Int($0)) } ?? .null }
        return .object([
            "name": .string(name), "cron": .string(cron), "dataset": .string(dataset),
            "spec": (try? JSONParser.parse(Array(spec.utf8))) ?? .object([:]), "enabled": .bool(enabled),
            "created_by": .string(createdBy), "created_at": .int(Int(createdAt)), "updated_at": .int(Int(updatedAt)),
            "next_run_at": time(nextRunAt), "last_run_at": time(lastRunAt), "last_job": lastJob.map { .string($0) } ?? .null,
            "last_error": lastError.isEmpty ? .null : .string(lastError),
        ])
    }

    static let schema = Schema.object([
        "name": Schema.string, "cron": Schema.string, "dataset": Schema.string, "spec": Schema.object([:], required: []),
        "enabled": Schema.boolean, "created_by": Schema.string, "created_at": Schema.integer, "updated_at": Schema.integer,
        "next_run_at": Schema.nullable(Schema.integer), "last_run_at": Schema.nullable(Schema.integer),
        "last_job": Schema.nullable(Schema.string), "last_error": Schema.nullable(Schema.string),
    ])
}

/// The `schedules` table.
enum SchedulesTable {
    static let migrations: [ServerMigration] = [
        ServerMigration(id: "schedules-1") { dialect in
            """
            CREATE TABLE schedules (
                id \(dialect.autoIncrementKey),
                org BIGINT NOT NULL,
                name TEXT NOT NULL,
                cron TEXT NOT NULL,
                dataset TEXT NOT NULL,
                spec TEXT NOT NULL,
                enabled BIGINT NOT NULL DEFAULT 1,
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                next_run_at BIGINT,
                last_run_at BIGINT,
                last_job TEXT,
                last_error TEXT NOT NULL DEFAULT '',
                UNIQUE (org, name)
            );
            CREATE INDEX schedules_due ON schedules (enabled, next_run_at)
            """
        }
    ]

    static func schedule(_ name: String, org: Int64, in db: any SQLDatabase) throws(SynthError) -> Schedule? {
        try db.first("SELECT \(Schedule.columns) FROM schedules WHERE org = ? AND name = ?", [.integer(org), .text(name)])
            .map(Schedule.init(row:))
    }

    static func all(org: Int64, in db: any SQLDatabase) throws(SynthError) -> [Schedule] {
        try db.rows("SELECT \(Schedule.columns) FROM schedules WHERE org = ? ORDER BY name", [.integer(org)]).map(Schedule.init(row:))
    }

    /// Enabled schedules due at `now`.
    static func due(at now: Int64, in db: any SQLDatabase) throws(SynthError) -> [Schedule] {
        try db.rows(
            "SELECT \(Schedule.columns) FROM schedules WHERE enabled = 1 AND next_run_at IS NOT NULL AND next_run_at <= ? ORDER BY next_run_at, id",
            [.integer(now)]
        ).map(Schedule.init(row:))
    }
}
