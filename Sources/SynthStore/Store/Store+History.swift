import SynthCore

/// A record that both sides of a merge changed, in different ways.
public struct MergeConflict: Sendable, Hashable {
    /// The record's id.
    public var id: String
    /// Its hash in the common ancestor, ours and theirs; nil where it does not exist.
    public var base: String?
    public var ours: String?
    public var theirs: String?

    /// What happened, in words ("changed on both sides", "changed here, removed there", …).
    public var summary: String {
        switch (base, ours, theirs) {
        case (nil, _, _): "added on both sides with different contents"
        case (_, nil, _): "removed here, changed on the other branch"
        case (_, _, nil): "changed here, removed on the other branch"
        default: "changed on both sides"
        }
    }
}

/// How a merge ended.
public enum MergeOutcome: Sendable {
    /// The source's changes were already in the target branch.
    case upToDate(Version)
    /// The target branch had no changes of its own, so it now points at the source.
    case fastForward(Version)
    /// A merge version with both parents was made.
    case merged(Version, fromOurs: Int, fromTheirs: Int)
    /// Records changed on both sides; nothing was committed.
    case conflicts([MergeConflict])
}

/// Which side wins every conflict of a merge, when the user says so.
public enum MergePreference: String, Sendable {
    case ours, theirs
}

extension Store {
    /// What changed from version `first` to version `second` of a dataset.
    public func diff(_ dataset: String, _ first: String, _ second: String) throws(SynthError) -> (Version, Version, VersionDiff) {
        let a = try resolve(dataset, first)
        let b = try resolve(dataset, second)
        let diff = try VersionDiff.between(a.chunks, b.chunks) { (hash: String) throws(SynthError) in try chunkText(hash) }
        return (a, b, diff)
    }

    /// Makes a new version on `branch` (default: current) that holds the records of the version
    /// `reference` names. Later versions stay in the history, so a restore can itself be undone.
    public func restore(_ dataset: String, to reference: String, branch: String? = nil) throws(SynthError) -> CommitOutcome {
        let info = try requireDataset(dataset)
        let branchName = branch ?? info.currentBranch
        let target = try resolve(dataset, reference)
        guard let headRef = try ref(dataset, branchName), headRef.kind == .branch, let head = try version(hash: headRef.version) else {
            throw SynthError(.notFound, "\(dataset) has no branch \(branchName)")
        }
        if head.chunks == target.chunks { return CommitOutcome(version: head, branch: branchName, unchanged: true) }
        return try database.transaction { () throws(SynthError) -> CommitOutcome in
            let diff = try VersionDiff.between(head.chunks, target.chunks) { (hash: String) throws(SynthError) in try chunkText(hash) }
            let version = try addVersion(
                dataset, parents: [head.hash], chunks: target.chunks, count: target.count,
                counts: (diff.added.count, diff.removed.count, diff.changed.count),
                message: "Restore \(target.short) (\(reference))", runID: nil)
            try moveBranch(dataset, branchName, to: version.hash, from: head.hash)
            try audit("dataset.restore", "\(dataset)@\(version.short)", "\(branchName) restored to \(target.short)")
            return CommitOutcome(version: version, branch: branchName, unchanged: false)
        }
    }

    /// Merges the version `source` names into `branch` (default: current), three-way by record
    /// id against their nearest common ancestor. A record changed on one side takes that side;
    /// a record changed differently on both is a conflict, and conflicts stop the merge unless
    /// `prefer` says which side wins.
    public func merge(
        _ dataset: String, from source: String, into branch: String? = nil, prefer: MergePreference? = nil
    ) throws(SynthError) -> MergeOutcome {
        let info = try requireDataset(dataset)
        let branchName = branch ?? info.currentBranch
        guard let headRef = try ref(dataset, branchName), headRef.kind == .branch, let ours = try version(hash: headRef.version) else {
            throw SynthError(.notFound, "\(dataset) has no branch \(branchName) to merge into")
        }
        let theirs = try resolve(dataset, source)
        let all = try versionsByHash(dataset)
        let oursAncestors = Self.ancestors(of: ours.hash, in: all)
        if oursAncestors.contains(theirs.hash) { return .upToDate(ours) }
        let base = Self.nearestCommonAncestor(theirs.hash, oursAncestors, in: all).flatMap { all[$0] }
        if base?.hash == ours.hash {
            try database.transaction { () throws(SynthError) in
                try moveBranch(dataset, branchName, to: theirs.hash, from: ours.hash)
                try audit("dataset.merge", "\(dataset)@\(theirs.short)", "fast-forward \(branchName) to \(source)")
            }
            return .fastForward(theirs)
        }
        let baseEntries = try base.map { (v: Version) throws(SynthError) in try entries(of: v) } ?? []
        let oursEntries = try entries(of: ours)
        let theirsEntries = try entries(of: theirs)
        let baseByID = Dictionary(baseEntries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let oursByID = Dictionary(oursEntries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let theirsByID = Dictionary(theirsEntries.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        var conflicts: [MergeConflict] = []
        var fromTheirs = 0
        // Decides one id's outcome: the entry to keep, or nil to leave it out.
        func pick(_ id: String) -> ManifestEntry? {
            let o = oursByID[id]
            let t = theirsByID[id]
            let b = baseByID[id]?.hash
            if o?.hash == t?.hash || t?.hash == b { return o }
            if o?.hash == b {
                fromTheirs += 1
                return t
            }
            switch prefer {
            case .ours: return o
            case .theirs:
                fromTheirs += 1
                return t
            case nil:
                conflicts.append(MergeConflict(id: id, base: b, ours: o?.hash, theirs: t?.hash))
                return o
            }
        }
        var merged: [ManifestEntry] = []
        merged.reserveCapacity(max(oursEntries.count, theirsEntries.count))
        for entry in oursEntries { if let kept = pick(entry.id) { merged.append(kept) } }
        for entry in theirsEntries where oursByID[entry.id] == nil {
            if let kept = pick(entry.id) { merged.append(kept) }
        }
        if !conflicts.isEmpty { return .conflicts(conflicts) }

        let chunks = Manifest.chunks(of: merged)
        let chunkHashes = chunks.map(\.hash)
        let fresh = Dictionary(chunks.map { ($0.hash, $0.text) }, uniquingKeysWith: { a, _ in a })
        return try database.transaction { () throws(SynthError) -> MergeOutcome in
            try database.insert(
                into: "chunks", columns: ["hash", "entries"], rows: chunks.map { [.text($0.hash), .text($0.text)] },
                suffix: "ON CONFLICT (hash) DO NOTHING")
            let diff = try VersionDiff.between(ours.chunks, chunkHashes) { (hash: String) throws(SynthError) in
                if let text = fresh[hash] { return text }
                return try chunkText(hash)
            }
            let version = try addVersion(
                dataset, parents: [ours.hash, theirs.hash], chunks: chunkHashes, count: merged.count,
                counts: (diff.added.count, diff.removed.count, diff.changed.count),
                message: "Merge \(source) into \(branchName)", runID: nil)
            try moveBranch(dataset, branchName, to: version.hash, from: ours.hash)
            try audit(
                "dataset.merge", "\(dataset)@\(version.short)",
                "\(source) into \(branchName): \(fromTheirs) records from \(source)"
                    + (prefer.map { ", conflicts to \($0.rawValue)" } ?? ""))
            return .merged(version, fromOurs: merged.count - fromTheirs, fromTheirs: fromTheirs)
        }
    }

    /// Every version reachable from `hash`, itself included.
    static func ancestors(of hash: String, in all: [String: Version]) -> Set<String> {
        var seen: Set<String> = [hash]
        var stack = [hash]
        while let next = stack.popLast() {
            for parent in all[next]?.parents ?? [] where seen.insert(parent).inserted { stack.append(parent) }
        }
        return seen
    }

    /// The first of `hash`'s ancestors, breadth first, that is in `others`.
    static func nearestCommonAncestor(_ hash: String, _ others: Set<String>, in all: [String: Version]) -> String? {
        var queue = [hash]
        var seen: Set<String> = [hash]
        var i = 0
        while i < queue.count {
            let next = queue[i]
            i += 1
            if others.contains(next) { return next }
            for parent in all[next]?.parents ?? [] where seen.insert(parent).inserted { queue.append(parent) }
        }
        return nil
    }
}
