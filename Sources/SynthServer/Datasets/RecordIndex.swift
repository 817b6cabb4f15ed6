import Foundation
import SynthCore
import SynthStore

/// A version's records as rows of the `record_index` table, with the score and label paging
/// filters on, so that a page of records, filtered or not, is one indexed query joined to the
/// records and their reviews.
///
/// A version never changes, so its index is built once: the first time anyone lists, reviews or
/// exports it, or when the API commits it. Every version listed keeps its index until its
/// dataset is deleted.
enum RecordIndex {
    /// What a listing keeps: every filter is optional.
    struct Filter: Sendable {
        var minScore: Double?
        var maxScore: Double?
        var label: String?
        var status: ReviewStatus?

        var isEmpty: Bool { minScore == nil && maxScore == nil && label == nil && status == nil }

        /// The filter's SQL conditions (over `i`, the index, and `r`, the review) and their binds.
        var conditions: (sql: String, binds: [SQLValue]) {
            var sql = ""
            var binds: [SQLValue] = []
            if let minScore {
                sql += " AND i.score >= ?"
                binds.append(.real(minScore))
            }
            if let maxScore {
                sql += " AND i.score <= ?"
                binds.append(.real(maxScore))
            }
            if let label {
                sql += " AND i.label = ?"
                binds.append(.text(label))
            }
            switch status {
            case nil: break
            case .pending: sql += " AND (r.status IS NULL OR r.status = 'pending')"
            case let status?:
                sql += " AND r.status = ?"
                binds.append(.text(status.rawValue))
            }
            return (sql, binds)
        }
    }

    /// One page: its records, the position of the last (where the next page starts) when more
    /// follow, and how many records match in all.
    struct Page: Sendable {
        /// The page's records, as the API's record items, comma-separated (the inside of a JSON array).
        var items: [UInt8]
        var count: Int
        var next: Int?
        var total: Int
    }

    /// Builds the index of `version` unless it has one. Rows go in a batch per transaction, and
    /// the version is marked indexed last, so an interrupted build is finished by the next caller.
    static func ensure(_ version: Version, in store: Store) throws(SynthError) {
        let db = store.database
        if try db.first("SELECT 1 FROM indexed_versions WHERE version = ?", [.text(version.hash)]) != nil { return }
        var position = 0
        try store.readRecords(of: version, batchSize: 2000) { (batch: [(entry: ManifestEntry, json: String)]) throws(SynthError) -> Bool in
            var rows: [[SQLValue]] = []
            rows.reserveCapacity(batch.count)
            for (entry, json) in batch {
                position += 1
                let object = (try? JSONParser.parse(Array(json.utf8)))?.objectValue ?? Fields()
                let score = RecordItem.score(provenance: object["provenance"]?.objectValue ?? Fields())
                let label = RecordItem.label(fields: object)
                rows.append([
                    .text(version.hash), .integer(Int64(position)), .text(entry.id), .text(entry.hash), .integer(entry.seq),
                    score.map(SQLValue.real) ?? .null, label.map(SQLValue.text) ?? .null,
                ])
            }
            try db.transaction { () throws(SynthError) in
                try db.insert(
                    into: "record_index", columns: ["version", "pos", "record", "hash", "seq", "score", "label"], rows: rows,
                    suffix: "ON CONFLICT (version, pos) DO NOTHING")
            }
            return true
        }
        try db.execute(
            "INSERT INTO indexed_versions (version, dataset, records, built_at) VALUES (?, ?, ?, ?) ON CONFLICT (version) DO NOTHING",
            [.text(version.hash), .text(version.dataset), .integer(Int64(version.count)), .integer(ServerClock.nowMillis())])
    }

    /// A record's review `r`, if it was reviewed as it is now (binds: org, dataset).
    private static let reviewJoin =
        "LEFT JOIN reviews r ON r.org = ? AND r.dataset = ? AND r.record = i.record AND r.hash = i.hash"
    /// The columns a record item is made of, from the index `i`, its review `r` and its body `b`.
    private static let itemQuery =
        "SELECT i.pos, r.status, r.reason, b.body FROM record_index i JOIN records b ON b.seq = i.seq \(reviewJoin)"

    private static func item(_ row: SQLRow) -> RecordItem {
        RecordItem(json: row.text(3), status: row.optionalText(1).flatMap(ReviewStatus.init(rawValue:)), reason: row.optionalText(2))
    }

    /// Up to `limit` records of an indexed version after position `after`, in the version's order.
    static func page(
        _ version: Version, org: Int64, after: Int, limit: Int, filter: Filter, in db: any SQLDatabase
    ) throws(SynthError) -> Page {
        let (conditions, binds) = filter.conditions
        var items: [UInt8] = []
        var count = 0
        var last = 0
        var more = false
        try db.query(
            "SELECT i.pos, r.status, r.reason, b.body, i.score, i.label FROM record_index i JOIN records b ON b.seq = i.seq \(reviewJoin)"
                + " WHERE i.version = ? AND i.pos > ?\(conditions) ORDER BY i.pos LIMIT ?",
            [.integer(org), .text(version.dataset), .text(version.hash), .integer(Int64(after))] + binds + [.integer(Int64(limit + 1))]
        ) { row in
            if count == limit {
                more = true
                return
            }
            if count > 0 { items.append(UInt8(ascii: ",")) }
            RecordJSON.append(
                body: row.text(3), score: row.optionalDouble(4), label: row.optionalText(5),
                status: row.optionalText(1).flatMap(ReviewStatus.init(rawValue:)) ?? .pending, reason: row.optionalText(2), to: &items)
            count += 1
            last = row.int(0)
        }
        let total: Int
        if filter.isEmpty {
            total = version.count
        } else {
            total =
                try db.first(
                    "SELECT COUNT(*) FROM record_index i \(reviewJoin) WHERE i.version = ?\(conditions)",
                    [.integer(org), .text(version.dataset), .text(version.hash)] + binds)?.int(0) ?? 0
        }
        return Page(items: items, count: count, next: more ? last : nil, total: total)
    }

    /// The record with `id` in an indexed version, or nil.
    static func record(_ id: String, of version: Version, org: Int64, in db: any SQLDatabase) throws(SynthError) -> RecordItem? {
        try db.first(
            "\(itemQuery) WHERE i.version = ? AND i.record = ?",
            [.integer(org), .text(version.dataset), .text(version.hash), .text(id)]
        ).map(item)
    }

    /// The hash of the record with `id` in an indexed version, or nil.
    static func hash(of id: String, in version: Version, db: any SQLDatabase) throws(SynthError) -> String? {
        try db.first("SELECT hash FROM record_index WHERE version = ? AND record = ?", [.text(version.hash), .text(id)])?.text(0)
    }

    /// The ids of an indexed version's records whose review is `status`.
    static func ids(of version: Version, status: ReviewStatus, org: Int64, in db: any SQLDatabase) throws(SynthError) -> Set<String> {
        let (conditions, binds) = Filter(status: status).conditions
        var out = Set<String>()
        try db.query(
            "SELECT i.record FROM record_index i \(reviewJoin) WHERE i.version = ?\(conditions)",
            [.integer(org), .text(version.dataset), .text(version.hash)] + binds
        ) { out.insert($0.text(0)) }
        return out
    }

    /// How many of an indexed version's records are in each review status.
    static func statusCounts(of version: Version, org: Int64, in db: any SQLDatabase) throws(SynthError) -> [ReviewStatus: Int] {
        var counts: [ReviewStatus: Int] = [:]
        try db.query(
            """
            SELECT COALESCE(r.status, 'pending'), COUNT(*) FROM record_index i \(reviewJoin)
            WHERE i.version = ? GROUP BY COALESCE(r.status, 'pending')
            """, [.integer(org), .text(version.dataset), .text(version.hash)]
        ) { row in
            if let status = ReviewStatus(rawValue: row.text(0)) { counts[status, default: 0] += row.int(1) }
        }
        return counts
    }

    /// Drops the indexes of a dataset's versions (it is being deleted).
    static func forget(dataset: String, in db: any SQLDatabase) throws(SynthError) {
        try db.execute(
            "DELETE FROM record_index WHERE version IN (SELECT version FROM indexed_versions WHERE dataset = ?)", [.text(dataset)])
        try db.execute("DELETE FROM indexed_versions WHERE dataset = ?", [.text(dataset)])
    }
}
