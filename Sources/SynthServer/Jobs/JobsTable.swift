/// The `jobs` table: every generation, validation and evaluation job with its state, counts and
/// spend. The job runner writes it; the jobs routes, analytics and the UI read it.
enum JobsTable {
    static let migrations: [ServerMigration] = [
        ServerMigration(id: "jobs-1") { dialect in
            """
            CREATE TABLE jobs (
                id TEXT PRIMARY KEY,
                org BIGINT NOT NULL,
                kind TEXT NOT NULL,
                status TEXT NOT NULL,
                dataset TEXT NOT NULL DEFAULT '',
                spec TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                started_at BIGINT,
                finished_at BIGINT,
                target BIGINT NOT NULL DEFAULT 0,
                written BIGINT NOT NULL DEFAULT 0,
                generated BIGINT NOT NULL DEFAULT 0,
                message TEXT NOT NULL DEFAULT '',
                error TEXT NOT NULL DEFAULT '',
                version TEXT,
                domain TEXT NOT NULL DEFAULT '',
                provider TEXT NOT NULL DEFAULT '',
                model TEXT NOT NULL DEFAULT '',
                tokens_in BIGINT NOT NULL DEFAULT 0,
                tokens_out BIGINT NOT NULL DEFAULT 0,
                cost DOUBLE PRECISION NOT NULL DEFAULT 0,
                elapsed_ms BIGINT NOT NULL DEFAULT 0,
                mean_score DOUBLE PRECISION,
                result TEXT NOT NULL DEFAULT '',
                schedule_id BIGINT
            );
            CREATE INDEX jobs_by_org ON jobs (org, created_at);
            CREATE INDEX jobs_by_status ON jobs (status, created_at)
            """
        }
    ]
}
