import Foundation
import SynthCore

/// A file written under a hidden temporary name beside its target and renamed over the target
/// only on `finish`, after an fsync, so an interrupted write never leaves a partial file under the
/// name the user asked for.
struct PartialFile {
    /// The path the file gets on `finish`.
    let target: String
    /// The hidden path it is written under until then.
    let temporary: String
    /// The number of bytes written so far.
    private(set) var position = 0
    private var fd: Int32

    /// Creates the temporary file beside `target`; fails at once if it cannot be written.
    init(target: String) throws(SynthError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory), isDirectory.boolValue {
            throw SynthError(.io, "cannot write to '\(target)': it is a directory")
        }
        let directory = URL(fileURLWithPath: target).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SynthError(.io, "cannot write to '\(target)': folder '\(directory)' does not exist")
        }
        self.target = target
        temporary = FileSink.partialPath(for: target)
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SynthError(.io, "cannot write to '\(target)': \(Self.reason())") }
    }

    private static func reason() -> String { String(cString: strerror(errno)) }

    /// Appends `bytes`.
    mutating func write(_ bytes: [UInt8]) throws(SynthError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SynthError(.io, "cannot write to '\(target)': \(Self.reason())")
            }
            offset += n
        }
        position += bytes.count
    }

    /// Syncs the file to disk and renames it to the target.
    mutating func finish() throws(SynthError) {
        guard fd >= 0 else { throw SynthError(.io, "'\(target)' was already finished or discarded") }
        defer { fd = -1 }
        if fsync(fd) != 0 || close(fd) != 0 {
            let reason = Self.reason()
            unlink(temporary)
            throw SynthError(.io, "cannot finish '\(target)': \(reason)")
        }
        if rename(temporary, target) != 0 {
            let reason = Self.reason()
            unlink(temporary)
            throw SynthError(.io, "cannot move the finished file to '\(target)': \(reason)")
        }
    }

    /// Closes and removes the temporary file; the target is left as it was.
    mutating func discard() {
        guard fd >= 0 else { return }
        close(fd)
        unlink(temporary)
        fd = -1
    }
}
