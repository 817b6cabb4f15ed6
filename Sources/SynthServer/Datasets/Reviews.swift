import SynthCore
import SynthStore

/// Reviews of records and the datasets that require them.
///
/// A review belongs to a record id in a dataset and to the contents it had when reviewed (its
/// hash): a later version that changes the record shows it pending again, while versions that
/// keep it unchanged keep its review.
enum Reviews {
    /// Whether the dataset stored as `dataset` requires review before export and tagging.
    static func required(org: Int64, dataset: String, in db: any SQLDatabase) throws(SynthError) -> Bool {
        try db.first("SELECT review_required FROM dataset_settings WHERE org = ? AND dataset = ?", [.integer(org), .text(dataset)])?
            .int(0) == 1
    }

    static func setRequired(_ required: Bool, org: Int64, dataset: String, in db: any SQLDatabase) throws(SynthError) {
        try db.execute(
            """
            INSERT INTO dataset_settings (org, dataset, review_required) VALUES (?, ?, ?)
            ON CONFLICT (org, dataset) DO UPDATE SET review_required = excluded.review_required
            """, [.integer(org), .text(dataset), .integer(required ? 1 : 0)])
    }

    /// Keeps `status` as the review of record `record` with contents `hash`.
    static func set(
        _ status: ReviewStatus, reason: String, record: String, hash: String, reviewer: String, org: Int64, dataset: String,
        in db: any SQLDatabase
    ) throws(SynthError) {
        try db.execute(
            """
            INSERT INTO reviews (org, dataset, record, hash, status, reason, reviewer, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (org, dataset, record) DO UPDATE SET hash = excluded.hash, status = excluded.status,
            reason = excluded.reason, reviewer = excluded.reviewer, at = excluded.at
            """,
            [
                .integer(org), .text(dataset), .text(record), .text(hash), .text(status.rawValue), .text(reason), .text(reviewer),
                .integer(ServerClock.nowMillis()),
            ])
    }

    /// Drops a deleted dataset's reviews and settings.
    static func forget(org: Int64, dataset: String, in db: any SQLDatabase) throws(SynthError) {
        try db.execute("DELETE FROM reviews WHERE org = ? AND dataset = ?", [.integer(org), .text(dataset)])
        try db.execute("DELETE FROM dataset_settings WHERE org = ? AND dataset = ?", [.integer(org), .text(dataset)])
    }
}
