import Foundation
import PropertyBased
import SynthCore
import SynthExport
import SynthTesting
import Testing

@Suite struct JSONParserTests {
    @Test func whatTheWriterWritesTheParserReadsBack() async {
        await propertyCheck(
            input: Gen.letterOrNumber.string(of: 0...10).array(of: 0...5), Gen.int(in: -99...99), Gen.double(in: -1e9...1e9)
        ) { keys, n, d in
            var fields = Fields()
            for (i, key) in keys.enumerated() {
                fields[key] = i % 2 == 0 ? .string(key + "é🧪\"\\\n\u{01}") : .array([.int(n), .double(d), .null])
            }
            let value = Value.object([
                "nested": .object(fields), "flag": .bool(n > 0), "n": .int(n), "whole": .double(Double(n)), "tiny": .double(d * 1e-12),
            ])
            var bytes: [UInt8] = []
            JSONWriter.append(value, to: &bytes)
            #expect((try? JSONParser.parse(bytes)) == value)
        }
    }

    @Test func readsWhatPythonWrites() throws {
        let text = try Processes.python(
            #"import json; print(json.dumps({"z": [1, 2.5, True, None], "a": "caf\u00e9 \ud83e\uddea \"q\"", "e": {}}))"#)
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(
            value
                == .object([
                    "z": .array([.int(1), .double(2.5), .bool(true), .null]), "a": .string("café 🧪 \"q\""), "e": .object([:]),
                ]))
    }

    @Test(arguments: [
        ("{\"a\": }", "column 7: expected a JSON value, found '}'"), ("{\"a\" 1}", "column 6: expected ':' after a key"),
        ("[1, 2", "column 6: unexpected end of line inside an array"), ("\"abc", "column 5: unterminated string"),
        ("{} x", "column 4: unexpected text after the JSON value"), ("01x", "column 3: unexpected text after the JSON value"),
        ("nope", "column 1: expected a JSON value"), ("[\"ok\", \"a\u{01}b\"]", "column 10: control character inside a string"),
    ])
    func errorsGiveTheColumn(text: String, message: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(text.utf8)) }
        do {
            _ = try JSONParser.parse(Array(text.utf8))
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func jsonlReaderSkipsBadLinesWithTheirNumbers() throws {
        let path = try Processes.temporaryFolder() + "/mixed.jsonl"
        var data = Data("{\"text\":\"one\"}\nnot json\n\n[1]\n".utf8)
        data.append(contentsOf: [0xFF, 0xFE, 0x0A])
        data.append(Data("{\"text\":\"two\"}".utf8))  // no final newline
        try data.write(to: URL(fileURLWithPath: path))
        var reader = try JSONLReader(path: path)
        var lines: [Int] = []
        while let (line, _) = reader.next() { lines.append(line) }
        #expect(lines == [1, 6])
        #expect(reader.skipped.map(\.line) == [2, 3, 4, 5])
        #expect(
            reader.skipped.map(\.reason) == [
                "not JSON (column 1: expected a JSON value)", "empty line", "not a JSON object", "not valid UTF-8",
            ])

        // Read as raw lines in batches and parsed one by one (as validate does on several cores): the same.
        var batches = try JSONLReader(path: path)
        var parsed: [Result<Fields, JSONLReader.SkippedLine>] = []
        while case let lines = batches.nextLines(4), !lines.isEmpty { parsed += lines.map(JSONLReader.parse) }
        #expect(parsed.count == 6)
        #expect(parsed.compactMap { try? $0.get() } == [["text": .string("one")], ["text": .string("two")]])
        #expect(parsed.compactMap { if case .failure(let skip) = $0 { skip } else { nil } } == reader.skipped)
    }
}
