import Foundation
import SynthCore

/// Where a durable run keeps what it needs to resume: its state and the model's answers.
///
/// A run's id comes from what decides its records (domain, task, count, seed, shard size, output,
/// provider, model, templates, recipe), not from its limits, so rerunning the same command, or the same
/// command with a larger `--max-cost`, continues the same run. The folder holds `run.json` (the
/// command, status, counts and spend) and `responses.jsonl` (the response cache that makes the replay of
/// an interrupted run free).
public struct RunFolder: Sendable {
    /// The run's id: 12 hex digits.
    public let id: String
    /// The folder's path.
    public let path: String

    /// The default folder that holds runs, relative to the working directory.
    public static let defaultRoot = ".synthforge/runs"

    /// The folder of run `id` under `root`.
    public init(id: String, root: String = RunFolder.defaultRoot) {
        self.id = id
        path = (root as NSString).appendingPathComponent(id)
    }

    /// The folder of the run `spec` describes.
    public init(for spec: GenerationSpec, root: String = RunFolder.defaultRoot) {
        self.init(id: Self.id(for: spec), root: root)
    }

    /// The id of the run `spec` describes.
    public static func id(for spec: GenerationSpec) -> String {
        var parts = [spec.domain, spec.task, String(spec.count), String(spec.seed), String(spec.shardSize), spec.out]
        if let llm = spec.llm {
            parts += [llm.provider, llm.model ?? "", llm.baseURL ?? "", llm.recipe ?? "", llm.judge ?? ""]
            parts += llm.templates + llm.split.map(String.init)
        }
        let text = parts.joined(separator: "\u{1F}")
        let hash = SplitMix64.derive(stableHash(text), UInt64(parts.count))
        return String(String(hash, radix: 16).leftPadded(to: 16).prefix(12))
    }

    /// The response cache's file.
    public var responses: String { (path as NSString).appendingPathComponent("responses.jsonl") }
    /// The state file.
    public var stateFile: String { (path as NSString).appendingPathComponent("run.json") }

    /// Makes the folder if it is not there.
    public func create() throws(SynthError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw SynthError(.io, "cannot make the run folder '\(path)': \(error.localizedDescription)")
        }
    }

    /// The run's saved state, or nil for a run that has not started.
    public func state() throws(SynthError) -> RunState? {
        guard let data = FileManager.default.contents(atPath: stateFile) else { return nil }
        guard case .object(let fields)? = try? JSONParser.parse([UInt8](data)), let state = RunState(fields) else {
            throw SynthError(.io, "'\(stateFile)' is not a run state SynthForge wrote; remove the folder '\(path)' to start afresh")
        }
        return state
    }

    /// Saves `state`, atomically: a kill leaves the old state or the new one, never half of each.
    public func save(_ state: RunState) throws(SynthError) {
        try create()
        let temporary = stateFile + ".tmp"
        let text = JSONWriter.string(.object(state.fields)) + "\n"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)), rename(temporary, stateFile) == 0 else {
            throw SynthError(.io, "cannot save the run state to '\(stateFile)'")
        }
    }
}

/// What a durable run has done so far, as `run.json` keeps it.
public struct RunState: Sendable, Equatable {
    /// Where a run is.
    public enum Status: String, Sendable {
        /// Running now, or killed without a chance to say so.
        case running
        /// Stopped early (Ctrl-C, a spent budget); rerun to continue.
        case partial
        /// Failed (a provider that refuses, a bad template); rerun to continue once fixed.
        case failed
        /// Finished: every record asked for is in the output.
        case complete
    }

    /// The run's id.
    public var id: String
    /// The command-line arguments that started it, to resume it by id.
    public var arguments: [String]
    /// Where it is.
    public var status: Status
    /// Why it stopped or failed, if it did.
    public var reason: String?
    /// The output file.
    public var output: String
    /// Records in the output (or its `.partial` file).
    public var written: Int
    /// Records asked for.
    public var target: Int
    /// Tokens used, input and output, over every session of the run.
    public var tokens: Int
    /// Dollars spent over every session of the run.
    public var cost: Double

    /// Makes a state.
    public init(
        id: String, arguments: [String], status: Status, reason: String? = nil, output: String, written: Int, target: Int,
        tokens: Int = 0, cost: Double = 0
    ) {
        self.id = id
        self.arguments = arguments
        self.status = status
        self.reason = reason
        self.output = output
        self.written = written
        self.target = target
        self.tokens = tokens
        self.cost = cost
    }

    init?(_ fields: Fields) {
        guard let id = fields["id"]?.stringValue, let arguments = fields["arguments"]?.arrayValue?.compactMap(\.stringValue),
            let status = fields["status"]?.stringValue.flatMap(Status.init(rawValue:)), let output = fields["output"]?.stringValue,
            case .int(let written)? = fields["written"], case .int(let target)? = fields["target"]
        else { return nil }
        var tokens = 0
        if case .int(let n)? = fields["tokens"] { tokens = n }
        self.init(
            id: id, arguments: arguments, status: status, reason: fields["reason"]?.stringValue, output: output, written: written,
            target: target, tokens: tokens, cost: fields["cost_usd"]?.doubleValue ?? 0)
    }

    var fields: Fields {
        var f: Fields = [
            "id": .string(id), "arguments": .array(arguments.map { .string($0) }), "status": .string(status.rawValue),
            "output": .string(output), "written": .int(written), "target": .int(target), "tokens": .int(tokens), "cost_usd": .double(cost),
        ]
        if let reason { f["reason"] = .string(reason) }
        return f
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
