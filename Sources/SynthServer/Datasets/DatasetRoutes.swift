import Foundation
import HTTPTypes
import Hummingbird
import SynthCore
import SynthStore

/// Datasets of the caller's organization: create, list, read, change and delete them; page
/// through a version's records with filters; review records.
enum DatasetRoutes {
    /// Every dataset route: these, records' exports and versions.
    static let routes: [APIRoute] = crud + records + ExportRoutes.routes + VersionRoutes.routes

    static let datasetSchema = Schema.object([
        "name": Schema.string, "description": Schema.string, "domain": Schema.string, "shape": Schema.string, "owner": Schema.string,
        "current_branch": Schema.string, "created_at": Schema.integer, "records": Schema.integer,
        "version": Schema.nullable(Schema.string), "review_required": Schema.boolean,
    ])

    static let crud: [APIRoute] = [
        APIRoute(
            .get, "/api/v1/datasets", permission: .read, tag: "datasets", summary: "The organization's datasets.",
            response: Schema.object(["datasets": Schema.array(datasetSchema)])
        ) { call in
            let caller = try call.caller
            let list = try await call.inOrg { access in
                try access.store.datasets().filter { caller.unscoped($0.name) != nil }.map { info in
                    try json(info, caller: caller, access: access)
                }
            }
            return JSONBody.response(.object(["datasets": .array(list)]))
        },
        APIRoute(
            .post, "/api/v1/datasets", permission: .write, tag: "datasets", summary: "Create a dataset (without records yet).",
            request: Schema.object(
                [
                    "name": Schema.string, "description": Schema.string, "domain": Schema.string,
                    "shape": Schema.enumeration(TaskShape.allCases.map(\.rawValue)), "review_required": Schema.boolean,
                ], required: ["name"], additional: false),
            response: datasetSchema, status: 201
        ) { call in
            let caller = try call.caller
            let body = try call.json()
            try body.allowOnly(["name", "description", "domain", "shape", "review_required"])
            let name = try call.checkedName(body.requiredString("name"), field: "name", kind: "dataset")
            let shape = try body.string("shape") ?? ""
            guard shape.isEmpty || TaskShape(rawValue: shape) != nil else {
                throw APIError.invalid(
                    "shape", "'shape' must be one of \(TaskShape.allCases.map(\.rawValue).joined(separator: ", ")); got '\(shape)'")
            }
            let info = DatasetInfo(
                name: caller.scoped(name), description: try body.string("description") ?? "", domain: try body.string("domain") ?? "",
                shape: shape, owner: caller.email)
            let reviewRequired = try body.bool("review_required") ?? false
            let created = try await call.inOrg { access in
                let made = try access.store.createDataset(info)
                try Reviews.setRequired(reviewRequired, org: caller.org.id, dataset: made.name, in: access.db)
                try call.services.events.publish(
                    ServerEvent(org: caller.org.id, actor: caller.email, kind: "dataset.created", subject: "dataset/\(name)"),
                    keptIn: access.db)
                return try json(made, caller: caller, access: access)
            }
            return JSONBody.response(created, status: .created)
        },
        APIRoute(
            .get, "/api/v1/datasets/{dataset}", permission: .read, tag: "datasets",
            summary: "A dataset, with its record count and version on the current branch.", response: datasetSchema
        ) { call in
            let caller = try call.caller
            let stored = try call.datasetParameter()
            return JSONBody.response(
                try await call.inOrg { access in try json(try call.requireDataset(stored, in: access), caller: caller, access: access) })
        },
        APIRoute(
            .patch, "/api/v1/datasets/{dataset}", permission: .write, tag: "datasets",
            summary: "Change a dataset's description, whether its records need review, or its current branch.",
            request: Schema.object(
                ["description": Schema.string, "review_required": Schema.boolean, "current_branch": Schema.string], required: [],
                additional: false),
            response: datasetSchema
        ) { call in
            let caller = try call.caller
            let stored = try call.datasetParameter()
            let body = try call.json()
            try body.allowOnly(["description", "review_required", "current_branch"])
            let description = try body.string("description")
            let reviewRequired = try body.bool("review_required")
            let branch = try body.string("current_branch")
            return JSONBody.response(
                try await call.inOrg { access in
                    _ = try call.requireDataset(stored, in: access)
                    if let description { try access.store.describeDataset(stored, as: description) }
                    if let reviewRequired { try Reviews.setRequired(reviewRequired, org: caller.org.id, dataset: stored, in: access.db) }
                    if let branch { try access.store.checkout(stored, branch: branch) }
                    return try json(try call.requireDataset(stored, in: access), caller: caller, access: access)
                })
        },
        APIRoute(
            .delete, "/api/v1/datasets/{dataset}", permission: .write, tag: "datasets",
            summary: "Delete a dataset with its versions, reviews and records no other dataset uses.", status: 204
        ) { call in
            let caller = try call.caller
            let stored = try call.datasetParameter()
            try await call.inOrg { access in
                _ = try call.requireDataset(stored, in: access)
                try access.store.removeDataset(stored)
                try RecordIndex.forget(dataset: stored, in: access.db)
                try Reviews.forget(org: caller.org.id, dataset: stored, in: access.db)
                try call.services.events.publish(
                    ServerEvent(
                        org: caller.org.id, actor: caller.email, kind: "dataset.deleted",
                        subject: "dataset/\(caller.unscoped(stored) ?? "")"),
                    keptIn: access.db)
            }
            return Response(status: .noContent)
        },
    ]

    static let records: [APIRoute] = [
        APIRoute(
            .get, "/api/v1/datasets/{dataset}/records", permission: .read, tag: "records",
            summary: "A page of a version's records, in order, filtered by score, label and review status.",
            response: Schema.object([
                "records": Schema.array(RecordItem.schema), "next_cursor": Schema.nullable(Schema.string), "total": Schema.integer,
            ]),
            query: [
                .init("limit", Schema.integer, "Records per page, 1 to 500 (default 50)."),
                .init("cursor", Schema.string, "The next_cursor of the previous page."),
                .init("min_score", Schema.number, "Only records scored at least this (0 to 1)."),
                .init("max_score", Schema.number, "Only records scored at most this (0 to 1)."),
                .init("label", Schema.string, "Only records with this label."),
                .init("status", Schema.enumeration(ReviewStatus.allCases.map(\.rawValue)), "Only records in this review status."),
                .init("version", Schema.string, "A branch, tag or version hash (default: the current branch)."),
            ]
        ) { call in
            let caller = try call.caller
            let stored = try call.datasetParameter()
            let limit = try call.query("limit", in: 1...500, default: 50)
            var filter = RecordIndex.Filter(minScore: try call.numberQuery("min_score"), maxScore: try call.numberQuery("max_score"))
            filter.label = call.query("label")
            filter.status = try call.query("status").map { (text: String) throws(APIError) in try ReviewStatus.named(text, field: "status")
            }
            let cursor = try call.query("cursor").map { (text: String) throws(APIError) in try PageCursor(text) }
            let reference = call.query("version")
            let (page, walked) = try await call.inOrg { access -> (RecordIndex.Page, String?) in
                _ = try call.requireDataset(stored, in: access)
                let version: Version?
                if let cursor {
                    guard let found = try access.store.version(hash: cursor.version), found.dataset == stored else {
                        throw APIError.invalid("cursor", "this cursor belongs to another dataset or is out of date; start again without it")
                    }
                    if let reference, try access.store.resolve(stored, reference).hash != found.hash {
                        throw APIError.invalid("cursor", "this cursor walks another version than '\(reference)'; start again without it")
                    }
                    version = found
                } else {
                    version = try headOrReference(stored, reference, access: access)
                }
                guard let version else { return (RecordIndex.Page(items: [], count: 0, next: nil, total: 0), nil) }
                try RecordIndex.ensure(version, in: access.store)
                let page = try RecordIndex.page(
                    version, org: caller.org.id, after: cursor?.position ?? 0, limit: limit, filter: filter, in: access.db)
                return (page, version.hash)
            }
            let next: Value =
                if let position = page.next, let walked { .string(PageCursor(version: walked, position: position).text) } else { .null }
            var out: [UInt8] = Array(#"{"records":["#.utf8)
            out += page.items
            out += Array(#"],"next_cursor":"#.utf8)
            JSONWriter.append(next, to: &out)
            out += Array(#","total":\#(page.total)}"#.utf8)
            return JSONBody.response(bytes: out)
        },
        APIRoute(
            .get, "/api/v1/datasets/{dataset}/records/{record}", permission: .read, tag: "records",
            summary: "One record of a version (default: the current branch's).", response: RecordItem.schema,
            query: [.init("version", Schema.string, "A branch, tag or version hash (default: the current branch).")]
        ) { call in
            let caller = try call.caller
            let stored = try call.datasetParameter()
            let id = try call.parameter("record")
            let reference = call.query("version")
            let item = try await call.inOrg { access -> RecordItem in
                _ = try call.requireDataset(stored, in: access)
                guard let version = try headOrReference(stored, reference, access: access) else {
                    throw APIError.notFound("record '\(id)'")
                }
                try RecordIndex.ensure(version, in: access.store)
                guard let item = try RecordIndex.record(id, of: version, org: caller.org.id, in: access.db) else {
                    throw APIError.notFound("record '\(id)' in version \(version.short)")
                }
                return item
            }
            return JSONBody.response(item.json)
        },
        APIRoute(
            .post, "/api/v1/datasets/{dataset}/records/{record}/review", permission: .review, tag: "records",
            summary: "Approve or reject a record of the current branch (a rejection needs a reason), or set it back to pending.",
            request: Schema.object(
                ["status": Schema.enumeration(ReviewStatus.allCases.map(\.rawValue)), "reason": Schema.string], required: ["status"],
                additional: false),
            response: RecordItem.schema
        ) { call in
            let caller = try call.caller
            let stored = try call.datasetParameter()
            let id = try call.parameter("record")
            let body = try call.json()
            try body.allowOnly(["status", "reason"])
            let status = try ReviewStatus.named(try body.requiredString("status"), field: "status")
            let reason = (try body.string("reason") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if status == .rejected && reason.isEmpty {
                throw APIError.invalid("reason", "a rejection needs a 'reason' saying what is wrong with the record")
            }
            guard reason.count <= 2000 else { throw APIError.invalid("reason", "'reason' must be at most 2,000 characters") }
            let item = try await call.inOrg { access -> RecordItem in
                _ = try call.requireDataset(stored, in: access)
                guard let version = try headOrReference(stored, nil, access: access) else { throw APIError.notFound("record '\(id)'") }
                try RecordIndex.ensure(version, in: access.store)
                guard let hash = try RecordIndex.hash(of: id, in: version, db: access.db) else {
                    throw APIError.notFound("record '\(id)' in version \(version.short)")
                }
                let event = ServerEvent(
                    org: caller.org.id, actor: caller.email, kind: "record.reviewed", subject: "dataset/\(caller.unscoped(stored) ?? "")",
                    data: .object(["record": .string(id), "status": .string(status.rawValue), "reason": .string(reason)]))
                let item = try access.db.transaction { () throws(SynthError) -> RecordItem? in
                    try Reviews.set(
                        status, reason: reason, record: id, hash: hash, reviewer: caller.email, org: caller.org.id, dataset: stored,
                        in: access.db)
                    try call.services.events.publish(event, keptIn: access.db)
                    return try RecordIndex.record(id, of: version, org: caller.org.id, in: access.db)
                }
                guard let item else { throw APIError.notFound("record '\(id)'") }
                return item
            }
            return JSONBody.response(item.json)
        },
    ]

    /// The version `reference` names, or the head of the current branch when nil (nil when the
    /// dataset has no versions yet).
    static func headOrReference(_ stored: String, _ reference: String?, access: StoreAccess) throws -> Version? {
        if let reference { return try access.store.resolve(stored, reference) }
        guard let info = try access.store.dataset(stored), let ref = try access.store.ref(stored, info.currentBranch) else { return nil }
        return try access.store.version(hash: ref.version)
    }

    /// A dataset as the API shows it.
    static func json(_ info: DatasetInfo, caller: Principal, access: StoreAccess) throws -> Value {
        let head = try headOrReference(info.name, nil, access: access)
        return .object([
            "name": .string(caller.unscoped(info.name) ?? info.name), "description": .string(info.description),
            "domain": .string(info.domain), "shape": .string(info.shape), "owner": .string(info.owner),
            "current_branch": .string(info.currentBranch), "created_at": .int(Int(info.createdAt)), "records": .int(head?.count ?? 0),
            "version": head.map { .string($0.hash) } ?? .null,
            "review_required": .bool(try Reviews.required(org: caller.org.id, dataset: info.name, in: access.db)),
        ])
    }
}

/// Where a walk through a version's records stands: the version and the position of the last
/// record seen. Clients treat its text as opaque.
struct PageCursor: Sendable {
    var version: String
    var position: Int

    init(version: String, position: Int) {
        self.version = version
        self.position = position
    }

    /// Reads a cursor's text; a 400 naming `cursor` when it is not one.
    init(_ text: String) throws(APIError) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let plain = String(data: data, encoding: .utf8) else {
            throw APIError.invalid("cursor", "'cursor' is not a cursor this server gave; pass next_cursor as it came")
        }
        let parts = plain.split(separator: ":")
        guard parts.count == 2, parts[0].count == 64, parts[0].allSatisfy(\.isHexDigit), let position = Int(parts[1]), position >= 0
        else {
            throw APIError.invalid("cursor", "'cursor' is not a cursor this server gave; pass next_cursor as it came")
        }
        version = String(parts[0])
        self.position = position
    }

    /// The cursor's text: URL-safe base64 without padding.
    var text: String {
        Data("\(version):\(position)".utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
