import SynthCore

/// Counts, for a run's summary, how many records failed or were repaired, per field and reason.
///
/// Field paths are counted without list positions (`messages[].role`), so one table row gathers a field's
/// failures across every element. A record counts once per row however often the problem occurred in it.
public struct StructuredTally: Sendable, Hashable {
    /// One row of failures: a field, a kind of problem, and how many records it hit.
    public struct FailureRow: Sendable, Hashable {
        /// The field path, positions removed.
        public var path: String
        /// The kind of problem.
        public var kind: StructuredFailure.Kind
        /// Records whose answers had this problem on some attempt.
        public var records: Int
        /// Of those, records a later attempt fixed.
        public var recovered: Int
        /// The first reason seen, as an example for the summary.
        public var example: String
    }

    /// One row of repairs: a field, a kind of repair, and how many accepted records needed it.
    public struct RepairRow: Sendable, Hashable {
        /// The field path, positions removed.
        public var path: String
        /// The kind of repair.
        public var kind: StructuredRepair.Kind
        /// Accepted records that needed it.
        public var records: Int
    }

    /// Records counted.
    public private(set) var records = 0
    /// Records with a usable value.
    public private(set) var valid = 0
    /// Records that needed more than one attempt.
    public private(set) var retried = 0
    /// Records accepted only after at least one repair.
    public private(set) var repaired = 0
    /// Failure rows, in the order first seen.
    public private(set) var failures: [FailureRow] = []
    /// Repair rows, in the order first seen.
    public private(set) var repairs: [RepairRow] = []

    /// An empty tally.
    public init() {}

    /// Records with no usable value.
    public var failed: Int { records - valid }

    /// Counts one record's outcome.
    public mutating func add(_ result: StructuredGeneration.Result) {
        records += 1
        if result.value != nil { valid += 1 }
        if result.attempts > 1 { retried += 1 }
        if result.value != nil, !result.repairs.isEmpty { repaired += 1 }
        var seen = Set<String>()
        for failure in result.failures.joined() {
            let path = Self.field(failure.path)
            guard seen.insert("\(path)\u{0}\(failure.kind.rawValue)").inserted else { continue }
            if let i = failures.firstIndex(where: { $0.path == path && $0.kind == failure.kind }) {
                failures[i].records += 1
                if result.value != nil { failures[i].recovered += 1 }
            } else {
                failures.append(
                    FailureRow(path: path, kind: failure.kind, records: 1, recovered: result.value != nil ? 1 : 0, example: failure.reason))
            }
        }
        guard result.value != nil else { return }
        seen = []
        for repair in result.repairs {
            let path = Self.field(repair.path)
            guard seen.insert("\(path)\u{0}\(repair.kind.rawValue)").inserted else { continue }
            if let i = repairs.firstIndex(where: { $0.path == path && $0.kind == repair.kind }) {
                repairs[i].records += 1
            } else {
                repairs.append(RepairRow(path: path, kind: repair.kind, records: 1))
            }
        }
    }

    /// The summary as lines of text, failures first, most frequent first.
    public var report: [String] {
        var lines = ["structured output: \(records) records, \(valid) valid (\(repaired) repaired, \(retried) retried), \(failed) failed"]
        for row in Self.ranked(failures, by: \.records) {
            let recovered = row.recovered > 0 ? ", \(row.recovered) fixed by a retry" : ""
            lines.append("  failed   \(row.path): \(row.kind.rawValue) in \(row.records) records\(recovered) (e.g. \(row.example))")
        }
        for row in Self.ranked(repairs, by: \.records) {
            lines.append("  repaired \(row.path): \(row.kind.rawValue) in \(row.records) records")
        }
        return lines
    }

    /// The summary as a value, for JSON run summaries.
    public var reportValue: Value {
        .object([
            "records": .int(records), "valid": .int(valid), "repaired": .int(repaired), "retried": .int(retried), "failed": .int(failed),
            "failures": .array(
                Self.ranked(failures, by: \.records).map {
                    .object([
                        "path": .string($0.path), "reason": .string($0.kind.rawValue), "records": .int($0.records),
                        "recovered": .int($0.recovered), "example": .string($0.example),
                    ])
                }),
            "repairs": .array(
                Self.ranked(repairs, by: \.records).map {
                    .object(["path": .string($0.path), "repair": .string($0.kind.rawValue), "records": .int($0.records)])
                }),
        ])
    }

    /// Most records first; rows with equal counts keep the order they were first seen in.
    private static func ranked<Row>(_ rows: [Row], by count: (Row) -> Int) -> [Row] {
        rows.enumerated().sorted { (count($1.element), $0.offset) < (count($0.element), $1.offset) }.map(\.element)
    }

    /// `messages[2].role` → `messages[].role`.
    private static func field(_ path: String) -> String {
        var out = ""
        var inBrackets = false
        for c in path {
            if c == "[" {
                inBrackets = true
                out.append("[]")
            } else if c == "]" {
                inBrackets = false
            } else if !inBrackets {
                out.append(c)
            }
        }
        return out
    }
}
