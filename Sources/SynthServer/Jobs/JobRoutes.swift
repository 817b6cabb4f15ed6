import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SynthCore
import SynthStore

/// Jobs: start a generation, validation or evaluation; list, read and cancel jobs; follow one live.
enum JobRoutes {
    /// The check keys `thresholds` may set, merged into the spec.
    static let thresholdKeys: Set<String> = ["quality-threshold", "privacy-level", "pii", "toxicity", "bias", "near-dedup"]

    static let jobsPage = Schema.object(["jobs": Schema.array(Job.schema), "next_cursor": Schema.nullable(Schema.string)])

    static let routes: [APIRoute] = [
        APIRoute(
            .post, "/api/v1/generate", permission: .write, tag: "jobs",
            summary: "Start a generation job from a spec (the CLI's spec keys); it commits a new version of the dataset.",
            request: Schema.object(
                ["dataset": Schema.string, "spec": Schema.object([:], required: []), "thresholds": Schema.object([:], required: [])],
                required: ["dataset", "spec"], additional: false),
            response: Job.schema, status: 202
        ) { call in
            let body = try call.json()
            try body.allowOnly(["dataset", "spec", "thresholds"])
            let caller = try call.caller
            let dataset = try datasetName(body, call: call)
            guard var spec = try body.object("spec") else { throw APIError.invalid("spec", "'spec' is required: an object of spec keys") }
            for (key, value) in try body.object("thresholds") ?? [:] {
                guard thresholdKeys.contains(key) else {
                    throw APIError.invalid(
                        "thresholds.\(key)",
                        "unknown threshold '\(key)'; thresholds take: \(thresholdKeys.sorted().joined(separator: ", "))")
                }
                spec[key] = value
            }
            let job = try await enqueueGeneration(
                dataset: dataset, spec: spec, org: caller.org, actor: caller.email, schedule: nil, services: call.services)
            return JSONBody.response(job.json, status: .accepted)
        },
        APIRoute(
            .post, "/api/v1/validate", permission: .write, tag: "jobs",
            summary: "Check a dataset's quality, duplicates, PII, toxicity and bias as a job; its result holds the report.",
            request: Schema.object(["dataset": Schema.string, "version": Schema.string], required: ["dataset"], additional: false),
            response: Job.schema, status: 202
        ) { call in
            let body = try call.json()
            try body.allowOnly(["dataset", "version"])
            let caller = try call.caller
            let dataset = try datasetName(body, call: call)
            let version = try body.string("version")
            let records = try await call.store { access in
                try existing(dataset, caller: caller, version: version, field: "dataset", in: access.store)
            }
            let job = Job(
                id: Job.newID(at: ServerClock.nowMillis()), org: caller.org.id, kind: .validate, dataset: dataset,
                spec: JSONWriter.string(.object(body.fields)), createdBy: caller.email, target: records, scheduleID: nil)
            return JSONBody.response(try await enqueue(job, services: call.services).json, status: .accepted)
        },
        APIRoute(
            .post, "/api/v1/evaluate", permission: .write, tag: "jobs",
            summary: "Evaluate a synthetic tabular dataset against a real one (quality, privacy, utility) as a job.",
            request: Schema.object(
                [
                    "dataset": Schema.string, "real": Schema.string, "holdout": Schema.string, "target": Schema.string,
                    "k": Schema.integer, "version": Schema.string,
                ], required: ["dataset", "real"], additional: false),
            response: Job.schema, status: 202
        ) { call in
            let body = try call.json()
            try body.allowOnly(["dataset", "real", "holdout", "target", "k", "version"])
            let caller = try call.caller
            let dataset = try datasetName(body, call: call)
            let real = try body.requiredString("real")
            let holdout = try body.string("holdout")
            _ = try body.string("target")
            _ = try body.int("k", in: 2...1000)
            let version = try body.string("version")
            let records = try await call.store { access in
                let records = try existing(dataset, caller: caller, version: version, field: "dataset", in: access.store)
                _ = try existing(real, caller: caller, version: nil, field: "real", in: access.store)
                if let holdout { _ = try existing(holdout, caller: caller, version: nil, field: "holdout", in: access.store) }
                return records
            }
            let job = Job(
                id: Job.newID(at: ServerClock.nowMillis()), org: caller.org.id, kind: .evaluate, dataset: dataset,
                spec: JSONWriter.string(.object(body.fields)), createdBy: caller.email, target: records, scheduleID: nil)
            return JSONBody.response(try await enqueue(job, services: call.services).json, status: .accepted)
        },
        APIRoute(
            .get, "/api/v1/jobs", permission: .read, tag: "jobs", summary: "The organization's jobs, newest first, a page at a time.",
            response: jobsPage,
            query: [
                .init("status", Schema.enumeration(Job.Status.allCases.map(\.rawValue)), "Only jobs in this state."),
                .init("limit", Schema.integer, "Jobs per page, 1 to 500 (default 50)."),
                .init("cursor", Schema.string, "The `next_cursor` of the page before."),
            ]
        ) { call in
            let caller = try call.caller
            let limit = try call.query("limit", in: 1...500, default: 50)
            let status = try call.query("status").map { (text: String) throws(APIError) -> Job.Status in
                guard let status = Job.Status(rawValue: text) else {
                    throw APIError.invalid(
                        "status", "'status' must be one of \(Job.Status.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
                }
                return status
            }
            let cursor = call.query("cursor")
            let jobs = try await call.store { access in
                let after = try cursor.map { (id: String) throws -> Job in
                    guard let job = try JobsTable.job(id, org: caller.org.id, in: access.db) else {
                        throw APIError.invalid("cursor", "'cursor' is not a job of this organization; pass the previous page's next_cursor")
                    }
                    return job
                }
                return try JobsTable.page(org: caller.org.id, status: status, after: after, limit: limit + 1, in: access.db)
            }
            let page = jobs.prefix(limit)
            return JSONBody.response(
                .object([
                    "jobs": .array(page.map(\.json)),
                    "next_cursor": jobs.count > limit ? .string(page.last!.id) : .null,
                ]))
        },
        APIRoute(
            .get, "/api/v1/jobs/{job}", permission: .read, tag: "jobs", summary: "One job: its state, counts, spend and result.",
            response: Job.schema
        ) { call in
            JSONBody.response(try await job(call).json)
        },
        APIRoute(
            .post, "/api/v1/jobs/{job}/cancel", permission: .write, tag: "jobs",
            summary: "Cancel a job: a queued one at once; a running one stops and commits what it made as a partial version.",
            response: Job.schema
        ) { call in
            let caller = try call.caller
            var found = try await job(call)
            guard !found.status.isFinal else {
                throw APIError(
                    .conflict, "conflict",
                    "job '\(found.id)' has already \(found.status == .cancelled ? "been cancelled" : found.status.rawValue)")
            }
            let now = ServerClock.nowMillis()
            let message = "cancelled by \(caller.email) before it started"
            let dequeued = try await call.store { access in
                try access.db.transaction { () throws(SynthError) -> Bool in
                    guard
                        try access.db.first(
                            "UPDATE jobs SET status = 'cancelled', finished_at = ?, message = ? WHERE id = ? AND status = 'queued' RETURNING id",
                            [.integer(now), .text(message), .text(found.id)]) != nil
                    else { return false }
                    found.status = .cancelled
                    found.finishedAt = now
                    found.message = message
                    try call.services.events.publish(
                        ServerEvent(
                            org: found.org, actor: caller.email, kind: "job.cancelled", subject: "job/\(found.id)", data: found.json),
                        keptIn: access.db)
                    return true
                }
            }
            if !dequeued {
                call.services.jobs.stop(found.id, by: caller.email)
                found = try await job(call)
                if !found.status.isFinal { found.message = "cancelling: it stops after the records in hand and commits them" }
            }
            return JSONBody.response(found.json)
        },
        APIRoute(
            .get, "/api/v1/jobs/{job}/events", permission: .read, tag: "jobs",
            summary: "Follow a job live (Server-Sent Events): `progress` events, then `status` events; ends after the final status.",
            responseType: "text/event-stream"
        ) { call in
            try await JobEvents.stream(call)
        },
    ]

    /// The job the path names, of the caller's organization (404 for another's).
    static func job(_ call: APICall) async throws -> Job {
        let caller = try call.caller
        let id = try call.parameter("job")
        let job = try await call.store { access in try JobsTable.job(id, org: caller.org.id, in: access.db) }
        guard let job else { throw APIError.notFound("job '\(id)'") }
        return job
    }

    /// The body's `dataset`, checked as a name.
    static func datasetName(_ body: JSONBody, call: APICall) throws(APIError) -> String {
        try call.checkedName(body.requiredString("dataset"), field: "dataset", kind: "dataset")
    }

    /// The records of `version` (default: the head) of the caller's dataset `name`; 404 naming `field` when it is not there.
    static func existing(_ name: String, caller: Principal, version: String?, field: String, in store: Store) throws -> Int {
        guard try store.dataset(caller.scoped(name)) != nil else {
            var error = APIError.notFound("dataset '\(name)'")
            error.field = field
            throw error
        }
        do {
            return try store.resolve(caller.scoped(name), version).count
        } catch {
            if version != nil {
                throw APIError(.notFound, "not-found", "version '\(version!)' of '\(name)' was not found", field: "version")
            }
            throw APIError(.unprocessableContent, "empty", "dataset '\(name)' has no version yet", field: field)
        }
    }

    /// Checks a generation spec as the job will run it, then queues the job.
    static func enqueueGeneration(
        dataset: String, spec fields: Fields, org: Org, actor: String, schedule: Int64?, services: ServerServices
    ) async throws -> Job {
        let id = Job.newID(at: ServerClock.nowMillis())
        let spec = try await checked(fields, org: org, folder: id, services: services)
        var job = Job(
            id: id, org: org.id, kind: .generate, dataset: dataset, spec: JSONWriter.string(.object(fields)), createdBy: actor,
            target: spec.count, scheduleID: schedule)
        job.domain = spec.domain
        job.provider = spec.llm?.provider ?? ""
        job.model = spec.llm?.model ?? ""
        return try await enqueue(job, services: services)
    }

    /// The spec `fields` describe, resolved as a job whose folder is `folder` (under the runs
    /// folder) would run it; a 4xx naming the key when it does not resolve.
    static func checked(_ fields: Fields, org: Org, folder name: String, services: ServerServices) async throws -> GenerationSpec {
        let partial = try JobSpec.parse(fields)
        let folder = (services.configuration.runsFolder as NSString).appendingPathComponent(name)
        do {
            let withTemplates = try await JobSpec.withOrganizationTemplates(partial, org: org.slug, folder: folder, stores: services.stores)
            return try JobSpec.resolve(withTemplates, folder: folder)
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            if let error = error as? APIError { throw error }
            throw JobSpec.error(error)
        }
    }

    /// Adds `job` to the queue, says so, and wakes the runner.
    static func enqueue(_ job: Job, services: ServerServices) async throws -> Job {
        try await services.stores.with { store in
            try store.database.transaction { () throws(SynthError) in
                try JobsTable.insert(job, in: store.database)
                if !job.provider.isEmpty || !job.model.isEmpty {
                    try store.database.execute(
                        "UPDATE jobs SET provider = ?, model = ? WHERE id = ?", [.text(job.provider), .text(job.model), .text(job.id)])
                }
                try services.events.publish(
                    ServerEvent(org: job.org, actor: job.createdBy, kind: "job.queued", subject: "job/\(job.id)", data: job.json),
                    keptIn: store.database)
            }
        }
        services.jobs.wake()
        return job
    }
}
