import Foundation
import SynthTesting
import Testing

/// The dataset commands as a user runs them, on an SQLite store in a temporary folder.
@Suite struct DatasetCommandTests {
    let folder: String
    let db: String

    init() throws {
        folder = try Processes.temporaryFolder()
        db = folder + "/store.db"
    }

    private func run(_ arguments: String...) throws -> ProcessResult {
        try Processes.synthforge(arguments: arguments + ["--db", db])
    }

    /// 200 clinical notes, and an edited copy: record 5's age set to 99, record 3 removed, one record added.
    private func notesAndEdit() throws -> (String, String) {
        let a = folder + "/a.jsonl"
        let b = folder + "/b.jsonl"
        let made = try Processes.synthforge(
            "generate", "--domain", "medical", "--task", "clinical-notes", "--count", "200", "--seed", "1", "--out", a, "-q")
        #expect(made.status == 0, "\(made.stderr)")
        _ = try Processes.python(
            """
            import json, sys
            rows = [json.loads(l) for l in open(sys.argv[1])]
            rows[5]["metadata"]["age"] = 99
            del rows[3]
            rows.append({"id": "extra-1", "text": "A new note about a cough that has lasted two weeks."})
            open(sys.argv[2], "w").write("".join(json.dumps(r) + "\\n" for r in rows))
            """, [a, b])
        return (a, b)
    }

    @Test func importBranchDiffMergeTagAndRestore() throws {
        let (a, b) = try notesAndEdit()
        let first = try run("dataset", "import", "notes", a, "--message", "first cut")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("Created notes; committed "))
        #expect(first.stderr.contains("to notes main: 200 records (+200 -0 ~0)."))

        #expect(try run("dataset", "branch", "notes", "fix").status == 0)
        let second = try run("dataset", "import", "notes", b, "--branch", "fix", "--message", "fix ages")
        #expect(second.stderr.contains("to notes fix: 200 records (+1 -1 ~1)."), "\(second.stderr)")

        let diff = try run("dataset", "diff", "notes", "main", "fix")
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("+1 added, -1 removed, ~1 changed (200 → 200 records)"))
        #expect(diff.stdout.contains("~ medical-clinical-notes-1-5\n    metadata.age: "))
        #expect(diff.stdout.contains(" → 99\n"))
        #expect(diff.stdout.contains("+ extra-1\n"))
        #expect(diff.stdout.contains("- medical-clinical-notes-1-3\n"))

        let json = try run("dataset", "diff", "notes", "main", "fix", "--json")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(parsed["added"] as? [String] == ["extra-1"])
        #expect(parsed["removed"] as? [String] == ["medical-clinical-notes-1-3"])
        let changed = try #require(parsed["changed"] as? [[String: Any]])
        let fields = try #require(changed.first?["fields"] as? [[String: Any]])
        #expect(fields.first?["path"] as? String == "metadata.age" && fields.first?["to"] as? Int == 99)

        let merge = try run("dataset", "merge", "notes", "fix")
        #expect(merge.stdout.hasPrefix("Fast-forwarded main of notes to "), "\(merge.stderr)")
        #expect(try run("dataset", "tag", "notes", "v1").status == 0)
        let restore = try run("dataset", "restore", "notes", "main~1")
        #expect(restore.stdout.hasPrefix("Restored main of notes to main~1 as "), "\(restore.stderr)")

        let log = try run("dataset", "log", "notes")
        let messages = log.stdout.split(separator: "\n").filter { $0.hasPrefix("    ") }.map {
            $0.split(separator: "[")[0].trimmingCharacters(in: .whitespaces)
        }
        #expect(messages.count == 3)
        #expect(messages[0].hasPrefix("Restore ") && messages[1] == "fix ages" && messages[2] == "first cut")
        #expect(log.stdout.contains("(fix, v1)"))

        let show = try run("dataset", "show", "notes@v1", "--records", "1")
        #expect(show.stdout.contains("records      200 (+1 -1 ~1 against its parent)"))
        #expect(show.stdout.contains("tags         v1 "))
    }

    @Test func exportFromTheStoreMatchesExportFromTheFileItCameFrom() throws {
        let (a, _) = try notesAndEdit()
        #expect(try run("dataset", "import", "notes", a, "-q").status == 0)
        for format in ["jsonl", "langchain", "csv"] {
            let fromStore = folder + "/store.\(format)"
            let fromFile = folder + "/file.\(format)"
            let stored = try run("export", "notes@main", "--format", format, "--out", fromStore)
            #expect(stored.status == 0, "\(stored.stderr)")
            #expect(stored.stderr == "Exported 200 records as \(format) to \(fromStore).\n")
            #expect(try Processes.synthforge("export", "--input", a, "--format", format, "--out", fromFile).status == 0)
            #expect(FileManager.default.contents(atPath: fromStore) == FileManager.default.contents(atPath: fromFile), "\(format)")
        }
        // The JSONL export reads back as the records that went in.
        #expect(FileManager.default.contents(atPath: folder + "/store.jsonl") == FileManager.default.contents(atPath: a))
        // Exported and imported again, the records are the same: the new version is no change.
        let again = try run("dataset", "import", "notes", folder + "/store.jsonl")
        #expect(again.stderr.contains("notes: no change; main stays at "), "\(again.stderr)")
        let parquet = folder + "/notes.parquet"
        #expect(try run("export", "notes", "--format", "parquet", "--out", parquet).status == 0)
        let rows = try Processes.python("import pyarrow.parquet as pq, sys; print(pq.read_table(sys.argv[1]).num_rows)", [parquet])
        #expect(rows == "200\n")
    }

    @Test func generateIntoADatasetAddsAVersionPerRun() throws {
        for seed in ["1", "2"] {
            let result = try run(
                "generate", "--domain", "support", "--task", "conversations", "--count", "50", "--seed", seed, "--dataset", "chats")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("records to dataset chats (jsonl, seed \(seed))"))
        }
        let list = try run("dataset", "list")
        #expect(list.stdout.contains("chats  main"))
        #expect(list.stdout.contains("  100  "))
        let log = try run("dataset", "log", "chats")
        #expect(log.stdout.contains("Generate 50 support/conversations records, seed 2  [100 records, +50 -0 ~0]"))
        let audit = try run("dataset", "audit", "chats")
        #expect(audit.stdout.contains("run.start"))
        let toStdout = try run("generate", "--domain", "support", "--task", "conversations", "--out", "-", "--dataset", "chats")
        #expect(toStdout.status == 2)
        #expect(toStdout.stderr.contains("--dataset stores JSONL records"))
    }

    @Test func conflictsStopAMergeUntilASideIsPreferred() throws {
        let (a, b) = try notesAndEdit()
        #expect(try run("dataset", "import", "notes", a, "-q").status == 0)
        #expect(try run("dataset", "branch", "notes", "other").status == 0)
        #expect(try run("dataset", "import", "notes", b, "--branch", "other", "-q").status == 0)
        // main changes the same record to something else.
        let c = folder + "/c.jsonl"
        _ = try Processes.python(
            """
            import json, sys
            rows = [json.loads(l) for l in open(sys.argv[1])]
            rows[5]["metadata"]["age"] = 12
            open(sys.argv[2], "w").write("".join(json.dumps(r) + "\\n" for r in rows))
            """, [a, c])
        #expect(try run("dataset", "import", "notes", c, "-q").status == 0)
        let conflicted = try run("dataset", "merge", "notes", "other")
        #expect(conflicted.status == 1)
        #expect(conflicted.stderr.contains("1 record changed on both sides; nothing was merged:"))
        #expect(conflicted.stderr.contains("medical-clinical-notes-1-5: changed on both sides"))
        let settled = try run("dataset", "merge", "notes", "other", "--prefer", "theirs")
        #expect(settled.status == 0, "\(settled.stderr)")
        let diff = try run("dataset", "diff", "notes", "other", "main")
        #expect(diff.stdout.contains("+0 added, -0 removed, ~0 changed"))
    }

    @Test func badInputGetsAClearError() throws {
        let garbage = folder + "/garbage.db"
        try Data(repeating: 0x7a, count: 10_000).write(to: URL(fileURLWithPath: garbage))
        let corrupt = try Processes.synthforge("dataset", "list", "--db", garbage)
        #expect(corrupt.status == 1)
        #expect(corrupt.stderr.contains("\(garbage) is not a usable SQLite database"))

        let injected = try run("dataset", "create", "x'; DROP TABLE datasets; --")
        #expect(injected.status == 2)
        #expect(injected.stderr.contains("is not a valid dataset name"))

        #expect(try run("dataset", "create", "real").status == 0)
        let missing = try run("export", "nope@v1", "--format", "jsonl", "--out", folder + "/x.jsonl")
        #expect(missing.stderr.contains("no dataset named 'nope'") && missing.stderr.contains("datasets: real"))
        let empty = try run("dataset", "show", "real")
        #expect(empty.stdout.contains("No versions yet."))

        let notRecords = folder + "/junk.jsonl"
        try Data("not json\n[1,2]\n".utf8).write(to: URL(fileURLWithPath: notRecords))
        let junk = try run("dataset", "import", "junk", notRecords)
        #expect(junk.status == 2)
        #expect(junk.stderr.contains("holds no records (2 lines skipped; line 1: "), "\(junk.stderr)")
        #expect(!(try run("dataset", "list").stdout.contains("junk")))

        let rm = try run("dataset", "rm", "real")
        #expect(rm.status == 2 && rm.stderr.contains("add --yes to confirm"))
        #expect(try run("dataset", "rm", "real", "--yes").stdout == "Deleted dataset real.\n")
    }
}
