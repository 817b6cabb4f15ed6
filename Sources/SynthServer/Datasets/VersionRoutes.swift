import Foundation
import HTTPTypes
import SynthCore
import SynthExport
import SynthStore

/// A dataset's history over the store's versioning: list, commit, read, restore and tag
/// versions, compare two, and work with branches and merges.
enum VersionRoutes {
    static let versionSchema = Schema.object([
        "hash": Schema.string, "short": Schema.string, "parents": Schema.array(Schema.string), "records": Schema.integer,
        "added": Schema.integer, "removed": Schema.integer, "changed": Schema.integer, "message": Schema.string,
        "author": Schema.string, "created_at": Schema.integer, "run_id": Schema.nullable(Schema.string),
    ])
    static let refSchema = Schema.object([
        "name": Schema.string, "kind": Schema.enumeration(["branch", "tag"]), "version": Schema.string,
    ])
    static let commitSchema = Schema.object(["version": versionSchema, "branch": Schema.string, "unchanged": Schema.boolean])

    static func json(_ version: Version) -> Value {
        .object([
            "hash": .string(version.hash), "short": .string(version.short), "parents": .array(version.parents.map(Value.string)),
            "records": .int(version.count), "added": .int(version.added), "removed": .int(version.removed),
            "changed": .int(version.changed), "message": .string(version.message), "author": .string(version.author),
            "created_at": .int(Int(version.createdAt)), "run_id": version.runID.map(Value.string) ?? .null,
        ])
    }

    static func json(_ ref: Ref) -> Value {
        .object(["name": .string(ref.name), "kind": .string(ref.kind.rawValue), "version": .string(ref.version)])
    }

    static func json(_ outcome: CommitOutcome) -> Value {
        .object(["version": json(outcome.version), "branch": .string(outcome.branch), "unchanged": .bool(outcome.unchanged)])
    }

    /// Tells the organization a dataset has a new version, and indexes its records for paging.
    static func announce(_ version: Version, call: APICall, access: StoreAccess) throws {
        let caller = try call.caller
        try RecordIndex.ensure(version, in: access.store)
        try call.services.events.publish(
            ServerEvent(
                org: caller.org.id, actor: caller.email, kind: "dataset.version",
                subject: "dataset/\(caller.unscoped(version.dataset) ?? "")",
                data: .object(["version": .string(version.hash), "records": .int(version.count)])),
            keptIn: access.db)
    }

    static let routes: [APIRoute] = [
        APIRoute(
            .get, "/api/v1/datasets/{dataset}/versions", permission: .read, tag: "versions",
            summary: "The versions reachable from a branch or tag (default: the current branch), newest first.",
            response: Schema.object(["versions": Schema.array(versionSchema)]),
            query: [
                .init("ref", Schema.string, "A branch, tag or version to start from (default: the current branch)."),
                .init("limit", Schema.integer, "At most this many versions, 1 to 1000 (default 100)."),
            ]
        ) { call in
            let stored = try call.datasetParameter()
            let limit = try call.query("limit", in: 1...1000, default: 100)
            let reference = call.query("ref")
            let versions = try await call.inOrg { access -> [Version] in
                _ = try call.requireDataset(stored, in: access)
                if reference == nil, try DatasetRoutes.headOrReference(stored, nil, access: access) == nil { return [] }
                return try access.store.log(stored, reference, limit: limit)
            }
            return JSONBody.response(.object(["versions": .array(versions.map(json))]))
        },
        APIRoute(
            .post, "/api/v1/datasets/{dataset}/versions", permission: .write, tag: "versions",
            summary: "Commit records (JSON objects, as `synthforge generate` writes them or another tool's) as a new version.",
            request: Schema.object(
                [
                    "message": Schema.string, "records": Schema.array(Schema.object([:], required: [])),
                    "mode": Schema.enumeration(["append", "replace"]), "branch": Schema.string,
                ], required: ["records"], additional: false),
            response: commitSchema, status: 201
        ) { call in
            let stored = try call.datasetParameter()
            let body = try call.json()
            try body.allowOnly(["message", "records", "mode", "branch"])
            let message = try body.string("message") ?? ""
            let modeText = try body.string("mode") ?? "append"
            guard let mode = CommitMode(rawValue: modeText) else {
                throw APIError.invalid("mode", "'mode' must be append or replace; got '\(modeText)'")
            }
            let branch = try body.string("branch")
            guard case .array(let items)? = body["records"] else {
                throw APIError.invalid("records", "'records' must be an array of record objects")
            }
            guard !items.isEmpty else { throw APIError.invalid("records", "'records' is empty; give at least one record") }
            var records: [StoredRecord] = []
            for (i, item) in items.enumerated() {
                guard case .object = item else { throw APIError.invalid("records[\(i)]", "records[\(i)] must be an object") }
                switch RecordIngest.record(from: JSONLReader.Line(number: i + 1, bytes: Array(JSONWriter.string(item).utf8))) {
                case .success(let record): records.append(record)
                case .failure(let problem):
                    throw APIError(.unprocessableContent, "invalid-record", "records[\(i)]: \(problem.reason)", field: "records[\(i)]")
                }
            }
            let outcome = try await call.inOrg { access -> CommitOutcome in
                _ = try call.requireDataset(stored, in: access)
                let outcome = try access.store.commit(stored, branch: branch, mode: mode, message: message) {
                    (add: ([StoredRecord]) throws(SynthError) -> Void) throws(SynthError) in try add(records)
                }
                if !outcome.unchanged { try announce(outcome.version, call: call, access: access) }
                return outcome
            }
            return JSONBody.response(json(outcome), status: outcome.unchanged ? .ok : .created)
        },
        APIRoute(
            .get, "/api/v1/datasets/{dataset}/versions/{version}", permission: .read, tag: "versions",
            summary: "One version, by hash (or its first 4+ characters), branch or tag.", response: versionSchema
        ) { call in
            let stored = try call.datasetParameter()
            let reference = try call.parameter("version")
            let version = try await call.inOrg { access in
                _ = try call.requireDataset(stored, in: access)
                return try access.store.resolve(stored, reference)
            }
            return JSONBody.response(json(version))
        },
        APIRoute(
            .post, "/api/v1/datasets/{dataset}/versions/{version}/restore", permission: .write, tag: "versions",
            summary: "Make a new version on a branch (default: current) holding the records of this version.",
            request: Schema.object(["branch": Schema.string], required: [], additional: false), response: commitSchema
        ) { call in
            let stored = try call.datasetParameter()
            let reference = try call.parameter("version")
            let body = try call.json()
            try body.allowOnly(["branch"])
            let branch = try body.string("branch")
            let outcome = try await call.inOrg { access -> CommitOutcome in
                _ = try call.requireDataset(stored, in: access)
                let outcome = try access.store.restore(stored, to: reference, branch: branch)
                if !outcome.unchanged { try announce(outcome.version, call: call, access: access) }
                return outcome
            }
            return JSONBody.response(json(outcome))
        },
        APIRoute(
            .post, "/api/v1/datasets/{dataset}/versions/{version}/tag", permission: .write, tag: "versions",
            summary: "Tag a version; in a dataset that requires review, only a version whose records are all approved.",
            request: Schema.object(["tag": Schema.string], additional: false), response: refSchema, status: 201
        ) { call in
            let caller = try call.caller
            let stored = try call.datasetParameter()
            let reference = try call.parameter("version")
            let body = try call.json()
            try body.allowOnly(["tag"])
            let tag = try body.requiredString("tag")
            do throws(SynthError) {
                try Store.checkName(tag, kind: "tag")
            } catch {
                throw APIError.invalid("tag", error.message)
            }
            let ref = try await call.inOrg { access -> Ref in
                _ = try call.requireDataset(stored, in: access)
                let version = try access.store.resolve(stored, reference)
                if try Reviews.required(org: caller.org.id, dataset: stored, in: access.db) {
                    try RecordIndex.ensure(version, in: access.store)
                    let counts = try RecordIndex.statusCounts(of: version, org: caller.org.id, in: access.db)
                    let pending = counts[.pending] ?? 0
                    let rejected = counts[.rejected] ?? 0
                    if pending + rejected > 0 {
                        throw APIError(
                            .conflict, "review-required",
                            "this dataset requires review, and version \(version.short) has \(pending) pending and \(rejected) rejected records: approve them, or commit a version without them, before tagging"
                        )
                    }
                }
                return try access.store.createTag(stored, tag, at: version.hash)
            }
            return JSONBody.response(json(ref), status: .created)
        },
        APIRoute(
            .get, "/api/v1/datasets/{dataset}/diff/{a}/{b}", permission: .read, tag: "versions",
            summary: "What changed from version a to version b: records added, removed and changed, by id.",
            response: Schema.object([
                "from": Schema.string, "to": Schema.string, "added": Schema.array(Schema.string), "removed": Schema.array(Schema.string),
                "changed": Schema.array(Schema.string),
                "counts": Schema.object(["added": Schema.integer, "removed": Schema.integer, "changed": Schema.integer]),
            ]),
            query: [.init("limit", Schema.integer, "At most this many ids in each list, 1 to 10000 (default 1000); counts are complete.")]
        ) { call in
            let stored = try call.datasetParameter()
            let a = try call.parameter("a")
            let b = try call.parameter("b")
            let limit = try call.query("limit", in: 1...10_000, default: 1000)
            let (from, to, diff) = try await call.inOrg { access in
                _ = try call.requireDataset(stored, in: access)
                return try access.store.diff(stored, a, b)
            }
            return JSONBody.response(
                .object([
                    "from": .string(from.hash), "to": .string(to.hash), "added": .array(diff.added.prefix(limit).map { .string($0.id) }),
                    "removed": .array(diff.removed.prefix(limit).map { .string($0.id) }),
                    "changed": .array(diff.changed.prefix(limit).map { .string($0.id) }),
                    "counts": .object([
                        "added": .int(diff.added.count), "removed": .int(diff.removed.count), "changed": .int(diff.changed.count),
                    ]),
                ]))
        },
        APIRoute(
            .get, "/api/v1/datasets/{dataset}/branches", permission: .read, tag: "versions",
            summary: "A dataset's branches and tags, and which branch is current.",
            response: Schema.object(["current": Schema.string, "branches": Schema.array(refSchema), "tags": Schema.array(refSchema)])
        ) { call in
            let stored = try call.datasetParameter()
            let (info, refs) = try await call.inOrg { access in
                (try call.requireDataset(stored, in: access), try access.store.refs(stored))
            }
            return JSONBody.response(
                .object([
                    "current": .string(info.currentBranch), "branches": .array(refs.filter { $0.kind == .branch }.map(json)),
                    "tags": .array(refs.filter { $0.kind == .tag }.map(json)),
                ]))
        },
        APIRoute(
            .post, "/api/v1/datasets/{dataset}/branches", permission: .write, tag: "versions",
            summary: "Make a branch at a version (default: the current branch's head).",
            request: Schema.object(["name": Schema.string, "at": Schema.string], required: ["name"], additional: false),
            response: refSchema, status: 201
        ) { call in
            let stored = try call.datasetParameter()
            let body = try call.json()
            try body.allowOnly(["name", "at"])
            let name = try body.requiredString("name")
            do throws(SynthError) {
                try Store.checkName(name, kind: "branch")
            } catch {
                throw APIError.invalid("name", error.message)
            }
            let at = try body.string("at")
            let ref = try await call.inOrg { access in
                _ = try call.requireDataset(stored, in: access)
                return try access.store.createBranch(stored, name, at: at)
            }
            return JSONBody.response(json(ref), status: .created)
        },
        APIRoute(
            .post, "/api/v1/datasets/{dataset}/merge", permission: .write, tag: "versions",
            summary: "Merge a branch or version into a branch (default: current); conflicts stop it unless `prefer` picks a side.",
            request: Schema.object(
                ["from": Schema.string, "into": Schema.string, "prefer": Schema.enumeration(["ours", "theirs"])], required: ["from"],
                additional: false),
            response: Schema.object(
                [
                    "outcome": Schema.enumeration(["up-to-date", "fast-forward", "merged"]), "version": versionSchema,
                    "from_ours": Schema.integer, "from_theirs": Schema.integer,
                ], required: ["outcome", "version"])
        ) { call in
            let stored = try call.datasetParameter()
            let body = try call.json()
            try body.allowOnly(["from", "into", "prefer"])
            let from = try body.requiredString("from")
            let into = try body.string("into")
            let prefer = try body.string("prefer").map { (text: String) throws(APIError) -> MergePreference in
                guard let prefer = MergePreference(rawValue: text) else {
                    throw APIError.invalid("prefer", "'prefer' must be ours or theirs; got '\(text)'")
                }
                return prefer
            }
            let result = try await call.inOrg { access -> Value in
                _ = try call.requireDataset(stored, in: access)
                switch try access.store.merge(stored, from: from, into: into, prefer: prefer) {
                case .upToDate(let version):
                    return .object(["outcome": .string("up-to-date"), "version": json(version)])
                case .fastForward(let version):
                    try announce(version, call: call, access: access)
                    return .object(["outcome": .string("fast-forward"), "version": json(version)])
                case .merged(let version, let ours, let theirs):
                    try announce(version, call: call, access: access)
                    return .object([
                        "outcome": .string("merged"), "version": json(version), "from_ours": .int(ours), "from_theirs": .int(theirs),
                    ])
                case .conflicts(let conflicts):
                    let listed = conflicts.prefix(10).map { "\($0.id) (\($0.summary))" }.joined(separator: "; ")
                    throw APIError(
                        .conflict, "merge-conflict",
                        "\(conflicts.count) records changed on both sides: \(listed)\(conflicts.count > 10 ? "; …" : ""). Nothing was merged; send prefer: ours or theirs to pick a side"
                    )
                }
            }
            return JSONBody.response(result)
        },
    ]
}
