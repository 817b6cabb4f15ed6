import Crypto
import Foundation
import Synchronization
import SynthCore

/// Answers already paid for, kept in an append-only JSONL file so a rerun of the same requests
/// costs nothing.
///
/// Each line maps a key (`ResponseCache.key(provider:request:)`) to a completion. Lookups are
/// answered from memory. New entries are appended in batches and fsynced every `batchSize`
/// entries, `flushInterval` after the first unsaved one, and on `flush()` and `close()`. A process
/// killed mid-write leaves at most a torn last line, which the next `init` drops (truncating
/// the file) while keeping every whole line. Safe to use from many tasks at once.
public final class ResponseCache: Sendable {
    /// The cache file.
    public let path: String
    /// True when opening found a torn last line (a kill mid-write) and cut it off.
    public let truncatedTornLine: Bool
    private let batchSize: Int
    private let flushInterval: Duration
    private let entries: Mutex<[String: Completion]>
    private let pending = Mutex(Pending())
    // Held while writing, so batches reach the file in the order they were taken.
    private let file: Mutex<Int32>

    private struct Pending {
        var bytes: [UInt8] = []
        var count = 0
        var timer: Task<Void, Never>?
        var failure: SynthError?
        var closed = false
    }

    /// Opens (or creates) the cache at `path`, reading every whole line into memory.
    /// - Parameters:
    ///   - batchSize: entries gathered before a write and fsync.
    ///   - flushInterval: the longest an entry waits unsaved.
    public init(path: String, batchSize: Int = 64, flushInterval: Duration = .milliseconds(200)) throws(SynthError) {
        self.path = path
        self.batchSize = max(batchSize, 1)
        self.flushInterval = flushInterval
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SynthError(.io, "cannot create the folder '\(directory)' for the response cache: \(error.localizedDescription)")
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SynthError(.io, "cannot open the response cache '\(path)': \(String(cString: strerror(errno)))") }
        do throws(SynthError) {
            let bytes = try Self.readAll(fd, path: path)
            let (loaded, kept) = try Self.parse(bytes, path: path)
            truncatedTornLine = kept < bytes.count
            if truncatedTornLine, ftruncate(fd, off_t(kept)) != 0 || fsync(fd) != 0 {
                throw SynthError(.io, "cannot cut the torn last line of '\(path)': \(String(cString: strerror(errno)))")
            }
            guard lseek(fd, 0, SEEK_END) >= 0 else {
                throw SynthError(.io, "cannot seek in the response cache '\(path)': \(String(cString: strerror(errno)))")
            }
            entries = Mutex(loaded)
        } catch {
            _ = Foundation.close(fd)
            throw error
        }
        file = Mutex(fd)
    }

    deinit {
        try? close()
    }

    /// How many answers the cache holds.
    public var count: Int { entries.withLock { $0.count } }

    /// The answer stored under `key`, if any.
    public func lookup(_ key: String) -> Completion? {
        entries.withLock { $0[key] }
    }

    /// Stores `completion` under `key` (a key already present keeps its first answer) and writes
    /// it with the next batch.
    public func store(_ completion: Completion, for key: String) throws(SynthError) {
        let added = entries.withLock { entries in
            guard entries[key] == nil else { return false }
            entries[key] = completion
            return true
        }
        guard added else { return }
        var line: [UInt8] = []
        JSONWriter.append(Self.line(key: key, completion: completion), to: &line)
        line.append(0x0A)
        let (full, failure) = pending.withLock { pending -> (Bool, SynthError?) in
            if pending.closed { return (false, SynthError(.io, "the response cache '\(path)' is closed")) }
            pending.bytes.append(contentsOf: line)
            pending.count += 1
            if pending.count == 1, pending.timer == nil, pending.count < batchSize {
                let interval = flushInterval
                pending.timer = Task { [weak self] in
                    guard (try? await Task.sleep(for: interval)) != nil else { return }
                    try? self?.write(fromTimer: true)
                }
            }
            return (pending.count >= batchSize, pending.failure)
        }
        if let failure { throw failure }
        if full { try write(fromTimer: false) }
    }

    /// Writes and fsyncs every entry not yet saved.
    public func flush() throws(SynthError) {
        try write(fromTimer: false)
    }

    /// Flushes and closes the file; lookups still work, stores fail.
    public func close() throws(SynthError) {
        pending.withLock { $0.closed = true }
        defer {
            file.withLock { fd in
                if fd >= 0 { _ = Foundation.close(fd) }
                fd = -1
            }
        }
        try flush()
    }

    /// Writes and fsyncs the unsaved entries; `fromTimer` when the flush timer calls it, which must
    /// not cancel itself.
    private func write(fromTimer: Bool) throws(SynthError) {
        let result = file.withLock { fd -> SynthError? in
            let (bytes, failure, timer) = pending.withLock { pending -> ([UInt8], SynthError?, Task<Void, Never>?) in
                let taken = pending.bytes
                pending.bytes = []
                pending.count = 0
                let timer = fromTimer ? nil : pending.timer
                pending.timer = nil
                return (taken, pending.failure, timer)
            }
            timer?.cancel()
            if let failure { return failure }
            guard !bytes.isEmpty, fd >= 0 else { return nil }
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + offset, $0.count - offset) }
                if n < 0 {
                    if errno == EINTR { continue }
                    return SynthError(.io, "cannot write to the response cache '\(path)': \(String(cString: strerror(errno)))")
                }
                offset += n
            }
            if fsync(fd) != 0 {
                return SynthError(.io, "cannot save the response cache '\(path)': \(String(cString: strerror(errno)))")
            }
            return nil
        }
        if let result {
            pending.withLock { $0.failure = $0.failure ?? result }
            throw result
        }
    }

    /// The key of `request` sent to `provider`: the SHA-256 (hex) of a canonical JSON of the
    /// provider, model, parameters, schema and prompt, so any difference gives another key.
    public static func key(provider: String, request: CompletionRequest) -> String {
        let p = request.parameters
        let prompt: Value
        switch request.prompt {
        case .chat(let messages):
            prompt = .object(["chat": .array(messages.map { .object(["role": .string($0.role), "content": .string($0.content)]) })])
        case .text(let text): prompt = .object(["text": .string(text)])
        }
        let canonical: Value = .object([
            "provider": .string(provider),
            "model": .string(request.model),
            "parameters": .object([
                "temperature": p.temperature.map { .double($0) } ?? .null,
                "top_p": p.topP.map { .double($0) } ?? .null,
                "top_k": p.topK.map { .int($0) } ?? .null,
                "max_tokens": p.maxTokens.map { .int($0) } ?? .null,
                "stop": .array(p.stop.map { .string($0) }),
                "seed": p.seed.map { .string(String($0)) } ?? .null,
            ]),
            "schema": request.schema?.jsonSchema ?? .null,
            "prompt": prompt,
        ])
        var bytes: [UInt8] = []
        JSONWriter.append(canonical, to: &bytes)
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func line(key: String, completion: Completion) -> Value {
        .object([
            "key": .string(key),
            "text": .string(completion.text),
            "usage": .object(["input": .int(completion.usage.input), "output": .int(completion.usage.output)]),
            "finish_reason": completion.finishReason.map { .string($0) } ?? .null,
            "model": .string(completion.model),
            "latency_ms": completion.latency.map { .int(Self.milliseconds($0)) } ?? .null,
        ])
    }

    private static func milliseconds(_ d: Duration) -> Int {
        Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
    }

    private static func readAll(_ fd: Int32, path: String) throws(SynthError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SynthError(.io, "cannot read the response cache '\(path)': \(String(cString: strerror(errno)))")
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    /// The entries of the whole lines of `bytes`, and how many bytes they fill. Only the last
    /// line may be torn (unfinished or unreadable); a bad line before it is an error.
    private static func parse(_ bytes: [UInt8], path: String) throws(SynthError) -> ([String: Completion], Int) {
        var entries: [String: Completion] = [:]
        var start = 0
        var number = 0
        while start < bytes.count {
            number += 1
            let end = bytes[start...].firstIndex(of: 0x0A)
            let lineEnd = end ?? bytes.count
            let completion = entry(bytes[start..<lineEnd])
            let isLast = end == nil || end! + 1 == bytes.count
            guard let completion, end != nil else {
                if isLast { return (entries, start) }
                throw SynthError(
                    .io, "\(path):\(number): not a response cache entry; delete the file to start the cache afresh")
            }
            entries[completion.key] = completion.value
            start = lineEnd + 1
        }
        return (entries, start)
    }

    private static func entry(_ line: ArraySlice<UInt8>) -> (key: String, value: Completion)? {
        guard let object = (try? JSONParser.parse(line))?.objectValue,
            let key = object["key"]?.stringValue, let text = object["text"]?.stringValue,
            let model = object["model"]?.stringValue, let usage = object["usage"]?.objectValue,
            case .int(let input)? = usage["input"], case .int(let output)? = usage["output"]
        else { return nil }
        let finish = object["finish_reason"]?.stringValue
        var latency: Duration?
        if case .int(let ms)? = object["latency_ms"] { latency = .milliseconds(ms) }
        return (
            key,
            Completion(text: text, usage: TokenUsage(input: input, output: output), finishReason: finish, model: model, latency: latency)
        )
    }
}
