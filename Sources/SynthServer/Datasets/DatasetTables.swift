/// The server's tables beside the store's datasets: reviews of records, per-dataset settings,
/// and the index of a version's records that record paging reads.
enum DatasetTables {
    static let migrations: [ServerMigration] = [
        ServerMigration(id: "reviews-1") { _ in
            """
            CREATE TABLE reviews (
                org BIGINT NOT NULL,
                dataset TEXT NOT NULL,
                record TEXT NOT NULL,
                hash TEXT NOT NULL,
                status TEXT NOT NULL,
                reason TEXT NOT NULL DEFAULT '',
                reviewer TEXT NOT NULL,
                at BIGINT NOT NULL,
                PRIMARY KEY (org, dataset, record)
            );
            CREATE TABLE dataset_settings (
                org BIGINT NOT NULL,
                dataset TEXT NOT NULL,
                review_required BIGINT NOT NULL DEFAULT 0,
                PRIMARY KEY (org, dataset)
            )
            """
        },
        ServerMigration(id: "record-index-1") { _ in
            """
            CREATE TABLE record_index (
                version TEXT NOT NULL,
                pos BIGINT NOT NULL,
                record TEXT NOT NULL,
                hash TEXT NOT NULL,
                seq BIGINT NOT NULL,
                score DOUBLE PRECISION,
                label TEXT,
                PRIMARY KEY (version, pos)
            );
            CREATE UNIQUE INDEX record_index_by_id ON record_index (version, record);
            CREATE TABLE indexed_versions (
                version TEXT PRIMARY KEY,
                dataset TEXT NOT NULL,
                records BIGINT NOT NULL,
                built_at BIGINT NOT NULL
            );
            CREATE INDEX indexed_versions_by_dataset ON indexed_versions (dataset)
            """
        },
    ]
}
