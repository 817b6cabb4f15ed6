import SynthCore

/// Records to export, readable from the start as often as needed (a split reads them twice).
public protocol ExportInput {
    /// Reads every record in order, calling `body` with each and its line (or position) until it
    /// returns false; returns the lines that were not records, with why.
    func read(_ body: (_ line: Int, _ record: Record) throws -> Bool) throws -> [JSONLReader.SkippedLine]
}

/// Records kept as SynthForge JSON, one compact object per record (a version in the store):
/// a JSONL export copies them without decoding.
public protocol StoredJSONInput: ExportInput {
    /// Calls `body` with each record's JSON in order until it returns false.
    func readJSON(_ body: (String) throws -> Bool) throws
}

/// The records of a JSONL file, SynthForge's or another tool's (see ``RecordDecoder``).
public struct JSONLInput: ExportInput {
    /// The file's path.
    public let path: String

    /// The records of the JSONL file at `path`.
    public init(path: String) { self.path = path }

    public func read(_ body: (_ line: Int, _ record: Record) throws -> Bool) throws -> [JSONLReader.SkippedLine] {
        var reader = try JSONLReader(path: path)
        var skipped: [JSONLReader.SkippedLine] = []
        while let (line, object) = reader.next() {
            switch RecordDecoder.record(from: object, line: line) {
            case .success(let record):
                if try !body(line, record) { return Self.merged(reader.skipped, skipped) }
            case .failure(let problem):
                skipped.append(JSONLReader.SkippedLine(line: line, reason: problem.reason))
            }
        }
        return Self.merged(reader.skipped, skipped)
    }

    private static func merged(_ a: [JSONLReader.SkippedLine], _ b: [JSONLReader.SkippedLine]) -> [JSONLReader.SkippedLine] {
        (a + b).sorted { $0.line < $1.line }
    }
}
