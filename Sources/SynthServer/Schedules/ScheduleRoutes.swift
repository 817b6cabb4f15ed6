import Foundation
import Hummingbird
import SynthCore
import SynthStore

/// Schedules: generations that run on a cron expression (UTC).
enum ScheduleRoutes {
    static let routes: [APIRoute] = [
        APIRoute(
            .get, "/api/v1/schedules", permission: .read, tag: "schedules", summary: "The organization's schedules, by name.",
            response: Schema.object(["schedules": Schema.array(Schedule.schema)])
        ) { call in
            let caller = try call.caller
            let all = try await call.store { access in try SchedulesTable.all(org: caller.org.id, in: access.db) }
            return JSONBody.response(.object(["schedules": .array(all.map(\.json))]))
        },
        APIRoute(
            .post, "/api/v1/schedules", permission: .write, tag: "schedules",
            summary: "Schedule a generation: at each time the cron expression names, a job runs the spec into the dataset.",
            request: Schema.object(
                [
                    "name": Schema.string, "cron": Schema.string, "dataset": Schema.string, "spec": Schema.object([:], required: []),
                    "enabled": Schema.boolean,
                ], required: ["name", "cron", "dataset", "spec"], additional: false),
            response: Schedule.schema, status: 201
        ) { call in
            let body = try call.json()
            try body.allowOnly(["name", "cron", "dataset", "spec", "enabled"])
            let caller = try call.caller
            let name = try body.requiredString("name")
            do {
                try Store.checkName(name, kind: "schedule")
            } catch let error as SynthError {
                throw APIError.invalid("name", error.message)
            }
            let cron = try expression(try body.requiredString("cron"))
            let dataset = try JobRoutes.datasetName(body, call: call)
            guard let spec = try body.object("spec") else { throw APIError.invalid("spec", "'spec' is required: an object of spec keys") }
            try await check(spec, caller: caller, services: call.services)
            let enabled = try body.bool("enabled") ?? true
            let now = ServerClock.nowMillis()
            let schedule = try await call.store { access throws -> Schedule? in
                guard try SchedulesTable.schedule(name, org: caller.org.id, in: access.db) == nil else {
                    throw APIError(.conflict, "conflict", "a schedule named '\(name)' already exists", field: "name")
                }
                try access.db.execute(
                    "INSERT INTO schedules (org, name, cron, dataset, spec, enabled, created_by, created_at, updated_at, next_run_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        .integer(caller.org.id), .text(name), .text(cron.text), .text(dataset), .text(JSONWriter.string(.object(spec))),
                        .integer(enabled ? 1 : 0), .text(caller.email), .integer(now), .integer(now),
                        enabled ? cron.next(after: now).map { .integer($0) } ?? .null : .null,
                    ])
                return try SchedulesTable.schedule(name, org: caller.org.id, in: access.db)
            }
            guard let schedule else { throw APIError.notFound("schedule '\(name)'") }
            return JSONBody.response(schedule.json, status: .created)
        },
        APIRoute(
            .get, "/api/v1/schedules/{schedule}", permission: .read, tag: "schedules", summary: "One schedule.",
            response: Schedule.schema
        ) { call in
            JSONBody.response(try await schedule(call).json)
        },
        APIRoute(
            .patch, "/api/v1/schedules/{schedule}", permission: .write, tag: "schedules",
            summary: "Change a schedule's expression, dataset, spec or whether it is enabled.",
            request: Schema.object(
                ["cron": Schema.string, "dataset": Schema.string, "spec": Schema.object([:], required: []), "enabled": Schema.boolean],
                required: [], additional: false),
            response: Schedule.schema
        ) { call in
            let body = try call.json()
            try body.allowOnly(["cron", "dataset", "spec", "enabled"])
            let caller = try call.caller
            var current = try await schedule(call)
            if let text = try body.string("cron") { current.cron = try expression(text).text }
            if body["dataset"] != nil { current.dataset = try JobRoutes.datasetName(body, call: call) }
            if let spec = try body.object("spec") {
                try await check(spec, caller: caller, services: call.services)
                current.spec = JSONWriter.string(.object(spec))
            }
            if let enabled = try body.bool("enabled") { current.enabled = enabled }
            let now = ServerClock.nowMillis()
            let next = current.enabled ? try expression(current.cron).next(after: now) : nil
            let saved = current
            let updated = try await call.store { access in
                try access.db.execute(
                    "UPDATE schedules SET cron = ?, dataset = ?, spec = ?, enabled = ?, updated_at = ?, next_run_at = ? WHERE id = ?",
                    [
                        .text(saved.cron), .text(saved.dataset), .text(saved.spec), .integer(saved.enabled ? 1 : 0), .integer(now),
                        next.map { .integer($0) } ?? .null, .integer(saved.id),
                    ])
                return try SchedulesTable.schedule(saved.name, org: caller.org.id, in: access.db)
            }
            return JSONBody.response((updated ?? saved).json)
        },
        APIRoute(
            .delete, "/api/v1/schedules/{schedule}", permission: .write, tag: "schedules",
            summary: "Delete a schedule (the jobs it started stay).", status: 204
        ) { call in
            let found = try await schedule(call)
            try await call.store { access in try access.db.execute("DELETE FROM schedules WHERE id = ?", [.integer(found.id)]) }
            return Response(status: .noContent)
        },
    ]

    /// The schedule the path names, of the caller's organization (404 for another's).
    static func schedule(_ call: APICall) async throws -> Schedule {
        let caller = try call.caller
        let name = try call.parameter("schedule")
        let found = try await call.store { access in try SchedulesTable.schedule(name, org: caller.org.id, in: access.db) }
        guard let found else { throw APIError.notFound("schedule '\(name)'") }
        return found
    }

    static func expression(_ text: String) throws(APIError) -> CronExpression {
        do { return try CronExpression(text) } catch { throw APIError.invalid("cron", error.message) }
    }

    /// Checks a schedule's spec as its jobs will run it, so a bad one is refused now, not at 3 a.m.
    static func check(_ spec: Fields, caller: Principal, services: ServerServices) async throws {
        let folder = "check-" + UUID().uuidString.lowercased()
        _ = try await JobRoutes.checked(spec, org: caller.org, folder: folder, services: services)
        try? FileManager.default.removeItem(atPath: (services.configuration.runsFolder as NSString).appendingPathComponent(folder))
    }
}
