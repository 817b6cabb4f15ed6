import Foundation
import SynthCore
import SynthExport
import SynthTesting
import Testing

@Suite struct FileSinkTests {
    private func record(_ i: Int) -> Record {
        Record(
            id: "r\(i)", shape: .classification, fields: ["text": .string("text, \"quoted\"\nline \(i)"), "label": .string("l")],
            provenance: Provenance(source: "t", domain: "d", task: "t", generatorVersion: "1", seed: 9, shard: 0, index: i))
    }

    @Test func theTargetAppearsOnlyOnCommit() throws {
        let folder = try Processes.temporaryFolder()
        let target = folder + "/out.jsonl"
        var sink = try FileSink(target: target, encoder: JSONLEncoder())
        for i in 0..<3 { try sink.write(record(i)) }
        #expect(!FileManager.default.fileExists(atPath: target))
        try sink.commit()
        let lines = try String(contentsOfFile: target, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.jsonl"])
    }

    @Test func discardLeavesNothingBehind() throws {
        let folder = try Processes.temporaryFolder()
        var sink = try FileSink(target: folder + "/out.csv", encoder: CSVEncoder())
        try sink.write(record(0))
        sink.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func unwritableTargetsFailAtOnceWithThePath() throws {
        #expect(throws: SynthError(.io, "cannot write to '/no/such/folder/x.jsonl': folder '/no/such/folder' does not exist")) {
            try FileSink(target: "/no/such/folder/x.jsonl", encoder: JSONLEncoder())
        }
        let folder = try Processes.temporaryFolder()
        #expect(throws: SynthError(.io, "cannot write to '\(folder)': it is a directory")) {
            try FileSink(target: folder, encoder: JSONLEncoder())
        }
    }

    @Test func csvIsReadBackByPythonsCsvModule() throws {
        let folder = try Processes.temporaryFolder()
        let target = folder + "/out.csv"
        var sink = try FileSink(target: target, encoder: CSVEncoder())
        for i in 0..<5 { try sink.write(record(i)) }
        try sink.commit()
        let out = try Processes.python(
            """
            import csv, sys, json
            rows = list(csv.DictReader(open(sys.argv[1], newline='')))
            print(json.dumps([list(rows[0].keys()), len(rows), rows[4]['text'], rows[4]['seed']]))
            """, [target])
        let parsed = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [Any]
        #expect(parsed[0] as? [String] == CSVEncoder.columns(for: .classification))
        #expect(parsed[1] as? Int == 5)
        #expect(parsed[2] as? String == "text, \"quoted\"\nline 4")
        #expect(parsed[3] as? String == "9")
    }
}

extension FileSinkTests {
    @Test func aPipeIsWrittenInPlaceNotReplaced() throws {
        let folder = try Processes.temporaryFolder()
        let fifo = folder + "/pipe"
        #expect(mkfifo(fifo, 0o644) == 0)
        // A reader on the other end, as `synthforge generate --out pipe | consumer` would have.
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/sh")
        reader.arguments = ["-c", "cat '\(fifo)' > '\(folder)/received'"]
        try reader.run()
        var sink = try FileSink(target: fifo, encoder: JSONLEncoder())
        for i in 0..<4 { try sink.write(record(i)) }
        try sink.commit()
        reader.waitUntilExit()
        var info = stat()
        #expect(stat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        #expect(try String(contentsOfFile: folder + "/received", encoding: .utf8).split(separator: "\n").count == 4)
    }
}
