import Synchronization

/// The one pipeline behind every front door: plan → source → stages → sink.
///
/// Shards are generated concurrently but consumed strictly in plan order, so output bytes never
/// depend on how many workers ran. When stages drop records, further shards top the run up until
/// `spec.count` records are written.
///
/// A run can stop early and still keep what it made: when a `StopRequest` fires (Ctrl-C), or a
/// source or stage throws a budget or cancellation error, no further shard starts, shards already
/// generated are written in plan order as far as they reach without a gap, and a sink that can keep a
/// partial output (`RecordSink.keepPartial`) keeps it; the summary then says why it stopped.
public struct Pipeline: Sendable {
    /// The plan to run.
    public var plan: Plan
    /// Where records come from.
    public var source: any RecordSource
    /// Per-record stages, run inside shard workers.
    public var recordStages: [any RecordStage]
    /// Whole-stream stages, run in plan order.
    public var streamStages: [any StreamStage]
    /// How many shards may be in flight at once.
    public var concurrency: Int
    /// How many shards past the plan may be spent topping up dropped records before giving up,
    /// as a multiple of the planned shards.
    public var topUpFactor: Int

    /// Makes a pipeline.
    public init(
        plan: Plan, source: any RecordSource, recordStages: [any RecordStage] = [],
        streamStages: [any StreamStage] = [], concurrency: Int = 2, topUpFactor: Int = 2
    ) {
        self.plan = plan
        self.source = source
        self.recordStages = recordStages
        self.streamStages = streamStages
        self.concurrency = max(1, concurrency)
        self.topUpFactor = max(0, topUpFactor)
    }

    /// Runs the plan into `sink`, reporting progress after every shard, and returns what happened.
    ///
    /// Dropped records go to `rejected` with their reason, shard by shard in plan order, when it
    /// is given (they are not kept otherwise). The sink is committed only when all `spec.count` records were
    /// written; on any error it is discarded and the error rethrown.
    public func run(
        into sink: inout some RecordSink, clock: ContinuousClock = ContinuousClock(), stop: StopRequest? = nil,
        progress: (RunProgress) -> Void = { _ in }, rejected: ((Record, String) throws -> Void)? = nil
    ) async throws -> RunSummary {
        let start = clock.now
        do {
            var summary = try await generate(into: &sink, clock: clock, start: start, stop: stop, rejected: rejected, progress: progress)
            if let reason = summary.stopReason {
                guard try sink.keepPartial() else {
                    throw SynthError(.cancelled, "stopped after \(summary.written) of \(summary.spec.count) records: \(reason)")
                }
            } else {
                try sink.commit()
            }
            summary.elapsed = clock.now - start
            return summary
        } catch {
            sink.discard()
            throw error
        }
    }

    private func generate(
        into sink: inout some RecordSink, clock: ContinuousClock, start: ContinuousClock.Instant, stop: StopRequest?,
        rejected: ((Record, String) throws -> Void)?, progress: (RunProgress) -> Void
    ) async throws -> RunSummary {
        let target = plan.spec.count
        let maxShards = plan.plannedShards * (1 + topUpFactor) + 1
        var streamStages = self.streamStages
        var written = 0
        var generated = 0
        var drops: [String: Int] = [:]
        var shardsRun = 0
        var stopReason: String?
        let source = self.source
        let recordStages = self.recordStages
        let keepsDropped = rejected != nil

        try await withThrowingTaskGroup(of: ShardOutput.self) { group in
            var nextShard = 0
            var pending: [Int: ShardOutput] = [:]
            var nextToConsume = 0
            var consumedCut = false
            var inFlight = 0

            func schedule() {
                let shard = plan.shard(nextShard)
                nextShard += 1
                inFlight += 1
                group.addTask {
                    do {
                        return try await Self.run(shard, source: source, recordStages: recordStages, keepsDropped: keepsDropped)
                    } catch {
                        return ShardOutput(index: shard.index, records: [], generated: 0, drops: [], failure: error)
                    }
                }
            }

            for _ in 0..<min(concurrency * 2, plan.plannedShards) { schedule() }
            if let stop {
                // Wakes the loop below when a stop is asked for while every shard is still waiting on its source.
                group.addTask {
                    while stop.reason == nil { try await Task.sleep(for: .milliseconds(50)) }
                    return ShardOutput(index: -1, records: [], generated: 0, drops: [])
                }
            }

            while written < target, inFlight > 0, let output = try await group.next() {
                if output.index >= 0 { inFlight -= 1 }
                if stopReason == nil, let reason = stop?.reason {
                    // Asked to stop now: abandon the shards in flight and keep what is already made.
                    stopReason = reason
                    group.cancelAll()
                }
                guard output.index >= 0 else { continue }
                if let failure = output.failure {
                    guard let reason = Self.stopReason(for: failure) else { throw failure }
                    // A spent budget lets the shards already paid for finish; what follows this one is never written.
                    stopReason = stopReason ?? reason
                }
                pending[output.index] = output
                // A shard cut short by a stop is written as far as it got, and nothing after it; once a stop is
                // asked for (a signal, or the progress callback), no further shard is written, however ready.
                while written < target, !consumedCut, stop?.reason == nil, let ready = pending[nextToConsume],
                    ready.failure == nil || ready.isPrefix
                {
                    pending[nextToConsume] = nil
                    nextToConsume += 1
                    consumedCut = ready.failure != nil
                    shardsRun += 1
                    generated += ready.generated
                    for drop in ready.drops {
                        drops[drop.reason, default: 0] += 1
                        if let record = drop.record { try rejected?(record, drop.reason) }
                    }
                    records: for var record in ready.records {
                        for i in streamStages.indices {
                            if case .drop(let reason) = streamStages[i].process(&record) {
                                drops[reason, default: 0] += 1
                                try rejected?(record, reason)
                                continue records
                            }
                        }
                        try sink.write(record)
                        written += 1
                        if written == target { break }
                    }
                    progress(RunProgress(written: written, target: target, generated: generated, elapsed: clock.now - start))
                }
                if stopReason == nil, let reason = stop?.reason {
                    // Asked to stop while writing (a signal, or the progress callback): no new shard starts.
                    stopReason = reason
                    group.cancelAll()
                }
                guard written < target, stopReason == nil else { continue }
                if nextShard < plan.plannedShards {
                    schedule()
                } else if nextToConsume == nextShard {
                    // Every planned shard is in; top up only what the drops took, a few shards at a time,
                    // so a costly source never runs speculative shards.
                    let shortfall = target - written
                    let wanted = min(concurrency * 2, (shortfall + plan.spec.shardSize - 1) / plan.spec.shardSize)
                    for _ in 0..<wanted where nextShard < maxShards { schedule() }
                }
            }
            group.cancelAll()
            if written < target && stopReason == nil {
                throw SynthError(
                    .exhausted,
                    "only \(written) of \(target) records survived after \(generated) were generated "
                        + "(dropped: \(Self.describe(drops))); ask for fewer records or relax the stages"
                )
            }
        }
        if written == target { stopReason = nil }
        return RunSummary(
            spec: plan.spec, written: written, generated: generated, shards: shardsRun, drops: drops,
            stages: streamStages.map { $0.report() }, elapsed: clock.now - start, stopReason: stopReason
        )
    }

    /// Generates `shard` and passes its records through the record stages.
    private static func run(
        _ shard: Shard, source: any RecordSource, recordStages: [any RecordStage], keepsDropped: Bool
    ) async throws -> ShardOutput {
        try Task.checkCancellation()
        var records: [Record]
        var cut: (any Error)?
        do {
            records = try await source.records(for: shard)
        } catch let short as ShardCutShort {
            guard stopReason(for: short.reason) != nil else { throw short.reason }
            records = short.records
            cut = short.reason
        }
        var drops: [(record: Record?, reason: String)] = []
        var kept: [Record] = []
        kept.reserveCapacity(records.count)
        let generated = records.count
        for i in records.indices {
            var verdict = Verdict.keep
            for stage in recordStages {
                verdict = try await stage.process(&records[i])
                if case .drop = verdict { break }
            }
            switch verdict {
            case .keep: kept.append(records[i])
            case .drop(let reason): drops.append((keepsDropped ? records[i] : nil, reason))
            }
        }
        return ShardOutput(index: shard.index, records: kept, generated: generated, drops: drops, failure: cut, isPrefix: cut != nil)
    }

    /// Why `error` ends the run early but keeps its output (a spent budget, a cancellation), or nil when it is a failure.
    public static func stopReason(for error: any Error) -> String? {
        if error is CancellationError { return "stopped" }
        guard let error = error as? SynthError else { return nil }
        switch error.code {
        case .budget, .cancelled: return error.message
        default: return nil
        }
    }

    static func describe(_ drops: [String: Int]) -> String {
        drops.isEmpty ? "none" : drops.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }
}

private struct ShardOutput: Sendable {
    let index: Int
    let records: [Record]
    let generated: Int
    let drops: [(record: Record?, reason: String)]
    var failure: (any Error)?
    /// True when `records` are the first ones of a shard a stop cut short (`failure` says why).
    var isPrefix = false
}

/// Thrown by a source whose shard a stop cut short (a spent budget, a cancellation): the records it
/// made before the first one it could not make, in order, so the run keeps them.
///
/// A reason that is not a stop (`Pipeline.stopReason(for:)` is nil) fails the run as if thrown alone.
public struct ShardCutShort: Error, Sendable {
    /// The shard's first records, in order.
    public var records: [Record]
    /// Why the next record could not be made.
    public var reason: any Error

    /// Makes the error.
    public init(records: [Record], reason: any Error) {
        self.records = records
        self.reason = reason
    }
}

/// A request to stop a run early, keeping what it made: set from a signal handler or a server's cancel.
public final class StopRequest: Sendable {
    private let state = Mutex<String?>(nil)

    /// Makes a request that has not fired.
    public init() {}

    /// Asks the run to stop, saying why; the first reason given is kept.
    public func stop(_ reason: String) {
        state.withLock { if $0 == nil { $0 = reason } }
    }

    /// Why the run was asked to stop, or nil while it has not been.
    public var reason: String? { state.withLock { $0 } }
}

/// How far a run has got.
public struct RunProgress: Sendable, Equatable {
    /// Records written so far.
    public var written: Int
    /// Records asked for.
    public var target: Int
    /// Records generated so far, kept or not.
    public var generated: Int
    /// Time since the run started.
    public var elapsed: Duration

    /// Makes a progress report.
    public init(written: Int, target: Int, generated: Int, elapsed: Duration) {
        self.written = written
        self.target = target
        self.generated = generated
        self.elapsed = elapsed
    }

    /// The fraction done, 0…1.
    public var fraction: Double { target == 0 ? 1 : Double(written) / Double(target) }
}

/// What a finished run did.
public struct RunSummary: Sendable {
    /// The spec that ran.
    public var spec: GenerationSpec
    /// Records written.
    public var written: Int
    /// Records generated, including those dropped.
    public var generated: Int
    /// Shards consumed.
    public var shards: Int
    /// Dropped records by reason.
    public var drops: [String: Int]
    /// What each stream stage measured.
    public var stages: [StageReport]
    /// Wall time.
    public var elapsed: Duration
    /// Why the run stopped before `spec.count` records (Ctrl-C, a spent budget), or nil when it finished.
    public var stopReason: String?

    /// True when the run stopped early and its output holds fewer records than asked.
    public var isPartial: Bool { stopReason != nil }

    /// Records written per second of wall time.
    public var rate: Double {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return seconds > 0 ? Double(written) / seconds : 0
    }

    /// The report of the stage called `name`.
    public func stage(_ name: String) -> StageReport? { stages.first { $0.stage == name } }
}
