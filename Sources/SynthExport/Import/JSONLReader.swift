import Foundation
import SynthCore

/// Streams the objects of a JSONL file, one line at a time, skipping (and remembering) bad lines.
///
/// A line that is empty, not valid UTF-8, not JSON or not an object is skipped and reported with
/// its line number, so a few bad lines never stop a run over a large file.
public struct JSONLReader: Sequence, IteratorProtocol {
    /// A line that could not be read as a record.
    public struct SkippedLine: Sendable, Equatable {
        /// The 1-based line number.
        public var line: Int
        /// Why it was skipped.
        public var reason: String
    }

    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    /// The number of the line last read.
    public private(set) var lineNumber = 0
    /// Lines skipped so far, in order.
    public private(set) var skipped: [SkippedLine] = []

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
    }

    /// The next object with its line number, or nil at the end of the file.
    public mutating func next() -> (line: Int, object: Fields)? {
        while let line = nextLine() {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                skipped.append(SkippedLine(line: lineNumber, reason: "empty line"))
                continue
            }
            guard String(validating: line, as: UTF8.self) != nil else {
                skipped.append(SkippedLine(line: lineNumber, reason: "not valid UTF-8"))
                continue
            }
            do {
                let value = try JSONParser.parse(line)
                guard case .object(let fields) = value else {
                    skipped.append(SkippedLine(line: lineNumber, reason: "not a JSON object"))
                    continue
                }
                return (lineNumber, fields)
            } catch {
                skipped.append(SkippedLine(line: lineNumber, reason: "not JSON (\(error))"))
            }
        }
        return nil
    }

    private mutating func nextLine() -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[position...].firstIndex(of: 0x0A) {
                let line = buffer[position..<newline]
                position = newline + 1
                return line
            }
            if atEnd {
                guard position < buffer.count else { return nil }
                let line = buffer[position...]
                position = buffer.count
                return line
            }
            buffer.removeFirst(position)
            position = 0
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
        }
    }
}
