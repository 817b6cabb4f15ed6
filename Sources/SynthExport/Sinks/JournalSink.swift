import Foundation
import SynthCore

/// Writes JSONL records durably as they arrive, so a killed run loses nothing it had accepted,
/// and picks up where an earlier run of the same plan stopped.
///
/// Records go to `TARGET.partial`, one line each, handed to the kernel at once and made durable
/// with `fsync` every `syncEvery` records or `syncInterval`, whichever comes first. `commit` renames
/// the file to `TARGET`; a run that stops early, or fails, keeps `TARGET.partial`, which never looks
/// complete.
///
/// Resuming: when `TARGET.partial` exists, its complete lines are the records an earlier run of the
/// same plan wrote (a line torn by a kill is cut off). The run replays the plan from the start (its
/// model answers come from the response cache, so the replay costs nothing) and this sink passes
/// over the first records instead of writing them again, checking that each replayed record has the
/// id of the line it stands for: so no record is lost and none is written twice.
public struct JournalSink: RecordSink {
    /// The finished file's path.
    public let target: String
    /// Where records are written until the run finishes.
    public let partialPath: String
    /// Records kept from an earlier run, passed over as the replay reaches them.
    public private(set) var resumed: Int
    /// Records in the journal now: those kept from an earlier run and those written since.
    public private(set) var lines: Int
    private var keptIDs: [String]
    private var replayed = 0
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var unsynced = 0
    private var lastSync = ContinuousClock.now
    private var closed = false
    private let syncEvery: Int
    private let syncInterval: Duration
    private let encoder = JSONLEncoder()

    /// Opens `target`'s journal, resuming it when one is there; `syncEvery` and `syncInterval` batch the fsyncs.
    public init(target: String, syncEvery: Int = 256, syncInterval: Duration = .milliseconds(200)) throws(SynthError) {
        guard target != "-" else {
            throw SynthError(.invalidArgument, "a durable run writes a file it can resume: give --out a .jsonl path, not standard output")
        }
        self.target = target
        self.syncEvery = max(1, syncEvery)
        self.syncInterval = syncInterval
        partialPath = target + ".partial"
        var isDirectory: ObjCBool = false
        let directory = URL(fileURLWithPath: target).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SynthError(.io, "cannot write to '\(target)': folder '\(directory)' does not exist")
        }
        keptIDs = try Self.completeLines(of: partialPath)
        resumed = keptIDs.count
        lines = resumed
        let opened = open(partialPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw SynthError(.io, "cannot write to '\(partialPath)': \(String(cString: strerror(errno)))") }
        fd = opened
    }

    /// The ids of the complete lines of a journal, cutting off a last line a kill left unfinished.
    static func completeLines(of path: String) throws(SynthError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return [] }
        let bytes = [UInt8](data)
        var ids: [String] = []
        var lineStart = 0
        var end = 0
        for i in bytes.indices where bytes[i] == 0x0a {
            let line = bytes[lineStart..<i]
            lineStart = i + 1
            guard !line.isEmpty else { continue }
            guard case .object(let fields)? = try? JSONParser.parse(line), let id = fields["id"]?.stringValue else {
                throw SynthError(
                    .io, "'\(path)' line \(ids.count + 1) is not a record this run wrote; move the file away to start the run afresh")
            }
            ids.append(id)
            end = i + 1
        }
        if end < bytes.count, truncate(path, off_t(end)) != 0 {
            throw SynthError(.io, "cannot cut the unfinished last line of '\(path)': \(String(cString: strerror(errno)))")
        }
        return ids
    }

    public mutating func write(_ record: Record) throws {
        if replayed < keptIDs.count {
            guard record.id == keptIDs[replayed] else {
                throw SynthError(
                    .conflict,
                    "record \(replayed + 1) of '\(partialPath)' is '\(keptIDs[replayed])' but this run made '\(record.id)' there: "
                        + "the file comes from a different run (or its response cache was removed); move it away to start afresh")
            }
            replayed += 1
            return
        }
        encoder.append(record, to: &buffer)
        try flush()
        lines += 1
        unsynced += 1
        if unsynced >= syncEvery || ContinuousClock.now - lastSync >= syncInterval { try sync() }
    }

    private mutating func flush() throws(SynthError) {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { raw in Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SynthError(.io, "cannot write to '\(partialPath)': \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func sync() throws(SynthError) {
        guard fsync(fd) == 0 else { throw SynthError(.io, "cannot save '\(partialPath)' to disk: \(String(cString: strerror(errno)))") }
        unsynced = 0
        lastSync = .now
    }

    private mutating func close() throws(SynthError) {
        guard !closed else { return }
        closed = true
        try flush()
        try sync()
        Foundation.close(fd)
    }

    public mutating func commit() throws {
        guard replayed == keptIDs.count else {
            throw SynthError(
                .conflict,
                "'\(partialPath)' holds \(keptIDs.count) records but this run asks for \(replayed); ask for at least as many, or move it away"
            )
        }
        try close()
        guard rename(partialPath, target) == 0 else {
            throw SynthError(.io, "cannot move the finished output to '\(target)': \(String(cString: strerror(errno)))")
        }
    }

    public mutating func keepPartial() throws -> Bool {
        try close()
        return true
    }

    /// Keeps the journal too: what was accepted is never thrown away, and a rerun resumes from it.
    public mutating func discard() {
        try? close()
    }
}
