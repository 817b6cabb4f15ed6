import Foundation
import SynthCore
import SynthExport
import SynthTesting

/// Records of every task shape, with Unicode, empty strings and nulls where a shape allows them.
enum ParquetFixtures {
    static func provenance(_ shape: TaskShape, _ index: Int) -> Provenance {
        Provenance(
            source: "builtin", domain: "support", task: shape.rawValue, generatorVersion: "1.2", seed: 7, shard: index % 3,
            index: index, extra: ["score": .double(0.5 + Double(index % 4) / 8)])
    }

    /// The `index`th record of `shape`.
    static func record(_ shape: TaskShape, _ index: Int) -> Record {
        let word = ["héllo", "日本語のテキスト", "emoji 🚀 ok", "", "tab\tand \"quotes\"\nnewline"][index % 5]
        let metadata: Value = .object(["lang": .string(index % 2 == 0 ? "en" : "ja"), "n": .int(index)])
        var fields: Fields
        switch shape {
        case .document:
            fields = ["text": .string("Document \(index): \(word)"), "metadata": metadata]
        case .instruction:
            fields = ["instruction": .string("Do \(index)"), "input": .string(word), "output": .string("Done \(word)")]
            // Every third record lacks input and metadata: they are null in Parquet.
            if index % 3 != 0 { fields["metadata"] = metadata } else { fields["input"] = nil }
        case .conversation:
            var messages: [Value] = [.object(["role": .string("user"), "content": .string("Q\(index) \(word)")])]
            for k in 0..<(index % 4) {
                messages.append(.object(["role": .string(k % 2 == 0 ? "assistant" : "user"), "content": .string("turn \(k) ✓")]))
            }
            fields = ["messages": .array(messages), "metadata": metadata]
        case .classification:
            fields = [
                "text": .string("Text \(index) \(word)"), "label": .string(["billing", "tech", "other"][index % 3]), "metadata": metadata,
            ]
        case .ner:
            let text = "Ana met Bob in Zürich \(index)"
            var entities: [Value] = []
            if index % 3 != 0 {
                entities.append(.object(["start": .int(0), "end": .int(3), "type": .string("PER"), "text": .string("Ana")]))
                entities.append(.object(["start": .int(15), "end": .int(21), "type": .string("LOC"), "text": .string("Zürich")]))
            }
            fields = ["text": .string(text), "entities": .array(entities), "metadata": metadata]
        case .qa:
            let context = "The answer is \(index) — \(word)"
            fields = [
                "context": .string(context), "question": .string("What is it?"), "answer": .string("\(index)"),
                "answer_start": .int(14), "metadata": metadata,
            ]
        case .preference:
            fields = [
                "prompt": .string("Pick \(index)"), "chosen": .string("Good \(word)"), "rejected": .string("Bad"), "metadata": metadata,
            ]
        }
        return Record(id: "\(shape.rawValue)-\(index)", shape: shape, fields: fields, provenance: provenance(shape, index))
    }

    /// Writes `records` as JSONL to `path` with the project's JSONL encoder.
    static func writeJSONL(_ records: [Record], to path: String) throws {
        var bytes: [UInt8] = []
        for record in records { JSONLEncoder().append(record, to: &bytes) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Python that checks a Parquet table's rows against JSONL lines: JSON-text columns are parsed,
    /// missing fields are null. Defines `compare(rows, jsonl_path) -> list of mismatch strings`.
    static let comparePython = """
        import json
        def compare(rows, jsonl_path):
            bad = []
            lines = [json.loads(l) for l in open(jsonl_path, encoding='utf-8')]
            if len(lines) != len(rows):
                return ['row count %d != %d' % (len(rows), len(lines))]
            for row, line in zip(rows, lines):
                got = dict(row)
                for key in ('metadata', 'provenance'):
                    if got.get(key) is not None:
                        got[key] = json.loads(got[key])
                want = {k: line.get(k) for k in got}
                if got != want:
                    bad.append('%r != %r' % (got, want))
                extra = set(line) - set(got)
                if extra:
                    bad.append('columns missing: %r' % extra)
            return bad[:3]
        """
}
