import Foundation
import SynthCore

/// A run that made or checked data: what was asked, how it ended, and what it wrote.
public struct RunEntry: Sendable, Hashable {
    /// The run's id.
    public var id: String
    /// The dataset it wrote to, if any.
    public var dataset: String?
    /// What ran: `generate`, `import`, `fit`, …
    public var kind: String
    /// The spec it ran, as text.
    public var spec: String
    /// Its summary, once finished.
    public var summary: String
    /// `running`, `succeeded` or `failed`.
    public var status: String
    /// The version it made, if one.
    public var version: String?
    /// When it started and finished, in milliseconds since 1970.
    public var startedAt: Int64
    public var finishedAt: Int64?
}

/// One spend of privacy budget: a differentially private fit or release.
public struct LedgerEntry: Sendable, Hashable {
    /// The dataset whose privacy was spent.
    public var dataset: String
    /// The model or release that spent it.
    public var model: String
    /// The mechanism, such as `gaussian-zcdp`.
    public var mechanism: String
    /// The ε and δ spent.
    public var epsilon: Double
    public var delta: Double
    /// A line of detail.
    public var note: String
    /// Who spent it, and when (milliseconds since 1970); set by the store.
    public var actor: String = ""
    public var at: Int64 = 0

    /// Makes an entry to record.
    public init(dataset: String, model: String, mechanism: String, epsilon: Double, delta: Double, note: String = "") {
        self.dataset = dataset
        self.model = model
        self.mechanism = mechanism
        self.epsilon = epsilon
        self.delta = delta
        self.note = note
    }
}

extension Store {
    /// Records that a run started; returns its id.
    public func startRun(kind: String, dataset: String?, spec: String) throws(SynthError) -> String {
        let id = UUID().uuidString.lowercased()
        try database.transaction { () throws(SynthError) in
            try database.execute(
                "INSERT INTO runs (id, dataset, kind, spec, status, started_at) VALUES (?, ?, ?, ?, 'running', ?)",
                [.text(id), dataset.map { .text($0) } ?? .null, .text(kind), .text(spec), .integer(Clock.nowMillis())])
            try audit("run.start", dataset ?? id, "\(kind) run \(id)")
        }
        return id
    }

    /// Records how a run ended.
    public func finishRun(_ id: String, succeeded: Bool, summary: String, version: String? = nil) throws(SynthError) {
        let status = succeeded ? "succeeded" : "failed"
        try database.transaction { () throws(SynthError) in
            try database.execute(
                "UPDATE runs SET status = ?, summary = ?, version = ?, finished_at = ? WHERE id = ?",
                [.text(status), .text(summary), version.map { .text($0) } ?? .null, .integer(Clock.nowMillis()), .text(id)])
            try audit("run.finish", id, status)
        }
    }

    /// Runs, newest first; only those of `dataset` when given.
    public func runs(dataset: String? = nil, limit: Int = 100) throws(SynthError) -> [RunEntry] {
        let filter = dataset == nil ? "" : " WHERE dataset = ?"
        let binds: [SQLValue] = (dataset.map { [.text($0)] } ?? []) + [.integer(Int64(limit))]
        return try database.rows(
            "SELECT id, dataset, kind, spec, summary, status, version, started_at, finished_at FROM runs\(filter) ORDER BY started_at DESC, id LIMIT ?",
            binds
        ).map { row in
            RunEntry(
                id: row.text(0), dataset: row.optionalText(1), kind: row.text(2), spec: row.text(3), summary: row.text(4),
                status: row.text(5), version: row.optionalText(6), startedAt: Int64(row.int(7)),
                finishedAt: row.optionalText(8).map { Int64($0) ?? 0 })
        }
    }

    /// Adds a spend to the privacy ledger.
    public func spend(_ entry: LedgerEntry) throws(SynthError) {
        guard entry.epsilon >= 0, entry.delta >= 0, entry.delta < 1, entry.epsilon.isFinite else {
            throw SynthError(.invalidArgument, "a privacy spend needs ε ≥ 0 and 0 ≤ δ < 1, got ε=\(entry.epsilon) δ=\(entry.delta)")
        }
        try database.transaction { () throws(SynthError) in
            try database.execute(
                "INSERT INTO privacy_ledger (dataset, model, mechanism, epsilon, delta, note, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    .text(entry.dataset), .text(entry.model), .text(entry.mechanism), .real(entry.epsilon), .real(entry.delta),
                    .text(entry.note), .text(actor), .integer(Clock.nowMillis()),
                ])
            try audit("privacy.spend", entry.dataset, "ε=\(entry.epsilon) δ=\(entry.delta) by \(entry.model) (\(entry.mechanism))")
        }
    }

    /// The ledger in the order spent; only `dataset`'s entries when given.
    public func ledger(dataset: String? = nil) throws(SynthError) -> [LedgerEntry] {
        let filter = dataset == nil ? "" : " WHERE dataset = ?"
        return try database.rows(
            "SELECT dataset, model, mechanism, epsilon, delta, note, actor, at FROM privacy_ledger\(filter) ORDER BY id",
            dataset.map { [.text($0)] } ?? []
        ).map { row in
            var entry = LedgerEntry(
                dataset: row.text(0), model: row.text(1), mechanism: row.text(2), epsilon: row.double(3), delta: row.double(4),
                note: row.text(5))
            entry.actor = row.text(6)
            entry.at = Int64(row.int(7))
            return entry
        }
    }
}
