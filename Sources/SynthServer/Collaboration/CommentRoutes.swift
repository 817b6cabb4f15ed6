import Foundation
import HTTPTypes
import Hummingbird
import SynthCore
import SynthStore

/// Comments on a dataset, or on one of its records: reviewers and above write them, everyone in
/// the organization reads them, their author or an admin deletes them.
enum CommentRoutes {
    static let migrations: [ServerMigration] = [
        ServerMigration(id: "comments-1") { dialect in
            """
            CREATE TABLE comments (
                id \(dialect.autoIncrementKey),
                org BIGINT NOT NULL,
                dataset TEXT NOT NULL,
                record TEXT,
                body TEXT NOT NULL,
                author TEXT NOT NULL,
                author_id BIGINT NOT NULL,
                created_at BIGINT NOT NULL
            );
            CREATE INDEX comments_by_dataset ON comments (org, dataset, id)
            """
        }
    ]

    /// The longest comment accepted, in characters.
    static let maxBody = 10_000

    static let commentSchema = Schema.object([
        "id": Schema.integer, "dataset": Schema.string, "record": Schema.nullable(Schema.string), "body": Schema.string,
        "author": Schema.string, "created_at": Schema.integer,
    ])

    static let routes: [APIRoute] = [
        APIRoute(
            .get, "/api/v1/datasets/{dataset}/comments", permission: .read, tag: "collaboration",
            summary: "A dataset's comments, oldest first (all, or one record's).",
            response: Schema.object(["comments": Schema.array(commentSchema), "next_after": Schema.nullable(Schema.integer)]),
            query: [
                .init("record", Schema.string, "Only the comments on this record."),
                .init("limit", Schema.integer(in: 1...500), "At most this many (1-500, default 100)."),
                .init("after", Schema.integer(in: 0...Int.max), "Only comments after this id (the previous page's next_after)."),
            ]
        ) { call in
            let caller = try call.caller
            let name = try call.parameter("dataset")
            let limit = try call.query("limit", in: 1...500, default: 100)
            let after = try call.query("after", in: 0...Int.max, default: 0)
            let record = call.query("record")
            let comments = try await call.store { access in
                let info = try dataset(name, of: caller, in: access)
                // Comments older than the dataset belong to an earlier dataset of the same name.
                var sql = "SELECT \(columns) FROM comments WHERE org = ? AND dataset = ? AND id > ? AND created_at >= ?"
                var binds: [SQLValue] = [.integer(caller.org.id), .text(name), .integer(Int64(after)), .integer(info.createdAt)]
                if let record {
                    sql += " AND record = ?"
                    binds.append(.text(record))
                }
                binds.append(.integer(Int64(limit)))
                return try access.db.rows(sql + " ORDER BY id LIMIT ?", binds).map(comment)
            }
            let next: Value = comments.count == limit ? comments.last?.objectValue?["id"] ?? .null : .null
            return JSONBody.response(.object(["comments": .array(comments), "next_after": next]))
        },
        APIRoute(
            .post, "/api/v1/datasets/{dataset}/comments", permission: .review, tag: "collaboration",
            summary: "Comment on a dataset, or on one of its records (`record`: a record id of its current version).",
            request: Schema.object(
                ["body": Schema.string(length: 1...maxBody), "record": Schema.string(length: 1...1000)], required: ["body"],
                additional: false),
            response: commentSchema, status: 201
        ) { call in
            let caller = try call.caller
            let name = try call.parameter("dataset")
            let json = try call.json()
            try json.allowOnly(["body", "record"])
            let body = try json.requiredString("body")
            guard body.count <= maxBody else { throw APIError.invalid("body", "'body' must be at most \(maxBody) characters") }
            let record = try json.string("record")
            if record?.isEmpty == true { throw APIError.invalid("record", "'record' must not be empty") }
            let now = ServerClock.nowMillis()
            let created = try await call.store { access -> Value in
                let info = try dataset(name, of: caller, in: access)
                if let record { try requireRecord(record, of: name, in: info, access: access) }
                guard
                    let row = try access.db.first(
                        "INSERT INTO comments (org, dataset, record, body, author, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING \(columns)",
                        [
                            .integer(caller.org.id), .text(name), record.map { .text($0) } ?? .null, .text(body), .text(caller.email),
                            .integer(caller.userID), .integer(now),
                        ])
                else { throw SynthError(.store, "the new comment got no id") }
                let created = comment(row)
                try call.services.events.publish(
                    ServerEvent(
                        org: caller.org.id, actor: caller.email, kind: "comment.created", subject: "dataset/\(name)",
                        data: .object([
                            "comment": created.objectValue?["id"] ?? .null, "record": record.map { .string($0) } ?? .null,
                            "body": .string(body),
                        ])), keptIn: access.db)
                return created
            }
            return JSONBody.response(created, status: .created)
        },
        APIRoute(
            .delete, "/api/v1/comments/{comment}", permission: .review, tag: "collaboration",
            summary: "Delete a comment: its author, or an admin.", status: 204
        ) { call in
            let caller = try call.caller
            let text = try call.parameter("comment")
            let missing = APIError.notFound("comment '\(text)'")
            guard let id = Int64(text) else { throw missing }
            try await call.store { access in
                guard
                    let row = try access.db.first(
                        "SELECT author_id FROM comments WHERE id = ? AND org = ?", [.integer(id), .integer(caller.org.id)])
                else { throw missing }
                guard Int64(row.int(0)) == caller.userID || caller.role >= .admin else {
                    throw APIError(.forbidden, "forbidden", "only the comment's author or an admin can delete it")
                }
                try access.db.execute("DELETE FROM comments WHERE id = ?", [.integer(id)])
            }
            return Response(status: .noContent)
        },
    ]

    static let columns = "id, dataset, record, body, author, created_at"

    static func comment(_ row: SQLRow) -> Value {
        .object([
            "id": .int(row.int(0)), "dataset": .string(row.text(1)), "record": row.optionalText(2).map { .string($0) } ?? .null,
            "body": .string(row.text(3)), "author": .string(row.text(4)), "created_at": .int(row.int(5)),
        ])
    }

    /// The caller's organization's dataset `name`, or a 404 (also for another organization's).
    static func dataset(_ name: String, of caller: Principal, in access: StoreAccess) throws -> DatasetInfo {
        guard let info = try access.store.dataset(caller.scoped(name)) else { throw APIError.notFound("dataset '\(name)'") }
        return info
    }

    /// A 404 unless the dataset's current version holds a record with id `record`.
    static func requireRecord(_ record: String, of name: String, in info: DatasetInfo, access: StoreAccess) throws {
        let missing = APIError.notFound("record '\(record)' in the current version of '\(name)'")
        guard let head = try access.store.ref(info.name, info.currentBranch), let version = try access.store.version(hash: head.version)
        else { throw missing }
        guard try access.store.entries(of: version).contains(where: { $0.id == record }) else { throw missing }
    }
}
