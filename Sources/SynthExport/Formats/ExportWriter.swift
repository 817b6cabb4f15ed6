import Foundation
import SynthCore

/// Writes the records of one export, each to its split, and makes the result visible only on
/// `commit`.
public protocol ExportWriter {
    /// Writes `record` to split number `split` (an index into the export's split names; 0 without splits).
    mutating func write(_ record: Record, split: Int) throws
    /// Finishes every output and moves it to its final name; returns notes for the summary
    /// (cells cut to a size limit, say).
    mutating func commit() throws -> [String]
    /// Abandons the export, removing everything partly written.
    mutating func discard()
}

/// A sink that writes one file of an export and may have notes for the summary.
public protocol ExportFileSink: RecordSink {
    /// What the user should know about the file once it is written.
    var notes: [String] { get }
}

extension FileSink: ExportFileSink {
    public var notes: [String] { [] }
}

/// One file per split: `out` itself without splits, else `out/<split>.<extension>`.
struct SplitFiles: ExportWriter {
    private var sinks: [any ExportFileSink] = []

    /// Opens one sink per split with `open`, creating the folder `out` when there are splits.
    init(
        out: String, splits: [String]?, fileExtension: String,
        open: (String) throws(SynthError) -> any ExportFileSink
    ) throws(SynthError) {
        guard let splits else {
            sinks = [try open(out)]
            return
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw SynthError(.io, "with --split, --out names a folder for the split files, but '\(out)' is a file")
            }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            } catch {
                throw SynthError(.io, "cannot create the folder '\(out)': \(error.localizedDescription)")
            }
        }
        do {
            for name in splits {
                sinks.append(try open(URL(fileURLWithPath: out).appendingPathComponent("\(name).\(fileExtension)").path))
            }
        } catch {
            discard()
            throw error
        }
    }

    mutating func write(_ record: Record, split: Int) throws { try sinks[split].write(record) }

    mutating func commit() throws -> [String] {
        var notes: [String] = []
        for i in sinks.indices {
            do {
                try sinks[i].commit()
            } catch {
                for j in sinks.indices where j > i { sinks[j].discard() }
                throw error
            }
            notes += sinks[i].notes
        }
        return notes
    }

    mutating func discard() {
        for i in sinks.indices { sinks[i].discard() }
    }
}
