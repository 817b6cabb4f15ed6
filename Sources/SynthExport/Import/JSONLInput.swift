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

    /// Reads the file a batch of lines at a time, decoding each batch on all cores.
    public func read(_ body: (_ line: Int, _ record: Record) throws -> Bool) throws -> [JSONLReader.SkippedLine] {
        var reader = try JSONLReader(path: path)
        var skipped: [JSONLReader.SkippedLine] = []
        while true {
            let lines = reader.nextLines(2_000)
            if lines.isEmpty { break }
            for (line, result) in zip(lines, parallelMap(lines, Self.record(from:))) {
                switch result {
                case .success(let record):
                    if try !body(line.number, record) { return Self.merged(reader.skipped, skipped) }
                case .failure(let problem):
                    skipped.append(problem)
                }
            }
        }
        return Self.merged(reader.skipped, skipped)
    }

    /// One line as a record, or why it is not one.
    public static func record(from line: JSONLReader.Line) -> Result<Record, JSONLReader.SkippedLine> {
        JSONLReader.parse(line).flatMap { object in
            RecordDecoder.record(from: object, line: line.number).mapError { JSONLReader.SkippedLine(line: line.number, reason: $0.reason) }
        }
    }

    private static func merged(_ a: [JSONLReader.SkippedLine], _ b: [JSONLReader.SkippedLine]) -> [JSONLReader.SkippedLine] {
        (a + b).sorted { $0.line < $1.line }
    }
}
