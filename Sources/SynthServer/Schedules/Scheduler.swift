import Foundation
import ServiceLifecycle
import SynthCore
import SynthStore

/// Starts a job whenever a schedule is due: it looks at the `schedules` table at the start of
/// every minute. A schedule missed while the server was down fires once when it is back, then
/// keeps to its expression.
public struct Scheduler: Service {
    let services: ServerServices
    /// The time now, in milliseconds since 1970 (a test drives its own).
    let now: @Sendable () -> Int64

    public init(services: ServerServices, now: @escaping @Sendable () -> Int64 = ServerClock.nowMillis) {
        self.services = services
        self.now = now
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                _ = try? await tick(at: now())
                let wait = 60_000 - now() % 60_000
                // A graceful shutdown cancels the wait: the loop then ends, and the service with it, cleanly.
                try? await Task.sleep(for: .milliseconds(wait))
            }
        }
    }

    /// Starts a job for every enabled schedule due at `now`, and moves each to its next time;
    /// returns the jobs started.
    @discardableResult
    public func tick(at now: Int64) async throws -> [Job] {
        let due = try await services.stores.with { store in try SchedulesTable.due(at: now, in: store.database) }
        var started: [Job] = []
        for schedule in due {
            let next = (try? CronExpression(schedule.cron))?.next(after: now)
            // Claiming the firing by moving its time: a second scheduler looking at once finds it gone.
            let claimed = try await services.stores.with { store in
                try store.database.first(
                    "UPDATE schedules SET next_run_at = ?, last_run_at = ? WHERE id = ? AND next_run_at = ? RETURNING id",
                    [next.map { .integer($0) } ?? .null, .integer(now), .integer(schedule.id), .integer(schedule.nextRunAt ?? 0)])
            }
            guard claimed != nil else { continue }
            var job: Job?
            var failure = ""
            do {
                let org = try await services.stores.with { store in
                    try store.database.first("SELECT id, slug, name FROM orgs WHERE id = ?", [.integer(schedule.org)])
                }
                guard let org else { throw SynthError(.notFound, "the schedule's organization no longer exists") }
                let spec = try JSONParser.parse(Array(schedule.spec.utf8)).objectValue ?? [:]
                job = try await JobRoutes.enqueueGeneration(
                    dataset: schedule.dataset, spec: spec, org: Org(id: Int64(org.int(0)), slug: org.text(1), name: org.text(2)),
                    actor: schedule.createdBy, schedule: schedule.id, services: services)
            } catch {
                failure = (error as? APIError)?.message ?? (error as? SynthError)?.message ?? "\(error)"
            }
            try await services.stores.with { store in
                try store.database.execute(
                    "UPDATE schedules SET last_job = ?, last_error = ? WHERE id = ?",
                    [job.map { .text($0.id) } ?? .null, .text(failure), .integer(schedule.id)])
            }
            if let job { started.append(job) }
        }
        return started
    }
}
