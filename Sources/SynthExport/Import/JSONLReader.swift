import Foundation
import SynthCore

/// Streams the objects of a JSONL file, one line at a time, skipping (and remembering) bad lines.
///
/// A line that is empty, not valid UTF-8, not JSON or not an object is skipped and reported with
/// its line number, so a few bad lines never stop a run over a large file.
public struct JSONLReader: Sequence, IteratorProtocol {
    /// A line that could not be read as a record.
    public struct SkippedLine: Error, Sendable, Equatable {
        /// The 1-based line number.
        public var line: Int
        /// Why it was skipped.
        public var reason: String

        /// Makes a note of a skipped line.
        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }
    }

    /// A line of the file as read, not yet parsed.
    public struct Line: Sendable {
        /// The 1-based line number.
        public var number: Int
        /// The line's bytes, without the newline.
        public var bytes: [UInt8]

        /// A line with its number.
        public init(number: Int, bytes: [UInt8]) {
            self.number = number
            self.bytes = bytes
        }
    }

    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    /// The number of the line last read.
    public private(set) var lineNumber = 0
    /// Lines skipped so far by `next()`, in order.
    public private(set) var skipped: [SkippedLine] = []
    /// Bytes of the lines handed out so far, newlines included.
    public private(set) var bytesRead = 0
    /// The file's size in bytes when it is a regular file, else nil (a pipe, say).
    public let size: Int?

    /// Opens `path` for reading; fails at once if it cannot be read.
    public init(path: String) throws(SynthError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SynthError(.io, "cannot read '\(path)': no such file or not readable")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw SynthError(.io, "cannot read '\(path)': it is a directory")
        }
        self.handle = handle
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        size = attributes?[.type] as? FileAttributeType == .typeRegular ? (attributes?[.size] as? NSNumber)?.intValue : nil
    }

    /// The next object with its line number, or nil at the end of the file.
    public mutating func next() -> (line: Int, object: Fields)? {
        while let line = nextLine() {
            switch Self.parse(line) {
            case .success(let object): return (line.number, object)
            case .failure(let skip): skipped.append(skip)
            }
        }
        return nil
    }

    /// Up to `count` further lines, not yet parsed, so that `parse(_:)` can read them elsewhere
    /// (on other cores, say); an empty array at the end of the file.
    ///
    /// Lines read this way are not parsed here, so bad ones are not in `skipped`.
    public mutating func nextLines(_ count: Int) -> [Line] {
        var lines: [Line] = []
        while lines.count < count, let line = nextLine() { lines.append(line) }
        return lines
    }

    /// The object on `line`, or why the line is skipped: it is empty, not valid UTF-8, not JSON or
    /// not an object.
    public static func parse(_ line: Line) -> Result<Fields, SkippedLine> {
        let bytes = line.bytes
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            return .failure(SkippedLine(line: line.number, reason: "empty line"))
        }
        // Most lines are ASCII, and ASCII is valid UTF-8: only other lines need the full check.
        guard bytes.allSatisfy({ $0 < 0x80 }) || String(validating: bytes, as: UTF8.self) != nil else {
            return .failure(SkippedLine(line: line.number, reason: "not valid UTF-8"))
        }
        do {
            guard case .object(let fields) = try JSONParser.parse(bytes) else {
                return .failure(SkippedLine(line: line.number, reason: "not a JSON object"))
            }
            return .success(fields)
        } catch {
            return .failure(SkippedLine(line: line.number, reason: "not JSON (\(error))"))
        }
    }

    private mutating func nextLine() -> Line? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                let line = Array(buffer[position..<newline])
                bytesRead += newline + 1 - position
                position = newline + 1
                lineNumber += 1
                return Line(number: lineNumber, bytes: line)
            }
            if atEnd {
                guard position < buffer.count else { return nil }
                let line = Array(buffer[position...])
                bytesRead += buffer.count - position
                position = buffer.count
                lineNumber += 1
                return Line(number: lineNumber, bytes: line)
            }
            buffer.removeFirst(position)
            position = 0
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}
