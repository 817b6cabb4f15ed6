import Foundation
import SynthCore
import SynthExport
import SynthGenerators

/// What `synthforge augment` was asked to do.
public struct AugmentOptions: Sendable {
    /// The JSONL dataset to read.
    public var input: String
    /// Where to write (a path or `-`).
    public var output: String
    /// The operations applied, in order, to make each copy.
    public var operations: [any AugmentOperation]
    /// Copies made per record.
    public var factor: Int
    /// The seed: the same seed and input give the same copies.
    public var seed: UInt64
    /// Write only the copies, not the originals.
    public var onlyNew: Bool

    /// Makes options.
    public init(input: String, output: String, operations: [any AugmentOperation], factor: Int, seed: UInt64, onlyNew: Bool) {
        self.input = input
        self.output = output
        self.operations = operations
        self.factor = factor
        self.seed = seed
        self.onlyNew = onlyNew
    }
}

/// What an augmentation run did.
public struct AugmentSummary: Sendable, Equatable {
    /// Records read.
    public var records = 0
    /// Originals written (0 with `onlyNew`).
    public var originals = 0
    /// Copies written.
    public var copies = 0
    /// Copies not written because the operations left the record as it was (no words they could change).
    public var unchanged = 0
    /// Copies not written because every try broke the record's shape (say, made chosen and rejected equal).
    public var invalid = 0
}

/// Makes augmented copies of a dataset's records, offline and deterministically.
public enum Augmentation {
    /// How often a copy that breaks its record's shape is drawn again before it is given up.
    static let tries = 3

    /// Reads `options.input` and writes the originals (unless `onlyNew`) each followed by its copies.
    ///
    /// A line that is not a record stops the run with an error naming the line; nothing is written then.
    /// `progress` gets the records read, the bytes read and the file's size (nil for a pipe).
    public static func run(_ options: AugmentOptions, progress: (Int, Int, Int?) -> Void = { _, _, _ in }) async throws -> AugmentSummary {
        guard options.factor >= 1 else { throw SynthError(.invalidArgument, "--factor must be at least 1, got \(options.factor)") }
        guard !options.operations.isEmpty else { throw SynthError(.invalidArgument, "give at least one operation with --ops") }
        var reader = try JSONLReader(path: options.input)
        var sink = try FileSink(target: options.output, encoder: JSONLEncoder())
        var summary = AugmentSummary()
        var ids = Set<String>()
        do {
            while true {
                let lines = reader.nextLines(256)
                if lines.isEmpty { break }
                for line in lines where !line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    try await augment(line, options, &sink, &summary, &ids)
                }
                progress(summary.records, reader.bytesRead, reader.size)
            }
            try sink.commit()
        } catch {
            sink.discard()
            throw error
        }
        return summary
    }

    /// Reads one line and writes it and its copies.
    private static func augment(
        _ line: JSONLReader.Line, _ options: AugmentOptions, _ sink: inout FileSink, _ summary: inout AugmentSummary,
        _ ids: inout Set<String>
    ) async throws {
        let object: Fields
        switch JSONLReader.parse(line) {
        case .success(let parsed): object = parsed
        case .failure(let skipped): throw problem(options.input, line.number, skipped.reason)
        }
        let record: Record
        switch RecordDecoder.record(from: object, line: line.number) {
        case .success(let decoded): record = decoded
        case .failure(let failure): throw problem(options.input, line.number, failure.reason)
        }
        summary.records += 1
        if !options.onlyNew {
            try sink.write(line: JSONWriter.string(.object(object)))
            summary.originals += 1
        }
        ids.insert(record.id)
        for copy in 1...options.factor {
            switch try await augment(record, copy: copy, operations: options.operations, seed: options.seed) {
            case .unchanged: summary.unchanged += 1
            case .invalid: summary.invalid += 1
            case .changed(let augmented):
                var id = "\(record.id)-aug\(copy)"
                while ids.contains(id) { id += "x" }
                ids.insert(id)
                try sink.write(line: JSONWriter.string(.object(copyObject(object, augmented, id: id, operations: options.operations))))
                summary.copies += 1
            }
        }
    }

    /// What one copy came to.
    public enum Copy: Sendable, Equatable {
        /// A changed record that still satisfies its shape.
        case changed(Record)
        /// The operations changed nothing.
        case unchanged
        /// Every try broke the shape.
        case invalid
    }

    /// Copy number `copy` of `record`: the operations applied in order, with randomness drawn from the seed, the
    /// record's id and the copy number only, so a record's copies do not depend on the rest of the file.
    public static func augment(_ record: Record, copy: Int, operations: [any AugmentOperation], seed: UInt64) async throws -> Copy {
        for attempt in 0..<tries {
            var random = SeededRandom(seed: SplitMix64.derive(seed, stableHash(record.id), UInt64(copy), UInt64(attempt)))
            var augmented = record
            for operation in operations { augmented = try await operation.augment(augmented, random: &random) }
            if augmented.fields == record.fields { return .unchanged }
            if record.shape.violation(in: augmented.fields) == nil { return .changed(augmented) }
        }
        return .invalid
    }

    /// The original line's object with the copy's fields, its id, and provenance saying where it came from.
    private static func copyObject(_ original: Fields, _ copy: Record, id: String, operations: [any AugmentOperation]) -> Fields {
        // The id first and provenance last, as in every SynthForge line; other fields of the line are kept.
        var object: Fields = ["id": .string(id)]
        for (key, value) in original where key != "id" && key != "provenance" { object[key] = copy.fields[key] ?? value }
        for (key, value) in copy.fields where object[key] == nil { object[key] = value }
        var provenance = original["provenance"]?.objectValue ?? Fields()
        provenance["augmented_from"] = .string(copy.id)
        provenance["augment_ops"] = .array(operations.map { .string($0.name) })
        object["provenance"] = .object(provenance)
        return object
    }

    private static func problem(_ file: String, _ line: Int, _ reason: String) -> SynthError {
        SynthError(.invalidArgument, "\(file) line \(line): \(reason); fix or remove the line and run again")
    }
}
