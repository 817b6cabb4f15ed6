import SynthCore
import SynthExport

/// A record on its way into the store: its id, its JSON (one line) and the JSON's SHA-256.
public struct StoredRecord: Sendable, Hashable {
    /// The record's id, unique within a version.
    public var id: String
    /// The record as one line of JSON.
    public var json: String
    /// The hex SHA-256 of `json`, the record's key.
    public var hash: String

    /// A record with its hash computed.
    public init(id: String, json: String) {
        self.id = id
        self.json = json
        hash = SHA256.hex(json)
    }
}

/// How a commit's records relate to the branch head's.
public enum CommitMode: String, Sendable {
    /// The new version holds exactly the given records.
    case replace
    /// The new version is the head's records, with given records of the same id replaced and
    /// the others added at the end.
    case append
}

/// What a commit made.
public struct CommitOutcome: Sendable {
    /// The new version, or the head when nothing changed.
    public var version: Version
    /// The branch it is on.
    public var branch: String
    /// True when the records were those of the head already, so no version was made.
    public var unchanged: Bool
}

extension Store {
    /// Makes a new version on `branch` (default: the dataset's current branch) from the records
    /// `records` hands over in batches, in one transaction: on any error, including one thrown
    /// by `records`, the store is left as it was. A record id given twice is an error.
    public func commit(
        _ dataset: String, branch: String? = nil, mode: CommitMode, message: String, runID: String? = nil,
        records: (_ add: ([StoredRecord]) throws(SynthError) -> Void) throws(SynthError) -> Void
    ) throws(SynthError) -> CommitOutcome {
        let info = try requireDataset(dataset)
        let branchName = branch ?? info.currentBranch
        try Self.checkName(branchName, kind: "branch")
        let headRef = try ref(dataset, branchName)
        if let headRef, headRef.kind == .tag {
            throw SynthError(.invalidArgument, "\(branchName) is a tag of \(dataset), and tags never move; commit to a branch")
        }
        let head = try headRef.flatMap { (ref: Ref) throws(SynthError) in try version(hash: ref.version) }
        var stored = 0
        defer { if stored >= 10_000 { database.refreshStatistics(of: ["records", "chunks"]) } }
        return try database.transaction { () throws(SynthError) -> CommitOutcome in
            var entries = mode == .append ? try head.map { (v: Version) throws(SynthError) in try self.entries(of: v) } ?? [] : []
            var position: [String: Int] = [:]
            position.reserveCapacity(entries.count)
            for (i, entry) in entries.enumerated() { position[entry.id] = i }
            // Ids given by this commit, to refuse one given twice; in replace mode every id in
            // `position` was given, so the set is needed only when appending.
            var given = Set<String>()
            var firstRecord: StoredRecord?
            try records { (batch: [StoredRecord]) throws(SynthError) in
                let seqs = try store(batch)
                stored += batch.count
                for record in batch {
                    let repeated = mode == .append ? !given.insert(record.id).inserted : position[record.id] != nil
                    guard !repeated else {
                        throw SynthError(.invalidArgument, "record id '\(record.id)' is given twice; a version holds one record per id")
                    }
                    let entry = ManifestEntry(id: record.id, hash: record.hash, seq: seqs[record.hash]!)
                    if let p = position[record.id] {
                        entries[p] = entry
                    } else {
                        position[record.id] = entries.count
                        entries.append(entry)
                    }
                }
                if firstRecord == nil { firstRecord = batch.first }
            }
            let chunks = Manifest.chunks(of: entries)
            let chunkHashes = chunks.map(\.hash)
            if let head, head.chunks == chunkHashes {
                return CommitOutcome(version: head, branch: branchName, unchanged: true)
            }
            try database.insert(
                into: "chunks", columns: ["hash", "entries"], rows: chunks.map { [.text($0.hash), .text($0.text)] },
                suffix: "ON CONFLICT (hash) DO NOTHING")
            // Against no parent every record is new; otherwise only the chunks that differ are read.
            var counts = (added: entries.count, removed: 0, changed: 0)
            if let head {
                let fresh = Dictionary(chunks.map { ($0.hash, $0.text) }, uniquingKeysWith: { a, _ in a })
                let diff = try VersionDiff.between(head.chunks, chunkHashes) { (hash: String) throws(SynthError) in
                    if let text = fresh[hash] { return text }
                    return try chunkText(hash)
                }
                counts = (diff.added.count, diff.removed.count, diff.changed.count)
            }
            let version = try addVersion(
                dataset, parents: head.map { [$0.hash] } ?? [], chunks: chunkHashes, count: entries.count, counts: counts,
                message: message, runID: runID)
            try moveBranch(dataset, branchName, to: version.hash, from: headRef?.version)
            if let json = firstRecord?.json { try noteContents(dataset, from: json) }
            try audit(
                "dataset.commit", "\(dataset)@\(version.short)",
                "\(branchName): \(entries.count) records, +\(counts.added) -\(counts.removed) ~\(counts.changed); \(message)")
            return CommitOutcome(version: version, branch: branchName, unchanged: false)
        }
    }

    /// Stores the records not yet in the store and returns every record's number by hash: new
    /// rows say theirs as they are inserted, records already there are looked up.
    private func store(_ batch: [StoredRecord]) throws(SynthError) -> [String: Int64] {
        var seqs: [String: Int64] = [:]
        seqs.reserveCapacity(batch.count)
        try database.insert(
            into: "records", columns: ["hash", "body"], rows: batch.map { [.text($0.hash), .text($0.json)] },
            suffix: "ON CONFLICT (hash) DO NOTHING RETURNING hash, seq"
        ) { seqs[$0.text(0)] = Int64($0.int(1)) }
        let known = Array(Set(batch.lazy.map(\.hash).filter { seqs[$0] == nil }))
        var start = 0
        while start < known.count {
            let end = min(known.count, start + 500)
            let marks = Array(repeating: "?", count: end - start).joined(separator: ",")
            try database.query("SELECT hash, seq FROM records WHERE hash IN (\(marks))", known[start..<end].map { .text($0) }) {
                seqs[$0.text(0)] = Int64($0.int(1))
            }
            start = end
        }
        return seqs
    }

    /// Writes a version row; its hash covers everything that makes it what it is.
    func addVersion(
        _ dataset: String, parents: [String], chunks: [String], count: Int, counts: (added: Int, removed: Int, changed: Int),
        message: String, runID: String?
    ) throws(SynthError) -> Version {
        let now = Clock.nowMillis()
        var hasher = SHA256()
        for part in [
            "dataset \(dataset)", "parents \(parents.joined(separator: " "))", "author \(actor)", "time \(now)", "message \(message)",
            "chunks \(chunks.joined(separator: " "))",
        ] {
            hasher.update(Array((part + "\n").utf8))
        }
        let version = Version(
            hash: hasher.hexDigest(), dataset: dataset, parents: parents, chunks: chunks, count: count, added: counts.added,
            removed: counts.removed, changed: counts.changed, message: message, author: actor, createdAt: now, runID: runID)
        try database.execute(
            "INSERT INTO versions (\(Self.versionColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                .text(version.hash), .text(dataset), .text(parents.joined(separator: " ")), .text(chunks.joined(separator: " ")),
                .integer(Int64(count)), .integer(Int64(version.added)), .integer(Int64(version.removed)),
                .integer(Int64(version.changed)), .text(message), .text(actor), .integer(now), runID.map { .text($0) } ?? .null,
            ])
        return version
    }

    /// Points a branch at a version, if it still points where it did when the change began
    /// (`from`; nil for a branch that did not exist). Two changes to one branch at once cannot
    /// both win: the later one fails and its transaction keeps nothing.
    func moveBranch(_ dataset: String, _ branch: String, to hash: String, from previous: String?) throws(SynthError) {
        let moved = SynthError(
            .conflict,
            "branch \(branch) of \(dataset) changed while this ran (another commit got there first); nothing was kept, run it again")
        guard let previous else {
            do {
                try database.execute(
                    "INSERT INTO refs (dataset, name, kind, version) VALUES (?, ?, 'branch', ?)",
                    [.text(dataset), .text(branch), .text(hash)])
            } catch  where error.code == .conflict {
                throw moved
            }
            return
        }
        var updated = 0
        try database.query(
            "UPDATE refs SET version = ? WHERE dataset = ? AND name = ? AND version = ? RETURNING name",
            [.text(hash), .text(dataset), .text(branch), .text(previous)]
        ) { _ in updated += 1 }
        if updated == 0 { throw moved }
    }

    /// Records the domain and shape of a dataset's first records, from one record's JSON.
    private func noteContents(_ dataset: String, from json: String) throws(SynthError) {
        guard case .object(let object)? = try? JSONParser.parse(Array(json.utf8)) else { return }
        let provenance = object["provenance"]?.objectValue
        let shape = provenance?["shape"]?.stringValue ?? RecordDecoder.shape(of: object)?.rawValue ?? ""
        try noteContents(dataset, domain: provenance?["domain"]?.stringValue ?? "", shape: shape)
    }

    /// The records of a version in order, as manifest entries.
    public func entries(of version: Version) throws(SynthError) -> [ManifestEntry] {
        var out: [ManifestEntry] = []
        out.reserveCapacity(version.count)
        try readEntries(of: version, chunksAtOnce: 200) { (entries: [ManifestEntry]) throws(SynthError) in
            out += entries
            return true
        }
        return out
    }

    /// Calls `body` with a version's entries in order, `chunksAtOnce` manifest chunks at a time,
    /// until it returns false; memory holds one group of chunks, not the version.
    func readEntries(
        of version: Version, chunksAtOnce: Int = 8, _ body: ([ManifestEntry]) throws(SynthError) -> Bool
    ) throws(SynthError) {
        var start = 0
        while start < version.chunks.count {
            let group = version.chunks[start..<min(version.chunks.count, start + chunksAtOnce)]
            var texts: [String: String] = [:]
            let marks = Array(repeating: "?", count: group.count).joined(separator: ",")
            try database.query("SELECT hash, entries FROM chunks WHERE hash IN (\(marks))", group.map { .text($0) }) {
                texts[$0.text(0)] = $0.text(1)
            }
            var entries: [ManifestEntry] = []
            for chunk in group {
                guard let text = texts[chunk] else { throw missing("manifest chunk \(chunk)", of: version) }
                entries += try Manifest.entries(of: text)
            }
            guard try body(entries) else { return }
            start += chunksAtOnce
        }
    }

    /// The text of one manifest chunk.
    public func chunkText(_ hash: String) throws(SynthError) -> String {
        guard let row = try database.first("SELECT entries FROM chunks WHERE hash = ?", [.text(hash)]) else {
            throw SynthError(.store, "the store is damaged: manifest chunk \(hash) is missing")
        }
        return row.text(0)
    }

    /// The JSON of records by hash; an error if any is missing.
    public func bodies(_ hashes: some Collection<String>) throws(SynthError) -> [String: String] {
        var out: [String: String] = [:]
        out.reserveCapacity(hashes.count)
        let all = Array(hashes)
        var start = 0
        while start < all.count {
            let end = min(all.count, start + 500)
            let marks = Array(repeating: "?", count: end - start).joined(separator: ",")
            try database.query("SELECT hash, body FROM records WHERE hash IN (\(marks))", all[start..<end].map { .text($0) }) {
                out[$0.text(0)] = $0.text(1)
            }
            start = end
        }
        if let gone = all.first(where: { out[$0] == nil }) {
            throw SynthError(.store, "the store is damaged: record \(gone) is listed by a version but missing")
        }
        return out
    }

    /// The JSON of records by their numbers in the store, read in runs of consecutive numbers
    /// where there are some (records stored together), else one by one; an error if any is missing.
    func bodies(numbered seqs: [Int64]) throws(SynthError) -> [Int64: String] {
        var out: [Int64: String] = [:]
        out.reserveCapacity(seqs.count)
        let sorted = Array(Set(seqs)).sorted()
        var singles: [Int64] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count && sorted[j + 1] == sorted[j] + 1 { j += 1 }
            if j - i >= 15 {
                try database.query("SELECT seq, body FROM records WHERE seq >= ? AND seq <= ?", [.integer(sorted[i]), .integer(sorted[j])])
                {
                    out[Int64($0.int(0))] = $0.text(1)
                }
            } else {
                singles += sorted[i...j]
            }
            i = j + 1
        }
        var start = 0
        while start < singles.count {
            let end = min(singles.count, start + 500)
            let marks = Array(repeating: "?", count: end - start).joined(separator: ",")
            try database.query("SELECT seq, body FROM records WHERE seq IN (\(marks))", singles[start..<end].map { .integer($0) }) {
                out[Int64($0.int(0))] = $0.text(1)
            }
            start = end
        }
        if let gone = sorted.first(where: { out[$0] == nil }) {
            throw SynthError(.store, "the store is damaged: record number \(gone) is listed by a version but missing")
        }
        return out
    }

    /// Calls `body` with a version's records in order, in batches of `batchSize`, until it
    /// returns false.
    public func readRecords(
        of version: Version, batchSize: Int = 1000, _ body: ([(entry: ManifestEntry, json: String)]) throws(SynthError) -> Bool
    ) throws(SynthError) {
        try readEntries(of: version) { (entries: [ManifestEntry]) throws(SynthError) -> Bool in
            var start = 0
            while start < entries.count {
                let batch = entries[start..<min(entries.count, start + batchSize)]
                let found = try bodies(numbered: batch.map(\.seq))
                guard try body(batch.map { ($0, found[$0.seq]!) }) else { return false }
                start += batchSize
            }
            return true
        }
    }

    private func missing(_ what: String, of version: Version) -> SynthError {
        SynthError(.store, "the store is damaged: \(what) of version \(version.short) of \(version.dataset) is missing")
    }
}
