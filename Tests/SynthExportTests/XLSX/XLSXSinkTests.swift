import Foundation
import SynthCore
import SynthExport
import SynthTesting
import Testing

@Suite struct XLSXSinkTests {
    @Test func openpyxlReadsEveryCellBackAndLongCellsAreCutWithANote() throws {
        let folder = try Processes.temporaryFolder()
        let target = folder + "/t.xlsx"
        let tricky = "a < b & c > d\r\nline\ttab \u{1} control, 😀 emoji "
        let long = String(repeating: "é", count: 40_000)
        var sink = try XLSXSink(target: target)
        for (i, text) in [tricky, long].enumerated() {
            try sink.write(
                Record(
                    id: "r\(i)", shape: .classification, fields: ["text": .string(text), "label": .string("x")],
                    provenance: Provenance(source: "s", domain: "d", task: "t", generatorVersion: "1", seed: 3, shard: 0, index: i)))
        }
        #expect(!FileManager.default.fileExists(atPath: target))
        try sink.commit()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["t.xlsx"])
        #expect(
            sink.notes == [
                "\(target): 1 cell was longer than Excel's 32,767-character limit and cut to it (first: record r1, column text); the jsonl and csv exports keep the full text"
            ])
        let read = try Processes.python(
            """
            import json, sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1]).active
            rows = [[c.value for c in row] for row in ws.iter_rows()]
            print(json.dumps([rows[0], rows[1][:3], len(rows[2][1]), rows[1][10], ws.freeze_panes, ws["A1"].font.b]))
            """, [target])
        let expected = """
            [["id", "text", "label", "metadata", "source", "domain", "task", "version", "seed", "shard", "index"], \
            ["r0", "a < b & c > d\\r\\nline\\ttab _x0001_ control, \\ud83d\\ude00 emoji ", "x"], 32767, 0, "A2", true]

            """
        #expect(read == expected)
    }

    @Test func anEmptyExportIsAValidWorkbook() throws {
        let target = try Processes.temporaryFolder() + "/empty.xlsx"
        var sink = try XLSXSink(target: target)
        try sink.commit()
        let read = try Processes.python("import sys, openpyxl; print(openpyxl.load_workbook(sys.argv[1]).active.max_row)", [target])
        #expect(read == "1\n")
    }
}
