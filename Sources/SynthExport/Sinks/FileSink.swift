import Foundation
import SynthCore

/// Streams encoded records to a file or standard output.
///
/// A file is written under a hidden temporary name beside the target and renamed over it only on
/// `commit`, after an fsync, so an interrupted or failed run never leaves a half-written file
/// under the name the user asked for.
public struct FileSink: RecordSink {
    /// Where the records go: a path, or `-` for standard output.
    public let target: String
    private let encoder: any RecordEncoder
    private let temporaryPath: String?
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var wroteHeader = false
    private var closed = false
    private let flushAt = 1 << 20

    /// Opens a sink for `target` (a path or `-`); fails at once if the path cannot be written.
    public init(target: String, encoder: any RecordEncoder) throws(SynthError) {
        self.target = target
        self.encoder = encoder
        buffer.reserveCapacity(flushAt + 64 * 1024)
        if target == "-" {
            temporaryPath = nil
            fd = STDOUT_FILENO
            return
        }
        let url = URL(fileURLWithPath: target)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory), isDirectory.boolValue {
            throw SynthError(.io, "cannot write to '\(target)': it is a directory")
        }
        // A device or pipe (/dev/null, a FIFO) is written in place: renaming a file over it would
        // replace the device.
        var info = stat()
        if stat(target, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            let opened = open(target, O_WRONLY | O_CLOEXEC)
            guard opened >= 0 else {
                throw SynthError(.io, "cannot write to '\(target)': \(String(cString: strerror(errno)))")
            }
            temporaryPath = nil
            fd = opened
            return
        }
        let directory = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SynthError(.io, "cannot write to '\(target)': folder '\(directory)' does not exist")
        }
        let temporary = Self.partialPath(for: target)
        let opened = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard opened >= 0 else {
            throw SynthError(.io, "cannot write to '\(target)': \(String(cString: strerror(errno)))")
        }
        temporaryPath = temporary
        fd = opened
    }

    /// The hidden file records for `target` go to until `commit`: beside it, named for this process.
    public static func partialPath(for target: String) -> String {
        let url = URL(fileURLWithPath: target)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
    }

    public mutating func write(_ record: Record) throws {
        if wroteHeader {
            buffer.append(contentsOf: encoder.separator)
        } else {
            buffer.append(contentsOf: encoder.header(for: record))
            wroteHeader = true
        }
        encoder.append(record, to: &buffer)
        if buffer.count >= flushAt { try flush() }
    }

    /// Writes one line of JSON as it is, for a line format (JSONL) whose record lines are
    /// already at hand; the newline is added.
    public mutating func write(line json: String) throws(SynthError) {
        var json = json
        json.withUTF8 { buffer.append(contentsOf: $0) }
        buffer.append(0x0a)
        wroteHeader = true
        if buffer.count >= flushAt { try flush() }
    }

    /// Writes bytes already encoded (a table's rows), as they are.
    public mutating func write(bytes: [UInt8]) throws(SynthError) {
        buffer.append(contentsOf: bytes)
        wroteHeader = true
        if buffer.count >= flushAt { try flush() }
    }

    private mutating func flush() throws(SynthError) {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { raw in
                Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw SynthError(.io, "cannot write to '\(target)': \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    public mutating func commit() throws {
        if !closed { buffer.append(contentsOf: encoder.footer(empty: !wroteHeader)) }
        try flush()
        guard let temporaryPath, !closed else {
            closeDevice()
            return
        }
        closed = true
        if fsync(fd) != 0 || close(fd) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw SynthError(.io, "cannot finish '\(target)': \(reason)")
        }
        if rename(temporaryPath, target) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw SynthError(.io, "cannot move the finished output to '\(target)': \(reason)")
        }
    }

    private mutating func closeDevice() {
        if !closed && fd != STDOUT_FILENO { close(fd) }
        closed = true
    }

    public mutating func discard() {
        buffer.removeAll()
        guard let temporaryPath, !closed else {
            closeDevice()
            return
        }
        closed = true
        close(fd)
        unlink(temporaryPath)
    }
}
