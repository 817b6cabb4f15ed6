import Foundation
import SynthCore

/// Writes a Hugging Face dataset folder: `data/<split>-NNNNN-of-NNNNN.parquet` shards per split
/// and a `README.md` dataset card, loadable with `datasets.load_dataset(folder)`. A split that
/// receives no records is left out of the folder and the card.
///
/// The folder is built under a hidden name beside `folder` and renamed to it by `finish()`, so an
/// interrupted export never leaves a folder that looks complete.
public struct HuggingFaceFolderWriter {
    /// The folder's final path.
    public let folder: String
    /// The shape every record must have.
    public let shape: TaskShape
    /// The split names, in card order.
    public let splits: [String]
    /// What the card says beyond the files.
    public let card: DatasetCard
    /// A split's shard is closed and a new one started after this many records.
    public let shardRows: Int

    /// The default records per shard.
    public static let defaultShardRows = 500_000

    private let temporary: String
    private var writers: [ParquetRecordWriter?]
    private var shards: [Int]
    private var counts: [Int]
    private var open = true

    /// Starts a dataset folder at `folder`, which must not exist or be empty.
    public init(
        folder: String, shape: TaskShape, splits: [String], card: DatasetCard, shardRows: Int = defaultShardRows
    ) throws(SynthError) {
        guard !splits.isEmpty else { throw SynthError(.invalidArgument, "a dataset folder needs at least one split") }
        for split in splits where split.isEmpty || !split.unicodeScalars.allSatisfy(Self.isSplitCharacter) {
            throw SynthError(.invalidArgument, "split name '\(split)' must be letters, digits and underscores")
        }
        guard Set(splits).count == splits.count else {
            throw SynthError(.invalidArgument, "split names must differ: \(splits.joined(separator: ", "))")
        }
        guard shardRows > 0 else { throw SynthError(.invalidArgument, "records per shard must be positive") }
        try Self.checkTarget(folder)
        let parent = URL(fileURLWithPath: folder).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SynthError(.io, "cannot write to '\(folder)': folder '\(parent)' does not exist")
        }
        self.folder = folder
        self.shape = shape
        self.splits = splits
        self.card = card
        self.shardRows = shardRows
        temporary = FileSink.partialPath(for: folder)
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            try FileManager.default.createDirectory(atPath: temporary + "/data", withIntermediateDirectories: true)
        } catch {
            throw SynthError(.io, "cannot write to '\(folder)': \(error.localizedDescription)")
        }
        writers = Array(repeating: nil, count: splits.count)
        shards = Array(repeating: 0, count: splits.count)
        counts = Array(repeating: 0, count: splits.count)
    }

    private static func isSplitCharacter(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_")
    }

    private static func checkTarget(_ folder: String) throws(SynthError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw SynthError(.io, "cannot write a dataset folder to '\(folder)': it is a file") }
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: folder), !entries.isEmpty {
            throw SynthError(.io, "cannot write a dataset folder to '\(folder)': it exists and is not empty")
        }
    }

    /// The record counts per split, in `splits` order.
    public var recordCounts: [(name: String, count: Int)] { zip(splits, counts).map { ($0, $1) } }

    private func shardPath(_ split: Int, _ shard: Int) -> String {
        temporary + "/data/\(splits[split])-\(shard).parquet"
    }

    /// Appends `record` to `split`.
    public mutating func write(_ record: Record, split: String) throws(SynthError) {
        guard open else { throw SynthError(.io, "'\(folder)' was already finished or discarded") }
        guard let s = splits.firstIndex(of: split) else {
            throw SynthError(.invalidArgument, "unknown split '\(split)'; the folder's splits are \(splits.joined(separator: ", "))")
        }
        if writers[s] == nil { writers[s] = try ParquetRecordWriter(path: shardPath(s, shards[s]), shape: shape) }
        try writers[s]!.write(record)
        counts[s] += 1
        if writers[s]!.recordCount >= shardRows {
            try writers[s]!.finish()
            writers[s] = nil
            shards[s] += 1
        }
    }

    /// Closes every shard, names them `-NNNNN-of-NNNNN`, writes the card and moves the folder to
    /// `folder`.
    public mutating func finish() throws(SynthError) {
        guard open else { throw SynthError(.io, "'\(folder)' was already finished or discarded") }
        do throws(SynthError) {
            guard counts.contains(where: { $0 > 0 }) else {
                throw SynthError(.invalidArgument, "no records were written to '\(folder)': a dataset folder needs at least one")
            }
            for s in splits.indices where counts[s] > 0 {
                if writers[s] != nil {
                    try writers[s]!.finish()
                    writers[s] = nil
                    shards[s] += 1
                }
                for k in 0..<shards[s] {
                    let name = "\(splits[s])-\(Self.padded(k))-of-\(Self.padded(shards[s])).parquet"
                    try move(shardPath(s, k), to: temporary + "/data/" + name)
                }
            }
            // The `datasets` library cannot load a split with no data, so empty splits are left out.
            let readme = card.readme(shape: shape, splits: recordCounts.filter { $0.count > 0 })
            var file = try PartialFile(target: temporary + "/README.md")
            try file.write(Array(readme.utf8))
            try file.finish()
            try Self.checkTarget(folder)
            if FileManager.default.fileExists(atPath: folder) { try? FileManager.default.removeItem(atPath: folder) }
            try move(temporary, to: folder)
            open = false
        } catch {
            discard()
            throw error
        }
    }

    private static func padded(_ n: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    private func move(_ from: String, to: String) throws(SynthError) {
        if rename(from, to) != 0 {
            throw SynthError(.io, "cannot move '\(from)' to '\(to)': \(String(cString: strerror(errno)))")
        }
    }

    /// Stops writing and removes everything written so far; `folder` is left as it was.
    public mutating func discard() {
        for s in writers.indices {
            writers[s]?.discard()
            writers[s] = nil
        }
        try? FileManager.default.removeItem(atPath: temporary)
        open = false
    }
}
