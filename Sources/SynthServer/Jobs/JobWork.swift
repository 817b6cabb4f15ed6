import Foundation
import Synchronization
import SynthCore
import SynthExport
import SynthLLM
import SynthRuntime
import SynthStore

/// One job's work, through the runtime the CLI uses: a generation into a durable journal in the
/// job's run folder, committed as a new version of the organization's dataset; or a validation or
/// evaluation of a stored dataset, whose report becomes the job's result.
struct JobWork {
    /// Thrown when the server stopped the job: it stays `running`, to resume at the next start.
    struct CutOff: Error {}

    let job: Job
    let folder: String
    let stop: StopRequest
    let services: JobRunner.JobServices

    /// The job's organization's slug, the prefix of its datasets' and templates' store names.
    let slug: String

    init(job: Job, folder: String, stop: StopRequest, services: JobRunner.JobServices) async throws {
        self.job = job
        self.folder = folder
        self.stop = stop
        self.services = services
        let org = job.org
        let row = try await services.stores.with { store in try store.database.first("SELECT slug FROM orgs WHERE id = ?", [.integer(org)])
        }
        guard let row else { throw SynthError(.notFound, "the job's organization no longer exists") }
        slug = row.text(0)
    }

    /// The store's name of one of the job's organization's datasets.
    func scoped(_ name: String) -> String { slug + "/" + name }

    /// Runs the job, filling in its end state.
    func run(_ job: inout Job) async throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let request = try JSONParser.parse(Array(job.spec.utf8)).objectValue ?? [:]
        switch job.kind {
        case .generate: try await generate(&job, request: request)
        case .validate: try await validate(&job, request: request)
        case .evaluate: try await evaluate(&job, request: request)
        }
    }

    // MARK: Generation

    private func generate(_ job: inout Job, request: Fields) async throws {
        let partial = try await JobSpec.withOrganizationTemplates(
            try JobSpec.parse(request), org: slug, folder: folder, stores: services.stores)
        let spec = try JobSpec.resolve(partial, folder: folder)
        job.target = spec.count
        job.domain = spec.domain
        job.provider = spec.llm?.provider ?? ""
        job.model = spec.llm?.model ?? ""
        let latest = Latest()
        let events = services.events
        let (org, actor, id) = (job.org, job.createdBy, job.id)
        let progress: (RunProgress) -> Void = { p in
            latest.value.withLock { $0 = p }
            events.broadcast(
                ServerEvent(
                    org: org, actor: actor, kind: "job.progress", subject: "job/\(id)",
                    data: .object(["written": .int(p.written), "target": .int(p.target), "generated": .int(p.generated)])))
        }
        let summary: RunSummary
        var resumed = 0
        var output: String
        (summary, resumed, output) = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [services] in
                // Progress reaches the table at most twice a second; events carry every shard.
                var saved: RunProgress?
                while !Task.isCancelled {
                    try await Task.sleep(for: .milliseconds(500))
                    guard let now = latest.value.withLock({ $0 }), now != saved else { continue }
                    saved = now
                    try await services.stores.with { store in
                        try JobsTable.saveProgress(id, written: now.written, generated: now.generated, in: store.database)
                    }
                }
            }
            defer { group.cancelAll() }
            if spec.llm != nil {
                let outcome = try await LLMGeneration.run(
                    spec, arguments: [], runsRoot: (folder as NSString).appendingPathComponent("runs"), stop: stop, progress: progress)
                job.tokensIn = outcome.requests.tokens.input
                job.tokensOut = outcome.requests.tokens.output
                job.cost = outcome.totalCost
                return (outcome.summary, outcome.resumed, outcome.output)
            }
            let (summary, resumed) = try await Generation.runJournaled(spec, stop: stop, progress: progress)
            return (summary, resumed, summary.isPartial ? spec.out + ".partial" : spec.out)
        }
        let cancelled = stop.reason?.hasPrefix("cancelled") == true
        if summary.isPartial && !cancelled && (stop.reason != nil || Task.isCancelled) { throw CutOff() }
        job.written = summary.written
        job.generated = summary.generated
        var notes: [String] = []
        if resumed > 0 { notes.append("resumed \(NumberFormat.grouped(resumed)) records from the journal") }
        if summary.written > 0 {
            let message =
                summary.isPartial
                ? "partial: \(NumberFormat.grouped(summary.written)) of \(NumberFormat.grouped(spec.count)) records (\(summary.stopReason ?? "stopped"))"
                : "Generate \(NumberFormat.grouped(spec.count)) \(spec.domain)/\(spec.task) records, seed \(spec.seed)"
            try await commit(&job, path: output, message: message)
            job.meanScore = try Self.meanScore(ofRecordsIn: output)
            notes.insert(message, at: 0)
        } else {
            notes.insert("stopped before any record was made (\(summary.stopReason ?? "stopped")); nothing committed", at: 0)
        }
        job.status = cancelled ? .cancelled : .succeeded
        job.message = notes.joined(separator: "; ")
    }

    /// The mean score (0–1, as the records API shows it) of the scored records in the JSONL file at
    /// `path`, or nil when none has a score (a run without `quality-threshold` or a judge).
    static func meanScore(ofRecordsIn path: String) throws(SynthError) -> Double? {
        var reader = try JSONLReader(path: path)
        var (sum, scored) = (0.0, 0)
        while let (_, record) = reader.next() {
            guard let score = RecordItem.score(provenance: record["provenance"]?.objectValue ?? Fields()) else { continue }
            sum += score
            scored += 1
        }
        return scored == 0 ? nil : sum / Double(scored)
    }

    /// Commits the JSONL file at `path` as a new version of the job's dataset (made if missing).
    private func commit(_ job: inout Job, path: String, message: String) async throws {
        let name = scoped(job.dataset)
        let request = DatasetImport.Request(
            dataset: name, path: path, mode: .append, branch: nil, message: message, kind: "job", spec: job.spec)
        let outcome = try await services.stores.with(as: job.createdBy) { store in try DatasetImport.run(request, store: store) }
        job.version = outcome.commit.version.hash
        let subject = "dataset/\(job.dataset)"
        let events = services.events
        let (org, actor) = (job.org, job.createdBy)
        try await services.stores.with { store in
            if outcome.created {
                try events.publish(ServerEvent(org: org, actor: actor, kind: "dataset.created", subject: subject), keptIn: store.database)
            }
            try events.publish(
                ServerEvent(
                    org: org, actor: actor, kind: "dataset.version", subject: subject,
                    data: .object(["version": .string(outcome.commit.version.hash), "records": .int(outcome.commit.version.count)])),
                keptIn: store.database)
        }
    }

    // MARK: Validation and evaluation

    /// Writes version `reference` (default: the current branch's head) of dataset `name` to a JSONL file; returns it and its count.
    private func export(_ name: String, reference: String?, to file: String) async throws -> (path: String, records: Int, version: String) {
        let stored = scoped(name)
        let path = (folder as NSString).appendingPathComponent(file)
        return try await services.stores.with { store in
            guard try store.dataset(stored) != nil else { throw SynthError(.notFound, "dataset '\(name)' was not found") }
            let version = try store.resolve(stored, reference)
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw SynthError(.io, "cannot write to the job's folder")
            }
            defer { try? handle.close() }
            var buffer = Data()
            try VersionInput(store: store, version: version).readJSON { json in
                buffer.append(contentsOf: json.utf8)
                buffer.append(0x0a)
                if buffer.count > 1 << 20 {
                    handle.write(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
                return true
            }
            handle.write(buffer)
            return (path, version.count, version.hash)
        }
    }

    private func validate(_ job: inout Job, request: Fields) async throws {
        let (path, records, version) = try await export(job.dataset, reference: request["version"]?.stringValue, to: "records.jsonl")
        job.target = records
        let report = try await Validation.run(
            ValidationOptions(synthetic: path, metrics: QualityMetric.allCases.filter { !$0.needsReference }))
        job.written = records
        job.version = version
        job.result = JSONWriter.string(report.json)
        job.status = .succeeded
        job.message = "validated \(NumberFormat.grouped(records)) records of \(job.dataset) at \(version.prefix(12))"
    }

    private func evaluate(_ job: inout Job, request: Fields) async throws {
        let synthetic = try await export(job.dataset, reference: request["version"]?.stringValue, to: "synthetic.jsonl")
        let realName = request["real"]?.stringValue ?? ""
        let real = try await export(realName, reference: nil, to: "real.jsonl")
        let holdout = try await request["holdout"]?.stringValue.asyncMap { try await export($0, reference: nil, to: "holdout.jsonl").path }
        job.target = synthetic.records
        let json = (folder as NSString).appendingPathComponent("evaluation.json")
        _ = try Evaluation.run(
            Evaluation.Request(
                real: real.path, synthetic: synthetic.path, holdout: holdout, k: request["k"]?.doubleValue.map { Int($0) } ?? 5,
                target: request["target"]?.stringValue, json: json))
        guard let data = FileManager.default.contents(atPath: json) else { throw SynthError(.io, "the evaluation wrote no report") }
        job.result = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        job.written = synthetic.records
        job.version = synthetic.version
        job.status = .succeeded
        job.message = "evaluated \(NumberFormat.grouped(synthetic.records)) records of \(job.dataset) against \(realName)"
    }
}

/// The latest progress of a run, shared by its progress callback and the task that saves it.
private final class Latest: Sendable {
    let value = Mutex<RunProgress?>(nil)
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async throws -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
