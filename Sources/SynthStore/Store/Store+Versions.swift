import SynthCore

/// A version of a dataset: its records (as manifest chunks), parents, author and message.
public struct Version: Sendable, Hashable {
    /// The version's id: the SHA-256 of its dataset, parents, chunks, author, message and time.
    public var hash: String
    /// The dataset it belongs to.
    public var dataset: String
    /// The versions it came from: none for the first, two for a merge.
    public var parents: [String]
    /// Its manifest chunks, in record order.
    public var chunks: [String]
    /// How many records it holds.
    public var count: Int
    /// Records added, removed and changed against its first parent.
    public var added: Int
    public var removed: Int
    public var changed: Int
    /// Why it was made.
    public var message: String
    /// Who made it.
    public var author: String
    /// When, in milliseconds since 1970.
    public var createdAt: Int64
    /// The run that made it, if a run did.
    public var runID: String?

    /// The first 12 characters of the hash, as commands show it.
    public var short: String { String(hash.prefix(12)) }
}

/// A named pointer to a version: a branch moves with each commit, a tag never moves.
public struct Ref: Sendable, Hashable {
    /// Branch or tag.
    public enum Kind: String, Sendable { case branch, tag }
    /// Its name.
    public var name: String
    /// Branch or tag.
    public var kind: Kind
    /// The version it points at.
    public var version: String
}

extension Store {
    static let versionColumns =
        "hash, dataset, parents, chunks, record_count, added, removed, changed, message, author, created_at, run_id"

    static func version(_ row: SQLRow) -> Version {
        Version(
            hash: row.text(0), dataset: row.text(1), parents: row.text(2).split(separator: " ").map(String.init),
            chunks: row.text(3).split(separator: " ").map(String.init), count: row.int(4), added: row.int(5), removed: row.int(6),
            changed: row.int(7), message: row.text(8), author: row.text(9), createdAt: Int64(row.int(10)), runID: row.optionalText(11))
    }

    /// The version with exactly this hash, or nil.
    public func version(hash: String) throws(SynthError) -> Version? {
        try database.first("SELECT \(Self.versionColumns) FROM versions WHERE hash = ?", [.text(hash)]).map(Self.version)
    }

    /// The refs of a dataset: branches first, then tags, each by name.
    public func refs(_ dataset: String) throws(SynthError) -> [Ref] {
        try database.rows("SELECT name, kind, version FROM refs WHERE dataset = ? ORDER BY kind, name", [.text(dataset)]).map { row in
            Ref(name: row.text(0), kind: Ref.Kind(rawValue: row.text(1)) ?? .branch, version: row.text(2))
        }
    }

    /// The ref named `name` in a dataset, or nil.
    public func ref(_ dataset: String, _ name: String) throws(SynthError) -> Ref? {
        try database.first("SELECT name, kind, version FROM refs WHERE dataset = ? AND name = ?", [.text(dataset), .text(name)]).map {
            Ref(name: $0.text(0), kind: Ref.Kind(rawValue: $0.text(1)) ?? .branch, version: $0.text(2))
        }
    }

    /// The version a reference names in a dataset. A reference is a branch or tag name, a
    /// version hash or its first 4 or more characters, optionally followed by `~N` for the
    /// N-th first parent; nil means the head of the dataset's current branch.
    public func resolve(_ dataset: String, _ reference: String? = nil) throws(SynthError) -> Version {
        let info = try requireDataset(dataset)
        var text = reference ?? info.currentBranch
        var back = 0
        if let tilde = text.lastIndex(of: "~") {
            let steps = text[text.index(after: tilde)...]
            guard let n = steps.isEmpty ? 1 : Int(steps), n >= 0 else {
                throw SynthError(.invalidArgument, "'\(text)': after ~ give how many versions back, such as main~2")
            }
            back = n
            text = String(text[..<tilde])
        }
        var version: Version
        if let ref = try ref(dataset, text) {
            guard let found = try self.version(hash: ref.version) else {
                throw SynthError(.store, "\(ref.kind.rawValue) \(text) of \(dataset) points at a missing version \(ref.version)")
            }
            version = found
        } else if text.count >= 4, text.allSatisfy(\.isHexDigit) {
            let matches = try database.rows(
                "SELECT \(Self.versionColumns) FROM versions WHERE dataset = ? AND hash LIKE ? LIMIT 2",
                [.text(dataset), .text(text.lowercased() + "%")])
            guard matches.count == 1 else {
                if matches.isEmpty { throw SynthError(.notFound, "no version of \(dataset) starts with \(text)") }
                throw SynthError(.invalidArgument, "\(text) names more than one version of \(dataset); give more of the hash")
            }
            version = Self.version(matches[0])
        } else if reference == nil {
            throw SynthError(.notFound, "\(dataset) has no versions yet; import or generate records into it first")
        } else {
            let names = try refs(dataset).map(\.name)
            throw SynthError(
                .notFound,
                "\(dataset) has no branch, tag or version '\(text)'" + (names.isEmpty ? "" : " (refs: \(names.joined(separator: ", ")))"))
        }
        for step in 0..<back {
            guard let parent = version.parents.first, let found = try self.version(hash: parent) else {
                throw SynthError(.notFound, "\(reference ?? text) goes back \(back) versions, but the history ends after \(step)")
            }
            version = found
        }
        return version
    }

    /// The versions reachable from `reference` (default: the current branch), newest first,
    /// and never a version before one made from it (two made in the same millisecond keep their
    /// order that way).
    public func log(_ dataset: String, _ reference: String? = nil, limit: Int = .max) throws(SynthError) -> [Version] {
        let head = try resolve(dataset, reference)
        let all = try versionsByHash(dataset)
        // The reachable versions, and how many of their children are reachable too.
        var reachable: [String: Version] = [head.hash: head]
        var children: [String: Int] = [:]
        var stack = [head]
        while let next = stack.popLast() {
            for parent in next.parents {
                children[parent, default: 0] += 1
                if reachable[parent] == nil, let version = all[parent] {
                    reachable[parent] = version
                    stack.append(version)
                }
            }
        }
        // Newest first among the versions whose children are all listed already.
        var ready = [head]
        var out: [Version] = []
        while !ready.isEmpty && out.count < limit {
            let pick = ready.indices.max { a, b in
                ready[a].createdAt != ready[b].createdAt ? ready[a].createdAt < ready[b].createdAt : ready[a].hash > ready[b].hash
            }!
            let next = ready.remove(at: pick)
            out.append(next)
            for parent in next.parents {
                children[parent, default: 1] -= 1
                if children[parent] == 0, let version = reachable[parent] { ready.append(version) }
            }
        }
        return out
    }

    /// How many versions a dataset has.
    public func versionsCount(_ dataset: String) throws(SynthError) -> Int {
        try database.first("SELECT COUNT(*) FROM versions WHERE dataset = ?", [.text(dataset)])?.int(0) ?? 0
    }

    /// Every version of a dataset by hash.
    func versionsByHash(_ dataset: String) throws(SynthError) -> [String: Version] {
        var all: [String: Version] = [:]
        for row in try database.rows("SELECT \(Self.versionColumns) FROM versions WHERE dataset = ?", [.text(dataset)]) {
            let version = Self.version(row)
            all[version.hash] = version
        }
        return all
    }

    /// Makes a branch at `reference` (default: the current branch's head).
    @discardableResult
    public func createBranch(_ dataset: String, _ name: String, at reference: String? = nil) throws(SynthError) -> Ref {
        try addRef(dataset, name, .branch, at: reference)
    }

    /// Makes a tag at `reference`; tags never move.
    @discardableResult
    public func createTag(_ dataset: String, _ name: String, at reference: String? = nil) throws(SynthError) -> Ref {
        try addRef(dataset, name, .tag, at: reference)
    }

    private func addRef(_ dataset: String, _ name: String, _ kind: Ref.Kind, at reference: String?) throws(SynthError) -> Ref {
        try Self.checkName(name, kind: kind.rawValue)
        let version = try resolve(dataset, reference)
        if let existing = try ref(dataset, name) {
            throw SynthError(.conflict, "\(dataset) already has a \(existing.kind.rawValue) named \(name)")
        }
        try database.transaction { () throws(SynthError) in
            try database.execute(
                "INSERT INTO refs (dataset, name, kind, version) VALUES (?, ?, ?, ?)",
                [.text(dataset), .text(name), .text(kind.rawValue), .text(version.hash)])
            try audit("\(kind.rawValue).create", "\(dataset)@\(name)", "at \(version.short)")
        }
        return Ref(name: name, kind: kind, version: version.hash)
    }

    /// Deletes a branch (not the current one) or a tag; the versions stay.
    public func deleteRef(_ dataset: String, _ name: String) throws(SynthError) {
        let info = try requireDataset(dataset)
        guard let ref = try ref(dataset, name) else { throw SynthError(.notFound, "\(dataset) has no branch or tag named \(name)") }
        if ref.kind == .branch && name == info.currentBranch {
            throw SynthError(.invalidArgument, "\(name) is the current branch of \(dataset); check out another branch first")
        }
        try database.transaction { () throws(SynthError) in
            try database.execute("DELETE FROM refs WHERE dataset = ? AND name = ?", [.text(dataset), .text(name)])
            try audit("\(ref.kind.rawValue).delete", "\(dataset)@\(name)", "was at \(String(ref.version.prefix(12)))")
        }
    }

    /// Makes `branch` the one commands use for this dataset when none is named.
    public func checkout(_ dataset: String, branch: String) throws(SynthError) {
        _ = try requireDataset(dataset)
        guard let ref = try ref(dataset, branch), ref.kind == .branch else {
            let branches = try refs(dataset).filter { $0.kind == .branch }.map(\.name)
            throw SynthError(.notFound, "\(dataset) has no branch \(branch) (branches: \(branches.joined(separator: ", ")))")
        }
        try database.transaction { () throws(SynthError) in
            try database.execute("UPDATE datasets SET current_branch = ? WHERE name = ?", [.text(branch), .text(dataset)])
            try audit("dataset.checkout", dataset, "current branch \(branch)")
        }
    }
}
