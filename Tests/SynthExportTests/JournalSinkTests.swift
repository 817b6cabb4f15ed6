import Foundation
import SynthCore
import SynthExport
import SynthTesting
import Testing

/// A source whose shards from `stopAt` on throw `error` (a spent budget, say), or wait until cancelled.
private struct StoppingSource: RecordSource {
    var stopAt: Int?
    var error = SynthError(.budget, "the budget of $0.50 is spent")
    var hangsFrom: Int?

    func records(for shard: Shard) async throws -> [Record] {
        if let stopAt, shard.index >= stopAt { throw error }
        // A stop request cancels this wait; if it did not, the shards would finish and the run would not be partial.
        if let hangsFrom, shard.index >= hangsFrom { try await Task.sleep(for: .seconds(3600)) }
        return (0..<shard.size).map { j in
            Record(
                id: "r\(shard.position(of: j))", shape: .document, fields: ["text": .string("text number \(shard.position(of: j))")],
                provenance: Provenance(
                    source: "scripted", domain: "test", task: "test", generatorVersion: "1", seed: 1, shard: shard.index,
                    index: shard.position(of: j)))
        }
    }
}

@Suite struct JournalSinkTests {
    private func pipeline(_ source: StoppingSource, count: Int = 50, concurrency: Int = 3) -> Pipeline {
        Pipeline(
            plan: Plan(spec: GenerationSpec(domain: "test", task: "test", count: count, shardSize: 5)), source: source,
            streamStages: [], concurrency: concurrency)
    }

    private func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func aSpentBudgetKeepsEveryRecordBeforeItAndResumingFinishesWithoutLossOrDuplicates() async throws {
        let folder = try Processes.temporaryFolder()
        let out = folder + "/out.jsonl"
        var sink = try JournalSink(target: out)
        let stopped = try await pipeline(StoppingSource(stopAt: 4)).run(into: &sink)
        #expect(stopped.isPartial)
        #expect(stopped.stopReason == "the budget of $0.50 is spent")
        #expect(stopped.written == 20)
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try lines(out + ".partial").count == 20)

        var again = try JournalSink(target: out)
        #expect(again.resumed == 20)
        let finished = try await pipeline(StoppingSource()).run(into: &again)
        #expect(!finished.isPartial)
        #expect(!FileManager.default.fileExists(atPath: out + ".partial"))
        let ids = try lines(out).map { line -> String in
            guard case .object(let fields) = try JSONParser.parse(Array(line.utf8)) else { return "" }
            return fields["id"]?.stringValue ?? ""
        }
        #expect(ids == (0..<50).map { "r\($0)" })

        // The resumed file is byte for byte what one uninterrupted run writes.
        var whole = try JournalSink(target: folder + "/whole.jsonl")
        _ = try await pipeline(StoppingSource()).run(into: &whole)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == String(contentsOfFile: folder + "/whole.jsonl", encoding: .utf8))
    }

    @Test func aLineTornByAKillIsCutOffAndWrittenAgain() async throws {
        let folder = try Processes.temporaryFolder()
        let out = folder + "/out.jsonl"
        var sink = try JournalSink(target: out)
        _ = try await pipeline(StoppingSource(stopAt: 2)).run(into: &sink)
        let handle = try #require(FileHandle(forWritingAtPath: out + ".partial"))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"id":"r10","text":"half a li"#.utf8))
        try handle.close()

        var resumed = try JournalSink(target: out)
        #expect(resumed.resumed == 10)
        _ = try await pipeline(StoppingSource(), count: 15).run(into: &resumed)
        #expect(try lines(out).count == 15)
        #expect(try lines(out).allSatisfy { line in (try? JSONParser.parse(Array(line.utf8))) != nil })
    }

    @Test func aStopRequestEndsARunWhoseShardsAreWaitingAndKeepsWhatWasWritten() async throws {
        let folder = try Processes.temporaryFolder()
        let out = folder + "/out.jsonl"
        var sink = try JournalSink(target: out)
        let stop = StopRequest()
        let summary = try await pipeline(StoppingSource(hangsFrom: 3), concurrency: 2).run(into: &sink, stop: stop) { progress in
            if progress.written == 15 { stop.stop("interrupted (Ctrl-C)") }
        }
        #expect(summary.stopReason == "interrupted (Ctrl-C)")
        #expect(summary.written == 15)
        #expect(try lines(out + ".partial").count == 15)
    }

    @Test func aJournalFromAnotherRunIsRefusedRatherThanMixedIn() async throws {
        let folder = try Processes.temporaryFolder()
        let out = folder + "/out.jsonl"
        try Data(#"{"id":"someone-else","text":"x"}"#.utf8 + [0x0a]).write(to: URL(fileURLWithPath: out + ".partial"))
        var sink = try JournalSink(target: out)
        await #expect {
            _ = try await pipeline(StoppingSource(), count: 10).run(into: &sink)
        } throws: { error in
            (error as? SynthError)?.code == .conflict && "\(error)".contains("someone-else")
        }
        // What was there is kept, untouched.
        #expect(try lines(out + ".partial") == [#"{"id":"someone-else","text":"x"}"#])
    }

    @Test func aSinkThatCannotKeepPartsDiscardsTheOutputWhenTheRunStops() async throws {
        var sink = MemorySink()
        await #expect {
            _ = try await pipeline(StoppingSource(stopAt: 1)).run(into: &sink)
        } throws: { error in
            (error as? SynthError)?.code == .cancelled && "\(error)".contains("stopped after 5 of 50 records")
        }
        #expect(sink.discarded)
    }
}
