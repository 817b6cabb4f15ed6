import Foundation
import SynthCore
import SynthGenerators
import SynthStore

/// One private fit or release in the ledger: whose data, what model, when, and what it cost.
public struct PrivacyLedgerEntry: Sendable, Codable, Equatable {
    /// The dataset spent from: the store's dataset name, or the data file's path.
    public var dataset: String
    /// The model that spent it (`dp-mst`).
    public var model: String
    /// The model file written, if any.
    public var modelFile: String?
    /// When, as ISO 8601 in UTC.
    public var at: String
    /// The (ε, δ) guarantee of this spend alone.
    public var epsilon: Double
    public var delta: Double
    /// The zCDP ρ, when the spend was accounted in zCDP.
    public var rho: Double?
    /// Each measurement with its mechanism, noise and ρ (empty for entries read from the store).
    public var measurements: [PrivacyMeasurement]

    /// An entry for `spend` on `dataset`.
    public init(spend: PrivacySpend, dataset: String, modelFile: String?, at: Date = Date()) {
        self.dataset = dataset
        self.model = spend.model
        self.modelFile = modelFile
        self.at = isoTime(at)
        self.epsilon = spend.epsilon
        self.delta = spend.delta
        self.rho = spend.rho
        self.measurements = spend.measurements
    }

    /// An entry as the store keeps it; zCDP entries (mechanism `zcdp`) get their ρ back from (ε, δ).
    public init(_ entry: LedgerEntry) {
        dataset = entry.dataset
        model = entry.model
        modelFile = nil
        at = isoTime(Date(timeIntervalSince1970: Double(entry.at) / 1000))
        epsilon = entry.epsilon
        delta = entry.delta
        rho = entry.mechanism == PrivacyLedger.zcdp ? PrivacyBudget.rho(epsilon: entry.epsilon, delta: entry.delta) : nil
        measurements = []
    }
}

/// What a dataset has spent in all: by simple composition, and by zCDP composition when every spend is zCDP.
public struct PrivacyTotal: Sendable, Codable, Equatable {
    /// The dataset.
    public var dataset: String
    /// How many spends.
    public var spends: Int
    /// Σε and Σδ: always a valid bound.
    public var epsilon: Double
    public var delta: Double
    /// Σρ, when every spend was zCDP.
    public var rho: Double?
    /// The ε that Σρ guarantees at δ = Σδ: tighter than Σε when there are several spends.
    public var zcdpEpsilon: Double?
}

/// The privacy ledger: every spend, kept in a JSON file next to the model (`model.sfm.ledger.json`)
/// and, when the data is a stored dataset, in the store's ledger too.
public struct PrivacyLedger: Sendable, Codable, Equatable {
    /// The mechanism name the store's ledger gives zCDP-accounted spends.
    public static let zcdp = "zcdp"

    /// The spends, oldest first.
    public var entries: [PrivacyLedgerEntry]

    /// A ledger.
    public init(entries: [PrivacyLedgerEntry] = []) { self.entries = entries }

    /// The ledger file that goes with the model file at `modelPath`.
    public static func path(forModel modelPath: String) -> String { modelPath + ".ledger.json" }

    /// The ledger at `path`; an empty ledger when there is no file.
    public static func read(path: String) throws(SynthError) -> PrivacyLedger {
        guard FileManager.default.fileExists(atPath: path) else { return PrivacyLedger() }
        do {
            return try JSONDecoder().decode(PrivacyLedger.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw SynthError(.io, "\(path) is not a privacy ledger: \(error)")
        }
    }

    /// Writes the ledger to `path`, replacing the file whole so a crash never leaves half a ledger.
    public func write(path: String) throws(SynthError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SynthError(.io, "cannot write the privacy ledger \(path): \(error.localizedDescription)")
        }
    }

    /// Records `spend` on `dataset`: appended to the ledger next to the model at `modelPath`, and
    /// to `store`'s ledger when given. Call it once the model file is written.
    @discardableResult
    public static func record(_ spend: PrivacySpend, dataset: String, modelPath: String, store: Store? = nil) throws(SynthError)
        -> PrivacyLedgerEntry
    {
        let entry = PrivacyLedgerEntry(spend: spend, dataset: dataset, modelFile: modelPath)
        let path = path(forModel: modelPath)
        var ledger = try read(path: path)
        ledger.entries.append(entry)
        try ledger.write(path: path)
        if let store {
            let detail = spend.measurements.map(describe).joined(separator: "; ")
            try store.spend(
                LedgerEntry(
                    dataset: dataset, model: spend.model, mechanism: zcdp, epsilon: entry.epsilon, delta: entry.delta,
                    note: "ρ=\(short(spend.rho)): \(detail)"))
        }
        return entry
    }

    /// The store's ledger, or only `dataset`'s spends when given.
    public static func stored(in store: Store, dataset: String? = nil) throws(SynthError) -> PrivacyLedger {
        PrivacyLedger(entries: try store.ledger(dataset: dataset).map(PrivacyLedgerEntry.init))
    }

    /// The total spent per dataset, in order of first spend.
    public var totals: [PrivacyTotal] {
        var names: [String] = []
        for entry in entries where !names.contains(entry.dataset) { names.append(entry.dataset) }
        return names.map { name in
            let spends = entries.filter { $0.dataset == name }
            let epsilon = spends.reduce(0) { $0 + $1.epsilon }
            let delta = spends.reduce(0) { $0 + $1.delta }
            let rhos = spends.compactMap(\.rho)
            let rho = rhos.count == spends.count ? rhos.reduce(0, +) : nil
            return PrivacyTotal(
                dataset: name, spends: spends.count, epsilon: epsilon, delta: delta, rho: rho,
                zcdpEpsilon: rho.map { PrivacyBudget.epsilon(rho: $0, delta: delta) })
        }
    }

    /// The ledger as a table to read: one line per spend with its measurements, then each dataset's total.
    public var text: String {
        guard !entries.isEmpty else { return "no privacy spent" }
        var lines: [String] = []
        for entry in entries {
            var line = "\(entry.at)  \(entry.dataset)  \(entry.model)  ε=\(short(entry.epsilon)) δ=\(short(entry.delta))"
            if let rho = entry.rho { line += " ρ=\(short(rho))" }
            if let file = entry.modelFile { line += "  → \(file)" }
            lines.append(line)
            for measurement in entry.measurements { lines.append("    " + describe(measurement)) }
        }
        for total in totals {
            var line =
                "total \(total.dataset): \(total.spends) spend\(total.spends == 1 ? "" : "s"), ε=\(short(total.epsilon)) δ=\(short(total.delta)) by simple composition"
            if let rho = total.rho, let e = total.zcdpEpsilon {
                line += "; ρ=\(short(rho)) by zCDP composition, so ε=\(short(e)) at δ=\(short(total.delta))"
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

/// One measurement on a line: `1-way marginals: gaussian, 9 queries, σ=27.8, ρ=0.00582`.
func describe(_ m: PrivacyMeasurement) -> String {
    var parts = ["\(m.mechanism)", "\(m.queries) quer\(m.queries == 1 ? "y" : "ies")", "sensitivity \(short(m.sensitivity))"]
    if let sigma = m.sigma { parts.append("σ=\(short(sigma))") }
    if let epsilon = m.epsilon { parts.append("ε=\(short(epsilon)) each") }
    parts.append("ρ=\(short(m.rho))")
    return "\(m.purpose): " + parts.joined(separator: ", ")
}

/// A number to 4 significant digits.
func short(_ x: Double) -> String {
    String(format: "%.4g", x)
}

private func isoTime(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: date)
}
