import SynthCore
import SynthTesting
import Testing

/// Drops records whose text was seen before (a minimal stream stage for these tests).
private struct DropRepeats: StreamStage {
    let name = "drop-repeats"
    var seen: Set<String> = []
    mutating func process(_ record: inout Record) -> Verdict {
        seen.insert(record.fields["text"]!.stringValue!).inserted ? .keep : .drop(reason: "repeat")
    }
    func report() -> StageReport { StageReport(stage: name, figures: [("seen", Double(seen.count))]) }
}

/// Drops records whose text contains "bad" (a minimal record stage).
private struct DropBad: RecordStage {
    let name = "drop-bad"
    func process(_ record: inout Record) -> Verdict {
        record.fields["text"]!.stringValue!.contains("bad") ? .drop(reason: "bad") : .keep
    }
}

@Suite struct PipelineTests {
    private func spec(count: Int, shardSize: Int = 10) -> GenerationSpec {
        GenerationSpec(domain: "test", task: "test", count: count, seed: 1, shardSize: shardSize)
    }

    @Test func writesExactlyTheCountInPlanOrderAndCommits() async throws {
        let pipeline = Pipeline(plan: Plan(spec: spec(count: 35)), source: ScriptedSource { "r\($0)-\($1)" })
        var sink = MemorySink()
        let summary = try await pipeline.run(into: &sink)
        #expect(sink.records.count == 35)
        #expect(sink.committed)
        #expect(sink.records.first?.id == "0-0")
        #expect(sink.records.last?.id == "3-4")
        #expect(summary.written == 35 && summary.generated == 35)
    }

    @Test func outputDoesNotDependOnConcurrency() async throws {
        var outputs: [[String]] = []
        for workers in [1, 2, 7] {
            let pipeline = Pipeline(
                plan: Plan(spec: spec(count: 140, shardSize: 7)),
                // A scattered cycle of 150 texts: repeats start early, and 140 distinct exist.
                source: ScriptedSource { "t\(((($0 * 7 + $1) * 7919) % 211) % 150)" },
                streamStages: [DropRepeats()], concurrency: workers)
            var sink = MemorySink()
            let summary = try await pipeline.run(into: &sink)
            #expect(summary.drops["repeat", default: 0] > 0)
            outputs.append(sink.records.map(\.id))
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] == outputs[2])
    }

    @Test func droppedRecordsAreToppedUpFromLaterShards() async throws {
        // Every third record is bad: the run needs shards beyond the plan to reach the count.
        let pipeline = Pipeline(
            plan: Plan(spec: spec(count: 30)), source: ScriptedSource { $1 % 3 == 0 ? "bad" : "ok \($0) \($1)" },
            recordStages: [DropBad()])
        var sink = MemorySink()
        let summary = try await pipeline.run(into: &sink)
        #expect(sink.records.count == 30)
        #expect(sink.records.allSatisfy { !$0.fields["text"]!.stringValue!.contains("bad") })
        #expect(summary.drops["bad"] == summary.generated - 30)
        #expect(summary.shards > 3)
    }

    @Test func aSourceThatCannotFillTheCountFailsAndDiscards() async throws {
        let pipeline = Pipeline(
            plan: Plan(spec: spec(count: 50)), source: ScriptedSource { _, j in "only \(j % 4)" },
            streamStages: [DropRepeats()])
        var sink = MemorySink()
        await #expect {
            try await pipeline.run(into: &sink)
        } throws: { error in
            let e = error as? SynthError
            return e?.code == .exhausted && e!.message.hasPrefix("only 4 of 50 records survived")
        }
        #expect(sink.discarded && !sink.committed && sink.records.isEmpty)
    }

    @Test func aFailingShardDiscardsTheOutput() async throws {
        let pipeline = Pipeline(plan: Plan(spec: spec(count: 100)), source: ScriptedSource(failOnShard: 4) { "x\($0)-\($1)" })
        var sink = MemorySink()
        await #expect(throws: SynthError(.io, "scripted failure in shard 4")) { try await pipeline.run(into: &sink) }
        #expect(sink.discarded && !sink.committed)
    }

    @Test func progressIsReportedUpToTheTarget() async throws {
        let pipeline = Pipeline(plan: Plan(spec: spec(count: 45)), source: ScriptedSource { "p\($0)-\($1)" })
        var sink = MemorySink()
        var seen: [Int] = []
        _ = try await pipeline.run(into: &sink) { seen.append($0.written) }
        #expect(seen == [10, 20, 30, 40, 45])
    }
}
