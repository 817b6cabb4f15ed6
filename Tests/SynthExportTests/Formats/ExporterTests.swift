import Foundation
import SynthCore
import SynthExport
import SynthTesting
import Testing

@Suite struct ExporterTests {
    static func record(_ i: Int, shape: TaskShape = .classification) -> Record {
        let fields: Fields
        switch shape {
        case .conversation:
            fields = [
                "messages": .array([
                    .object(["role": .string("system"), "content": .string("Be brief.")]),
                    .object(["role": .string("user"), "content": .string("Question \(i)?")]),
                    .object(["role": .string("assistant"), "content": .string("Answer \(i).")]),
                ]),
                "metadata": .object(["topic": .string("t")]),
            ]
        case .ner:
            fields = [
                "text": .string("Ada lives in Paris."),
                "entities": .array([.object(["start": .int(0), "end": .int(3), "type": .string("PERSON"), "text": .string("Ada")])]),
                "metadata": .object([:]),
            ]
        default:
            fields = [
                "text": .string("Text \(i), \"quoted\"\nsecond line ünïcode"), "label": .string(i % 3 == 0 ? "rare" : "common"),
                "metadata": .object(["n": .int(i), "score": .double(0.5)]),
            ]
        }
        return Record(
            id: "r\(i)", shape: shape, fields: fields,
            provenance: Provenance(
                source: "builtin", domain: "d", task: "t", generatorVersion: "1.0", seed: 7, shard: i / 10, index: i,
                extra: ["quality": .double(0.75)]))
    }

    /// A JSONL file of `records` as generate writes them, with `extra` lines appended.
    static func file(_ records: [Record], extra: String = "") throws -> String {
        var bytes: [UInt8] = []
        for record in records { JSONLEncoder().append(record, to: &bytes) }
        let path = try Processes.temporaryFolder() + "/in.jsonl"
        try (Data(bytes) + Data(extra.utf8)).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The records of a JSONL file, read back.
    static func readBack(_ path: String) throws -> [Record] {
        var records: [Record] = []
        _ = try JSONLInput(path: path).read { _, record in
            records.append(record)
            return true
        }
        return records
    }

    @Test func jsonlExportReadsBackAsTheSameRecords() throws {
        let records = (0..<30).map { Self.record($0) } + [Self.record(30, shape: .conversation), Self.record(31, shape: .ner)]
        let out = try Processes.temporaryFolder() + "/out.jsonl"
        let summary = try Exporter.run(ExportRequest(format: .named("jsonl"), out: out), input: JSONLInput(path: Self.file(records)))
        #expect(summary.total == 32)
        #expect(try Self.readBack(out) == records)
    }

    @Test func badLinesAreSkippedWithTheirNumbers() throws {
        let input = try Self.file([Self.record(0)], extra: "not json\n{\"text\": \"\"}\n\n{\"id\": \"x\"}\n")
        let out = try Processes.temporaryFolder() + "/out.jsonl"
        let summary = try Exporter.run(ExportRequest(format: .named("jsonl"), out: out), input: JSONLInput(path: input))
        #expect(summary.total == 1)
        #expect(summary.skipped.map(\.line) == [2, 3, 4, 5])
        #expect(summary.skipped[1].reason == "not a valid document record: field 'text' is empty")
        #expect(summary.skipped[3].reason == "no record shape found (no provenance.shape and no known fields)")
        #expect(summary.text.contains("Skipped 4 lines:\n  line 2: not JSON"))
    }

    @Test func aShapeTheFormatCannotHoldFailsNamingBothAndLeavesNoFile() throws {
        let folder = try Processes.temporaryFolder()
        let input = try Self.file([Self.record(0, shape: .conversation), Self.record(1, shape: .ner)])
        #expect(
            throws: SynthError(
                .invalidArgument,
                "line 2 is a ner record, and the ner shape has no alpaca form: alpaca takes instruction, conversation, qa and preference records"
            )
        ) {
            try Exporter.run(ExportRequest(format: .named("alpaca"), out: folder + "/a.json"), input: JSONLInput(path: input))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func tablesTakeOneShapePerFile() throws {
        let input = try Self.file([Self.record(0), Self.record(1, shape: .ner)])
        let out = try Processes.temporaryFolder() + "/t.csv"
        #expect(
            throws: SynthError(
                .invalidArgument,
                "line 2 is a ner record, but earlier records are classification: csv takes one shape per file, as its columns come from the shape"
            )
        ) { try Exporter.run(ExportRequest(format: .named("csv"), out: out), input: JSONLInput(path: input)) }
    }

    @Test func conversationsWithoutAReplyAreSkippedForChatFormats() throws {
        var lonely = Self.record(1, shape: .conversation)
        lonely.fields["messages"] = .array([.object(["role": .string("user"), "content": .string("Hello?")])])
        let input = try Self.file([Self.record(0, shape: .conversation), lonely])
        let out = try Processes.temporaryFolder() + "/chat.jsonl"
        let summary = try Exporter.run(ExportRequest(format: .named("openai-chat"), out: out), input: JSONLInput(path: input))
        #expect(summary.total == 1)
        #expect(summary.skipped.map(\.reason) == ["cannot be written as openai-chat: the conversation has no assistant message"])
    }

    @Test func markdownWritesTheFirstHundredByDefaultAndLimitOverrides() throws {
        let input = try Self.file((0..<150).map { Self.record($0) })
        let folder = try Processes.temporaryFolder()
        let all = try Exporter.run(ExportRequest(format: .named("markdown"), out: folder + "/a.md"), input: JSONLInput(path: input))
        #expect(all.total == 100)
        let few = try Exporter.run(
            ExportRequest(format: .named("markdown"), out: folder + "/b.md", limit: 2), input: JSONLInput(path: input))
        #expect(few.total == 2)
        let text = try String(contentsOfFile: folder + "/b.md", encoding: .utf8)
        #expect(
            text.hasPrefix(
                "# Records\n\n## r0\n\n*classification · builtin · d · t · seed 7 · index 0*\n\n### text\n\n> Text 0, \"quoted\"\n> second line ünïcode\n"
            ))
        #expect(text.contains("\n## r1\n"))
        #expect(!text.contains("\n## r2\n"))
    }

    @Test func splitsAreDisjointCompleteStratifiedAndRepeatable() throws {
        let records = (0..<100).map { Self.record($0) }
        let input = try Self.file(records)
        let folder = try Processes.temporaryFolder()
        func run(_ out: String, seed: UInt64) throws -> ExportSummary {
            try Exporter.run(
                ExportRequest(
                    format: .named("jsonl"), out: folder + out, split: SplitSpec(parsing: "train=0.8,validation=0.1,test=0.1"),
                    stratify: "label", seed: seed), input: JSONLInput(path: input))
        }
        let summary = try run("/a", seed: 1)
        let splits = try ["train", "validation", "test"].map { try Self.readBack(folder + "/a/\($0).jsonl") }
        #expect(summary.written.map(\.count) == splits.map(\.count))
        #expect(Set(splits.joined().map(\.id)) == Set(records.map(\.id)))
        #expect(splits.map(\.count).reduce(0, +) == 100)
        // 34 rare and 66 common records: each label is split in its own proportion.
        for label in ["rare", "common"] {
            let n = records.filter { $0.fields["label"] == .string(label) }.count
            let counts = splits.map { split in split.filter { $0.fields["label"] == .string(label) }.count }
            #expect(counts == (try SplitSpec(parsing: "train=0.8,validation=0.1,test=0.1")).counts(of: n), "\(label)")
        }
        _ = try run("/b", seed: 1)
        _ = try run("/c", seed: 2)
        let first = try Data(contentsOf: URL(fileURLWithPath: folder + "/a/test.jsonl"))
        #expect(first == (try Data(contentsOf: URL(fileURLWithPath: folder + "/b/test.jsonl"))))
        #expect(first != (try Data(contentsOf: URL(fileURLWithPath: folder + "/c/test.jsonl"))))
    }

    @Test func stratifyingByAFieldNoRecordHasFails() throws {
        let input = try Self.file([Self.record(0)])
        let out = try Processes.temporaryFolder() + "/s"
        #expect(throws: SynthError(.invalidArgument, "--stratify colour: no record has a field 'colour' (in its fields or provenance)")) {
            try Exporter.run(
                ExportRequest(format: .named("jsonl"), out: out, split: SplitSpec(parsing: "train=0.5,test=0.5"), stratify: "colour"),
                input: JSONLInput(path: input))
        }
    }
}
