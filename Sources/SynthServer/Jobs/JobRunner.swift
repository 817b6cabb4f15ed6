import Foundation
import ServiceLifecycle
import Synchronization
import SynthCore
import SynthStore

/// Runs the queued jobs of the `jobs` table, oldest first, a few at a time.
///
/// The table is the queue and the jobs' only state: enqueueing inserts a `queued` row and wakes
/// the runner; the runner claims a row by moving it to `running`, and saves its end. Jobs found
/// `running` when the runner starts were cut off by a stop or a crash: they go back to the queue
/// and resume from their run folder's journal, so no record is lost or made twice.
///
/// A server stopping (graceful shutdown, or the runner's task cancelled) stops its running jobs,
/// which keep their journals and stay `running` for the next start to resume.
public final class JobRunner: Service, Sendable {
    let services: JobServices
    private let limit: Int
    private let state = Mutex(State())
    private let wakes: AsyncStream<Void>
    private let waker: AsyncStream<Void>.Continuation

    private struct State {
        var active = 0
        var stops: [String: StopRequest] = [:]
        /// Jobs asked to cancel while being claimed: they stop as soon as they start.
        var cancelled: Set<String> = []
        var stopping = false
    }

    /// What jobs need of the server: its store, configuration, events and metrics.
    struct JobServices: Sendable {
        let configuration: ServerConfiguration
        let stores: StorePool
        let events: EventBus
        let metrics: ServerMetrics
    }

    init(configuration: ServerConfiguration, stores: StorePool, events: EventBus, metrics: ServerMetrics) {
        services = JobServices(configuration: configuration, stores: stores, events: events, metrics: metrics)
        limit = max(1, configuration.jobConcurrency)
        (wakes, waker) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Tells the runner that a job was queued (or a slot freed), so it looks at the queue now.
    public func wake() { waker.yield() }

    /// Asks job `id` to stop if this runner is running it; true when it was. The job then ends
    /// `cancelled`, keeping what it made.
    @discardableResult
    func stop(_ id: String, by actor: String) -> Bool {
        state.withLock { state in
            if let stop = state.stops[id] {
                stop.stop("cancelled by \(actor)")
                return true
            }
            state.cancelled.insert(id)
            return false
        }
    }

    /// True while the server is stopping: a job cut short now is resumed at the next start.
    var isStopping: Bool { state.withLock { $0.stopping } }

    public func run() async throws {
        let requeued = try await services.stores.with { store in
            try store.database.rows(
                "UPDATE jobs SET status = 'queued', message = 'requeued after a server restart; resumes from its journal' WHERE status = 'running' RETURNING id"
            ).count
        }
        if requeued > 0 { services.metrics.add("synthforge_jobs_requeued_total", Double(requeued)) }
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { [self] in
                    // The queue is also looked at every second, for jobs another process added.
                    while !isStopping && !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(1))
                        wake()
                    }
                }
                waker.yield()
                for await _ in wakes {
                    if isStopping || Task.isCancelled { break }
                    while let job = await claim() {
                        group.addTask { [self] in
                            await execute(job)
                            state.withLock { $0.active -= 1 }
                            services.metrics.set("synthforge_jobs_running", Double(state.withLock { $0.active }))
                            wake()
                        }
                    }
                }
                shutDown()
            }
        } onGracefulShutdown: { [self] in
            shutDown()
        }
    }

    /// Stops taking jobs and stops the running ones, keeping their journals.
    private func shutDown() {
        state.withLock { state in
            state.stopping = true
            for stop in state.stops.values { stop.stop("the server is stopping") }
        }
        waker.finish()
    }

    /// Moves the oldest queued job to `running`, when a slot is free.
    private func claim() async -> Job? {
        let free = state.withLock { state in
            guard state.active < limit, !state.stopping else { return false }
            state.active += 1
            return true
        }
        guard free else { return nil }
        let job: Job? = try? await services.stores.with { store throws(SynthError) -> Job? in
            let db = store.database
            while let row = try db.first("SELECT id FROM jobs WHERE status = 'queued' ORDER BY created_at, id LIMIT 1") {
                let claimed = try db.first(
                    "UPDATE jobs SET status = 'running', started_at = COALESCE(started_at, ?) WHERE id = ? AND status = 'queued' RETURNING id",
                    [.integer(ServerClock.nowMillis()), .text(row.text(0))])
                if claimed != nil { return try JobsTable.job(row.text(0), in: db) }
            }
            return nil
        }
        guard let job else {
            state.withLock { $0.active -= 1 }
            return nil
        }
        state.withLock { state in
            let stop = StopRequest()
            if state.cancelled.remove(job.id) != nil { stop.stop("cancelled before it started") }
            state.stops[job.id] = stop
        }
        services.metrics.set("synthforge_jobs_running", Double(state.withLock { $0.active }))
        return job
    }

    /// Runs `job` to its end and saves it; a job cut short by the server stopping is left
    /// `running`, to resume at the next start.
    private func execute(_ job: Job) async {
        let stop = state.withLock { $0.stops[job.id] } ?? StopRequest()
        defer { _ = state.withLock { $0.stops.removeValue(forKey: job.id) } }
        var job = job
        let started = ContinuousClock.now
        let folder = (services.configuration.runsFolder as NSString).appendingPathComponent(job.id)
        do {
            try await publish(job, kind: "job.started")
            let work = try await JobWork(job: job, folder: folder, stop: stop, services: services)
            try await work.run(&job)
        } catch is JobWork.CutOff {
            return
        } catch {
            if isStopping || Task.isCancelled { return }
            job.status = .failed
            job.error = (error as? SynthError)?.message ?? (error as? APIError)?.message ?? "\(error)"
            job.message = "failed: " + job.error
        }
        let elapsed = ContinuousClock.now - started
        job.elapsedMs += Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        job.finishedAt = ServerClock.nowMillis()
        do {
            try await services.stores.with { store in try JobsTable.save(job, in: store.database) }
            try await publish(job, kind: "job." + job.status.rawValue)
        } catch {
            // The row keeps its last saved state; the next start requeues it.
            return
        }
        services.metrics.add("synthforge_jobs_total")
        services.metrics.add("synthforge_jobs_\(job.status.rawValue)_total")
        if job.kind == .generate { services.metrics.add("synthforge_records_generated_total", Double(job.written)) }
        services.metrics.add("synthforge_tokens_total", Double(job.tokensIn + job.tokensOut))
        services.metrics.add("synthforge_cost_usd_total", job.cost)
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Keeps `kind` about `job` in the activity feed and tells listeners.
    func publish(_ job: Job, kind: String, data: Value? = nil) async throws {
        let event = ServerEvent(org: job.org, actor: job.createdBy, kind: kind, subject: "job/\(job.id)", data: data ?? job.json)
        _ = try await services.stores.with { store in try services.events.publish(event, keptIn: store.database) }
    }
}
