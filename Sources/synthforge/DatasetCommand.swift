import ArgumentParser
import Foundation
import SynthCore
import SynthExport
import SynthRuntime
import SynthStore

struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Keep datasets in the store with versions you can diff, branch, tag, merge and roll back.",
        discussion: """
            A dataset is a history of versions. Records are stored once by the SHA-256 of their JSON, so a version is a list of record hashes and an unchanged record costs nothing. A reference names a version: a branch or tag, a hash or its first 4+ characters, with ~N for N versions back (main~1).

            The store is an SQLite file (default ~/.local/share/synthforge/store.db) or a PostgreSQL database: --db PATH, --db postgres://user@host/db, or SYNTHFORGE_DB.

            Examples:
              synthforge dataset import notes notes.jsonl --message "first cut"
              synthforge generate --domain medical --task clinical-notes --count 500 --dataset notes
              synthforge dataset log notes
              synthforge dataset diff notes main~1 main
              synthforge dataset branch notes cleanup
              synthforge dataset import notes fixed.jsonl --branch cleanup
              synthforge dataset merge notes cleanup
              synthforge dataset tag notes v1
              synthforge dataset restore notes v1
              synthforge export notes@v1 --format openai-chat --out train.jsonl
            """,
        subcommands: [
            DatasetList.self, DatasetCreate.self, DatasetShow.self, DatasetLog.self, DatasetDiff.self, DatasetBranch.self,
            DatasetTag.self, DatasetCheckout.self, DatasetRestore.self, DatasetMerge.self, DatasetImportCommand.self,
            DatasetRemove.self, DatasetAudit.self,
        ]
    )
}

struct DatasetList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the datasets with their current branch and size.")
    @OptionGroup var store: StoreOptions

    func run() {
        reportingErrors {
            let store = try store.open()
            let datasets = try store.datasets()
            guard !datasets.isEmpty else {
                print("No datasets in \(store.database.location) yet; `synthforge dataset import NAME FILE` makes one.")
                return
            }
            var rows = [["name", "branch", "version", "records", "updated", "shape", "description"]]
            for info in datasets {
                let head = try? store.resolve(info.name)
                rows.append([
                    info.name, info.currentBranch, head?.short ?? "-", head.map { NumberFormat.grouped($0.count) } ?? "0",
                    head.map { storeTime($0.createdAt) } ?? storeTime(info.createdAt), info.shape.isEmpty ? "-" : info.shape,
                    info.description,
                ])
            }
            print(columns(rows))
        }
    }
}

struct DatasetCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Make an empty dataset (import and generate --dataset also make one when missing).")
    @Argument(help: "The dataset's name: letters, digits, '.', '_', '-', '/'.") var name: String
    @Option(help: "What the dataset is for.") var description = ""
    @OptionGroup var store: StoreOptions

    func run() {
        reportingErrors {
            let info = try store.open().createDataset(DatasetInfo(name: name, description: description))
            print("Created dataset \(info.name) (branch \(info.currentBranch)).")
        }
    }
}

struct DatasetShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Describe a dataset and one of its versions (default: the current branch's head).")
    @Argument(help: ArgumentHelp("NAME or NAME@REF.", valueName: "dataset")) var target: String
    @Option(help: "Records of the version to print as JSON lines.") var records = 3
    @OptionGroup var store: StoreOptions

    func run() {
        reportingErrors {
            let store = try store.open()
            let (name, reference) = datasetReference(target)
            let info = try store.requireDataset(name)
            var lines = [
                "dataset      \(info.name)" + (info.description.isEmpty ? "" : " — \(info.description)"),
                "owner        \(info.owner), created \(storeTime(info.createdAt))",
                "domain       \(info.domain.isEmpty ? "-" : info.domain); shape \(info.shape.isEmpty ? "-" : info.shape)",
                "branch       \(info.currentBranch) (current)",
            ]
            let refs = try store.refs(name)
            let branches = refs.filter { $0.kind == .branch }.map { "\($0.name) \(String($0.version.prefix(12)))" }
            let tags = refs.filter { $0.kind == .tag }.map { "\($0.name) \(String($0.version.prefix(12)))" }
            lines.append("branches     " + (branches.isEmpty ? "-" : branches.joined(separator: ", ")))
            lines.append("tags         " + (tags.isEmpty ? "-" : tags.joined(separator: ", ")))
            guard !refs.isEmpty || reference != nil else {
                lines.append("No versions yet.")
                print(lines.joined(separator: "\n"))
                return
            }
            let version = try store.resolve(name, reference)
            lines.append("version      \(version.hash)")
            lines.append("             \(version.message) — \(version.author), \(storeTime(version.createdAt))")
            lines.append(
                "records      \(NumberFormat.grouped(version.count)) (+\(version.added) -\(version.removed) ~\(version.changed) against its parent)"
            )
            print(lines.joined(separator: "\n"))
            if records > 0 {
                print("")
                var shown = 0
                try store.readRecords(of: version, batchSize: records) {
                    (batch: [(entry: ManifestEntry, json: String)]) throws(SynthError) in
                    for (_, json) in batch.prefix(records - shown) { print(json) }
                    shown += batch.count
                    return shown < records
                }
            }
        }
    }
}

struct DatasetLog: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "List the versions reachable from a branch or version, newest first.")
    @Argument(help: ArgumentHelp("NAME or NAME@REF.", valueName: "dataset")) var target: String
    @Option(help: "Show at most this many versions.") var limit = 50
    @OptionGroup var store: StoreOptions

    func run() {
        reportingErrors {
            let store = try store.open()
            let (name, reference) = datasetReference(target)
            let refs = try store.refs(name)
            var names: [String: [String]] = [:]
            for ref in refs { names[ref.version, default: []].append(ref.name) }
            for version in try store.log(name, reference, limit: limit) {
                let labels = names[version.hash].map { " (" + $0.joined(separator: ", ") + ")" } ?? ""
                let merge =
                    version.parents.count > 1 ? "  merge of " + version.parents.map { String($0.prefix(12)) }.joined(separator: " ") : ""
                print("\(version.short)\(labels)  \(storeTime(version.createdAt))  \(version.author)\(merge)")
                print(
                    "    \(version.message)  [\(NumberFormat.grouped(version.count)) records, +\(version.added) -\(version.removed) ~\(version.changed)]"
                )
            }
        }
    }
}

struct DatasetDiff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show the records added, removed and changed (by id) from version A to version B, with a per-field diff.",
        discussion: """
            Changed fields are shown by path (text, metadata.age, messages[2].content); a long text shows the stretch that differs as [-old-]{+new+}.

            Examples:
              synthforge dataset diff notes main~1            (against the current branch)
              synthforge dataset diff notes v1 cleanup --limit 50
              synthforge dataset diff notes v1 v2 --json > changes.json
            """)
    @Argument(help: "The dataset.") var dataset: String
    @Argument(help: "The version to compare from.") var from: String
    @Argument(help: "The version to compare to (default: the current branch).") var to: String?
    @Option(help: "Show at most this many records of each kind (0 for all).") var limit = 20
    @Flag(help: "Only the counts.") var stat = false
    @Flag(help: "Print the diff as JSON.") var json = false
    @OptionGroup var store: StoreOptions

    func run() {
        reportingErrors {
            let store = try store.open()
            var target = to ?? ""
            if to == nil { target = try store.requireDataset(dataset).currentBranch }
            let (a, b, diff) = try store.diff(dataset, from, target)
            let cap = limit == 0 ? Int.max : limit
            let changedShown = stat ? [] : Array(diff.changed.prefix(cap))
            let bodies = try store.bodies(Set(changedShown.flatMap { [$0.from, $0.to] }))
            if json {
                print(DiffJSON.render(a, b, diff, shown: cap, changes: changedShown, bodies: bodies, stat: stat))
                return
            }
            print("\(dataset): \(a.short) (\(from)) → \(b.short) (\(target))")
            print(
                "  +\(NumberFormat.grouped(diff.added.count)) added, -\(NumberFormat.grouped(diff.removed.count)) removed, "
                    + "~\(NumberFormat.grouped(diff.changed.count)) changed (\(NumberFormat.grouped(a.count)) → \(NumberFormat.grouped(b.count)) records)"
            )
            if stat || diff.isEmpty { return }
            print("")
            for change in changedShown {
                print("~ \(change.id)")
                for field in FieldDiff.changes(from: bodies[change.from] ?? "", to: bodies[change.to] ?? "") {
                    print("    " + FieldDiff.describe(field))
                }
            }
            for entry in diff.added.prefix(cap) { print("+ \(entry.id)") }
            for entry in diff.removed.prefix(cap) { print("- \(entry.id)") }
            let hidden = max(0, diff.changed.count - cap) + max(0, diff.added.count - cap) + max(0, diff.removed.count - cap)
            if hidden > 0 { print("… and \(NumberFormat.grouped(hidden)) more (--limit 0 shows all)") }
        }
    }
}

/// The JSON form of a diff.
enum DiffJSON {
    static func render(
        _ a: Version, _ b: Version, _ diff: VersionDiff, shown: Int, changes: [VersionDiff.Change], bodies: [String: String], stat: Bool
    ) -> String {
        var fields: Fields = [
            "from": .string(a.hash), "to": .string(b.hash), "added_count": .int(diff.added.count),
            "removed_count": .int(diff.removed.count), "changed_count": .int(diff.changed.count),
        ]
        if !stat {
            fields["added"] = .array(diff.added.prefix(shown).map { .string($0.id) })
            fields["removed"] = .array(diff.removed.prefix(shown).map { .string($0.id) })
            fields["changed"] = .array(
                changes.map { change in
                    let list = FieldDiff.changes(from: bodies[change.from] ?? "", to: bodies[change.to] ?? "").map { field -> Value in
                        .object(["path": .string(field.path), "from": field.from ?? .null, "to": field.to ?? .null])
                    }
                    return .object(["id": .string(change.id), "fields": .array(list)])
                })
        }
        return JSONWriter.string(.object(fields))
    }
}

struct DatasetBranch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "branch", abstract: "List a dataset's branches, make one, or delete one.",
        discussion: """
              synthforge dataset branch notes                      (list)
              synthforge dataset branch notes cleanup              (at the current branch's head)
              synthforge dataset branch notes old --at v1
              synthforge dataset branch notes old --delete
            """)
    @Argument(help: "The dataset.") var dataset: String
    @Argument(help: "The branch to make or delete.") var name: String?
    @Option(help: "Where the new branch starts (default: the current branch's head).") var at: String?
    @Flag(help: "Delete the branch (its versions stay).") var delete = false
    @OptionGroup var store: StoreOptions

    func run() { refCommand(.branch, dataset: dataset, name: name, at: at, delete: delete, store: store) }
}

struct DatasetTag: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag", abstract: "List a dataset's tags, tag a version, or delete a tag. Tags never move.")
    @Argument(help: "The dataset.") var dataset: String
    @Argument(help: "The tag to make or delete.") var name: String?
    @Option(help: "The version to tag (default: the current branch's head).") var at: String?
    @Flag(help: "Delete the tag (the version stays).") var delete = false
    @OptionGroup var store: StoreOptions

    func run() { refCommand(.tag, dataset: dataset, name: name, at: at, delete: delete, store: store) }
}

/// `dataset branch` and `dataset tag`: list the refs of a kind (the current branch starred),
/// make one at a version, or delete one.
private func refCommand(_ kind: Ref.Kind, dataset: String, name: String?, at: String?, delete: Bool, store: StoreOptions) {
    reportingErrors {
        let store = try store.open()
        guard let name else {
            let current = try store.requireDataset(dataset).currentBranch
            for ref in try store.refs(dataset) where ref.kind == kind {
                let mark = kind == .branch ? (ref.name == current ? "* " : "  ") : ""
                print("\(mark)\(ref.name)  \(String(ref.version.prefix(12)))")
            }
            return
        }
        if delete {
            try store.deleteRef(dataset, name)
            print("Deleted \(kind.rawValue) \(name) of \(dataset).")
        } else if kind == .branch {
            let ref = try store.createBranch(dataset, name, at: at)
            print("Made branch \(name) of \(dataset) at \(String(ref.version.prefix(12))).")
        } else {
            let ref = try store.createTag(dataset, name, at: at)
            print("Tagged \(String(ref.version.prefix(12))) of \(dataset) as \(name).")
        }
    }
}

struct DatasetCheckout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkout", abstract: "Make a branch the one that import, generate --dataset, export and show use by default.")
    @Argument(help: "The dataset.") var dataset: String
    @Argument(help: "The branch.") var branch: String
    @OptionGroup var store: StoreOptions

    func run() {
        reportingErrors {
            try store.open().checkout(dataset, branch: branch)
            print("\(dataset) is now on branch \(branch).")
        }
    }
}

struct DatasetRestore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Roll a branch back to an earlier version's records, as a new version; later versions stay in the log.")
    @Argument(help: "The dataset.") var dataset: String
    @Argument(help: "The version whose records to restore (such as v1 or main~2).") var version: String
    @Option(help: "The branch to restore (default: the current one).") var branch: String?
    @OptionGroup var store: StoreOptions

    func run() {
        reportingErrors {
            let outcome = try store.open().restore(dataset, to: version, branch: branch)
            if outcome.unchanged {
                print("\(outcome.branch) of \(dataset) already holds the records of \(version); nothing to do.")
            } else {
                let v = outcome.version
                print("Restored \(outcome.branch) of \(dataset) to \(version) as \(v.short): \(NumberFormat.grouped(v.count)) records.")
            }
        }
    }
}

struct DatasetMerge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge a branch or version into a branch, three-way by record id; conflicts are listed, not guessed.",
        discussion: """
            Against the nearest common version: a record changed on one side only takes that side; one changed differently on both sides (or changed on one and removed on the other) is a conflict. Conflicts stop the merge and are listed; --prefer ours or --prefer theirs settles them all one way.
            """)
    @Argument(help: "The dataset.") var dataset: String
    @Argument(help: "The branch or version to merge in.") var source: String
    @Option(help: "The branch to merge into (default: the current one).") var into: String?
    @Option(help: "Settle every conflict with this side: ours or theirs.") var prefer: String?
    @OptionGroup var store: StoreOptions

    func run() {
        reportingErrors {
            let preference = try prefer.map { (text: String) throws(SynthError) in
                guard let p = MergePreference(rawValue: text) else {
                    throw SynthError(.invalidArgument, "--prefer must be ours or theirs, got '\(text)'")
                }
                return p
            }
            let store = try store.open()
            var target = into ?? ""
            if into == nil { target = try store.requireDataset(dataset).currentBranch }
            switch try store.merge(dataset, from: source, into: target, prefer: preference) {
            case .upToDate(let v): print("\(target) (\(v.short)) already has every change of \(source).")
            case .fastForward(let v): print("Fast-forwarded \(target) of \(dataset) to \(v.short) (\(source)).")
            case .merged(let v, let ours, let theirs):
                print(
                    "Merged \(source) into \(target) of \(dataset) as \(v.short): \(NumberFormat.grouped(v.count)) records, \(NumberFormat.grouped(theirs)) from \(source) (\(NumberFormat.grouped(ours)) kept)."
                )
            case .conflicts(let conflicts):
                var lines = ["\(conflicts.count) record\(conflicts.count == 1 ? "" : "s") changed on both sides; nothing was merged:"]
                for c in conflicts.prefix(20) { lines.append("  \(c.id): \(c.summary)") }
                if conflicts.count > 20 { lines.append("  … and \(conflicts.count - 20) more") }
                lines.append("Settle them with --prefer ours or --prefer theirs, or change one branch and merge again.")
                throw SynthError(.conflict, lines.joined(separator: "\n"))
            }
        }
    }
}

struct DatasetImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Commit a JSONL file to a dataset as a new version (making the dataset if needed).",
        discussion: """
            Each line is read as a record, as export reads one: SynthForge's own, or another tool's (messages, instruction/output, prompt/chosen/rejected, …). Lines that are not records are skipped and listed. A record without an id gets line-N. By default the new version holds exactly the file's records; with --append the file's records are added to the branch, replacing records of the same id. Importing records the branch already holds makes no version.

              synthforge dataset import notes notes.jsonl --message "from the March run"
              synthforge dataset import notes extra.jsonl --append --branch more
            """)
    @Argument(help: "The dataset.") var dataset: String
    @Argument(help: "The JSONL file.") var file: String
    @Option(help: "The branch to commit to (default: the dataset's current branch).") var branch: String?
    @Flag(help: "Add to the branch's records instead of replacing them.") var append = false
    @Option(help: "Why this version was made.") var message: String?
    @Option(help: "A description, if the dataset is made by this import.") var description = ""
    @Flag(name: .shortAndLong, help: "No progress or summary on standard error.") var quiet = false
    @OptionGroup var store: StoreOptions

    func run() {
        reportingErrors {
            let store = try store.open()
            var request = DatasetImport.Request(
                dataset: dataset, path: file, mode: append ? .append : .replace, branch: branch,
                message: message ?? "Import \(URL(fileURLWithPath: file).lastPathComponent)", kind: "import",
                spec: CommandLine.arguments.dropFirst().joined(separator: " "))
            request.description = description
            var display = ProgressDisplay(quiet: quiet)
            let start = ContinuousClock.now
            let outcome = try DatasetImport.run(request, store: store) { records, bytes, size in
                display.update(records: records, bytesRead: bytes, totalBytes: size, elapsed: ContinuousClock.now - start)
            }
            display.finish()
            if !quiet { FileHandle.standardError.write(Data((outcome.text + "\n").utf8)) }
        }
    }
}

struct DatasetRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm", abstract: "Delete a dataset with all its versions; records no other dataset uses are freed.")
    @Argument(help: "The dataset.") var dataset: String
    @Flag(help: "Confirm: the dataset and its history cannot be brought back.") var yes = false
    @OptionGroup var store: StoreOptions

    func run() {
        reportingErrors {
            let store = try store.open()
            _ = try store.requireDataset(dataset)
            guard yes else {
                let versions = try store.versionsCount(dataset)
                throw SynthError(
                    .invalidArgument,
                    "this deletes \(dataset) and its \(versions) version\(versions == 1 ? "" : "s") for good; add --yes to confirm")
            }
            try store.removeDataset(dataset)
            print("Deleted dataset \(dataset).")
        }
    }
}

struct DatasetAudit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Show the audit log: who changed what, when (newest first).")
    @Argument(help: "Only entries about this dataset.") var dataset: String?
    @Option(help: "Show at most this many entries.") var limit = 50
    @OptionGroup var store: StoreOptions

    func run() {
        reportingErrors {
            let entries = try store.open().auditLog(about: dataset, limit: limit)
            print(
                columns(
                    [["when", "who", "action", "target", "detail"]]
                        + entries.map { [storeTime($0.at), $0.actor, $0.action, $0.target, $0.detail] }))
        }
    }
}
