import Foundation
import SynthCore

/// One step of the store's schema, applied once, in order, in a transaction.
struct Migration: Sendable {
    /// The schema version this step brings the store to.
    var version: Int
    /// What it does, recorded in `schema_migrations`.
    var name: String
    /// Its statements, for a dialect.
    var sql: @Sendable (SQLDialect) -> String
}

/// The store's schema, as the migrations that build it. Append new steps; never edit old ones.
enum Migrations {
    static let all: [Migration] = [
        Migration(version: 1, name: "datasets, records, versions, refs, runs, templates, ledger, audit log") { dialect in
            """
            CREATE TABLE datasets (
                name TEXT PRIMARY KEY,
                description TEXT NOT NULL DEFAULT '',
                domain TEXT NOT NULL DEFAULT '',
                shape TEXT NOT NULL DEFAULT '',
                owner TEXT NOT NULL DEFAULT '',
                current_branch TEXT NOT NULL DEFAULT 'main',
                created_at BIGINT NOT NULL
            );
            CREATE TABLE records (
                seq \(dialect.autoIncrementKey),
                hash TEXT NOT NULL UNIQUE,
                body TEXT NOT NULL
            );
            CREATE TABLE chunks (
                hash TEXT PRIMARY KEY,
                entries TEXT NOT NULL
            );
            CREATE TABLE versions (
                hash TEXT PRIMARY KEY,
                dataset TEXT NOT NULL REFERENCES datasets(name) ON DELETE CASCADE,
                parents TEXT NOT NULL,
                chunks TEXT NOT NULL,
                record_count BIGINT NOT NULL,
                added BIGINT NOT NULL,
                removed BIGINT NOT NULL,
                changed BIGINT NOT NULL,
                message TEXT NOT NULL,
                author TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                run_id TEXT
            );
            CREATE INDEX versions_by_dataset ON versions (dataset, created_at);
            CREATE TABLE refs (
                dataset TEXT NOT NULL REFERENCES datasets(name) ON DELETE CASCADE,
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                version TEXT NOT NULL REFERENCES versions(hash) ON DELETE CASCADE,
                PRIMARY KEY (dataset, name)
            );
            CREATE TABLE runs (
                id TEXT PRIMARY KEY,
                dataset TEXT,
                kind TEXT NOT NULL,
                spec TEXT NOT NULL,
                summary TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL,
                version TEXT,
                started_at BIGINT NOT NULL,
                finished_at BIGINT
            );
            CREATE TABLE templates (
                name TEXT PRIMARY KEY,
                forked_from TEXT,
                owner TEXT NOT NULL,
                created_at BIGINT NOT NULL
            );
            CREATE TABLE template_versions (
                template TEXT NOT NULL REFERENCES templates(name) ON DELETE CASCADE,
                number BIGINT NOT NULL,
                hash TEXT NOT NULL,
                body TEXT NOT NULL,
                message TEXT NOT NULL,
                author TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (template, number)
            );
            CREATE TABLE privacy_ledger (
                id \(dialect.autoIncrementKey),
                dataset TEXT NOT NULL,
                model TEXT NOT NULL,
                mechanism TEXT NOT NULL,
                epsilon DOUBLE PRECISION NOT NULL,
                delta DOUBLE PRECISION NOT NULL,
                note TEXT NOT NULL,
                actor TEXT NOT NULL,
                at BIGINT NOT NULL
            );
            CREATE TABLE audit_log (
                id \(dialect.autoIncrementKey),
                at BIGINT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                detail TEXT NOT NULL
            )
            """
        }
    ]

    /// Brings `db` to the newest schema; refuses a store written by a newer SynthForge.
    static func migrate(_ db: any SQLDatabase) throws(SynthError) {
        try db.script(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)")
        let current = try db.first("SELECT MAX(version) FROM schema_migrations")?.int(0) ?? 0
        let newest = all.last?.version ?? 0
        if current > newest {
            throw SynthError(
                .store,
                "\(db.location) has schema version \(current), written by a newer SynthForge; this one knows up to \(newest). Upgrade synthforge to use it."
            )
        }
        for migration in all where migration.version > current {
            try db.transaction { () throws(SynthError) in
                try db.script(migration.sql(db.dialect))
                try db.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    [.integer(Int64(migration.version)), .text(migration.name), .integer(Clock.nowMillis())])
            }
        }
    }
}

/// Wall-clock time in milliseconds since 1970, the store's timestamp.
enum Clock {
    static func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
}
