import SynthCore

/// What to export and how.
public struct ExportRequest: Sendable {
    /// The format to write.
    public var format: ExportFormat
    /// The output: a file, or with splits (or a folder format) a folder.
    public var out: String
    /// The splits, or nil for one output.
    public var split: SplitSpec?
    /// A field whose values are split in proportion (a payload field such as `label`, else a
    /// provenance field such as `task`); nil for none.
    public var stratify: String?
    /// The seed that fixes which record goes to which split.
    public var seed: UInt64
    /// The most records to export; nil for the format's default (all but for markdown).
    public var limit: Int?

    /// Makes a request.
    public init(format: ExportFormat, out: String, split: SplitSpec? = nil, stratify: String? = nil, seed: UInt64 = 42, limit: Int? = nil) {
        self.format = format
        self.out = out
        self.split = split
        self.stratify = stratify
        self.seed = seed
        self.limit = limit
    }
}

/// What an export wrote.
public struct ExportSummary: Sendable {
    /// The format's name.
    public var format: String
    /// Where it went.
    public var out: String
    /// Records written to each split (one unnamed entry without splits).
    public var written: [(split: String, count: Int)]
    /// Lines that were not records, or records the format cannot hold, with why.
    public var skipped: [JSONLReader.SkippedLine]
    /// Notes from the writers (cells cut to a size limit).
    public var notes: [String]

    /// All records written.
    public var total: Int { written.reduce(0) { $0 + $1.count } }

    /// The summary as lines for standard error: the counts, then up to ten skipped lines.
    public var text: String {
        var lines: [String] = []
        let perSplit = written.count > 1 || written.first?.split.isEmpty == false
        lines.append(
            "Exported \(total) record\(total == 1 ? "" : "s") as \(format) to \(out)"
                + (perSplit ? " (" + written.map { "\($0.split) \($0.count)" }.joined(separator: ", ") + ")" : "") + ".")
        if !skipped.isEmpty {
            lines.append("Skipped \(skipped.count) line\(skipped.count == 1 ? "" : "s"):")
            for s in skipped.prefix(10) { lines.append("  line \(s.line): \(s.reason)") }
            if skipped.count > 10 { lines.append("  … and \(skipped.count - 10) more") }
        }
        lines += notes.map { "Note: \($0)" }
        return lines.joined(separator: "\n")
    }
}

/// Exports records from an input to a format, streaming, optionally split.
public enum Exporter {
    /// Writes stored records' JSON to a JSONL file as it is: records in the store were checked
    /// and written by SynthForge when they went in, so they need no decoding to come out.
    private static func copy(_ input: some StoredJSONInput, to out: String, format: String, limit: Int) throws -> ExportSummary {
        var sink = try FileSink(target: out, encoder: JSONLEncoder())
        var written = 0
        do {
            if limit > 0 {
                try input.readJSON { json in
                    try sink.write(line: json)
                    written += 1
                    return written < limit
                }
            }
            try sink.commit()
        } catch {
            sink.discard()
            throw error
        }
        return ExportSummary(format: format, out: out, written: [(split: "", count: written)], skipped: [], notes: [])
    }

    /// Runs `request` over `input`. A record whose shape the format cannot hold stops the export
    /// with an error naming both; a record the format cannot hold for another reason is skipped
    /// and reported. Nothing appears under the output's name unless the export completes.
    public static func run(_ request: ExportRequest, input: some ExportInput) throws -> ExportSummary {
        let format = request.format
        let limit = request.limit ?? format.defaultLimit ?? Int.max
        var firstShape: TaskShape?
        var unusable: [JSONLReader.SkippedLine] = []

        // Checks a record and says whether to export it; shared by both passes so they agree.
        func accept(_ line: Int, _ record: Record, noting: Bool) throws -> Bool {
            do {
                try format.check(record.shape)
            } catch {
                throw SynthError(error.code, "line \(line) is a \(record.shape.rawValue) record, and \(error.message)")
            }
            if format.oneShapePerFile {
                if let firstShape, firstShape != record.shape {
                    throw SynthError(
                        .invalidArgument,
                        "line \(line) is a \(record.shape.rawValue) record, but earlier records are \(firstShape.rawValue): \(format.name) takes one shape per file, as its columns come from the shape"
                    )
                }
                firstShape = record.shape
            }
            if let problem = format.problem(with: record) {
                if noting {
                    unusable.append(JSONLReader.SkippedLine(line: line, reason: "cannot be written as \(format.name): \(problem)"))
                }
                return false
            }
            return true
        }

        if format.copiesStoredJSON, request.split == nil, let stored = input as? any StoredJSONInput {
            return try copy(stored, to: request.out, format: format.name, limit: limit)
        }

        var assignment: [UInt8]?
        if let split = request.split {
            var hashes: [UInt64] = []
            var strata: [Int] = []
            var strataNumbers: [Value: Int] = [:]
            var fieldSeen = request.stratify == nil
            _ = try input.read { line, record in
                guard try accept(line, record, noting: false) else { return true }
                hashes.append(stableHash(record.id))
                if let field = request.stratify {
                    let value = record.fields[field] ?? record.provenance.fields[field]
                    if value != nil { fieldSeen = true }
                    let key = value ?? .null
                    if strataNumbers[key] == nil { strataNumbers[key] = strataNumbers.count }
                    strata.append(strataNumbers[key]!)
                } else {
                    strata.append(0)
                }
                return hashes.count < limit
            }
            if !fieldSeen, let field = request.stratify, !hashes.isEmpty {
                throw SynthError(.invalidArgument, "--stratify \(field): no record has a field '\(field)' (in its fields or provenance)")
            }
            assignment = split.assign(idHashes: hashes, strata: strata, seed: request.seed)
        }

        var writer = try format.open(out: request.out, splits: request.split?.names)
        var counts = [Int](repeating: 0, count: request.split?.names.count ?? 1)
        var position = 0
        let skipped: [JSONLReader.SkippedLine]
        do {
            firstShape = nil
            skipped = try input.read { line, record in
                guard try accept(line, record, noting: true) else { return true }
                let split = assignment.map { Int($0[position]) } ?? 0
                try writer.write(record, split: split)
                counts[split] += 1
                position += 1
                return position < limit
            }
        } catch {
            writer.discard()
            throw error
        }
        let notes = try writer.commit()
        let names = request.split?.names ?? [""]
        return ExportSummary(
            format: format.name, out: request.out, written: Array(zip(names, counts)).map { (split: $0.0, count: $0.1) },
            skipped: (skipped + unusable).sorted { $0.line < $1.line }, notes: notes)
    }
}
