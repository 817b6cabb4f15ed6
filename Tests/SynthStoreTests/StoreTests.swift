import Foundation
import SynthCore
import SynthTesting
import Testing

@testable import SynthStore

/// The store's behaviour, run on a fresh SQLite database and a fresh PostgreSQL database.
@Suite struct StoreTests {
    /// Records `note-0` … with a text that depends on `version`.
    static func records(_ ids: some Sequence<Int>, text: (Int) -> String = { "note \($0) body" }) -> [StoredRecord] {
        ids.map { StoredRecord(id: "note-\($0)", json: #"{"id":"note-\#($0)","text":"\#(text($0))"}"#) }
    }

    /// Commits `records` in batches of 300 and returns the outcome.
    @discardableResult
    static func commit(
        _ store: Store, _ dataset: String, _ records: [StoredRecord], branch: String? = nil, mode: CommitMode = .replace,
        message: String = "test"
    ) throws -> CommitOutcome {
        try store.commit(dataset, branch: branch, mode: mode, message: message) {
            (add: ([StoredRecord]) throws(SynthError) -> Void) throws(SynthError) in
            var start = 0
            while start < records.count {
                try add(Array(records[start..<min(records.count, start + 300)]))
                start += 300
            }
        }
    }

    static func ids(_ store: Store, _ dataset: String, _ reference: String? = nil) throws -> [String] {
        try store.entries(of: store.resolve(dataset, reference)).map(\.id)
    }

    static func count(_ store: Store, _ table: String) throws -> Int {
        try store.database.first("SELECT COUNT(*) FROM \(table)")?.int(0) ?? -1
    }

    @Test func migrationsRunOnceAndRefuseANewerSchema() throws {
        try TestDatabases.withEach { db in
            _ = try Store(database: db, actor: "ana")
            _ = try Store(database: db, actor: "ana")
            #expect(try db.rows("SELECT version FROM schema_migrations").map { $0.int(0) } == [1])
            try db.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)", [])
            let error = #expect(throws: SynthError.self) { try Store(database: db, actor: "ana") }
            #expect(error?.message.contains("schema version 99, written by a newer SynthForge") == true)
        }
    }

    @Test func aVersionReadsBackItsRecordsInOrderAndStoresEachContentOnce() throws {
        try TestDatabases.withEach { db in
            let store = try Store(database: db, actor: "ana")
            try store.createDataset(DatasetInfo(name: "notes", description: "clinical notes"))
            var records = Self.records(0..<2_500)
            // Two records with the same content under different ids share one stored body.
            records.append(StoredRecord(id: "copy", json: records[7].json))
            let outcome = try Self.commit(store, "notes", records)
            #expect(outcome.version.count == 2_501)
            #expect(outcome.version.added == 2_501)
            #expect(try Self.count(store, "records") == 2_500)
            var read: [String] = []
            try store.readRecords(of: outcome.version, batchSize: 700) {
                (batch: [(entry: ManifestEntry, json: String)]) throws(SynthError) in
                read += batch.map(\.json)
                return true
            }
            #expect(read == records.map(\.json))
            #expect(try store.resolve("notes").hash == outcome.version.hash)
            #expect(try store.dataset("notes")?.shape == "document")
        }
    }

    @Test func unchangedRecordsCostNothingInANewVersion() throws {
        try TestDatabases.withEach { db in
            let store = try Store(database: db, actor: "ana")
            try store.createDataset(DatasetInfo(name: "notes"))
            let first = try Self.commit(store, "notes", Self.records(0..<20_000)).version
            let chunksBefore = try Self.count(store, "chunks")
            let second = try Self.commit(store, "notes", Self.records(0..<20_000) { $0 == 12_345 ? "edited" : "note \($0) body" }).version
            #expect(try Self.count(store, "records") == 20_001)
            #expect(try Self.count(store, "chunks") == chunksBefore + 1)
            #expect(Set(first.chunks).subtracting(second.chunks).count == 1)
            #expect((second.added, second.removed, second.changed) == (0, 0, 1))
            // Committing the same records again makes no version.
            let again = try Self.commit(store, "notes", Self.records(0..<20_000) { $0 == 12_345 ? "edited" : "note \($0) body" })
            #expect(again.unchanged && again.version.hash == second.hash)
        }
    }

    @Test func diffFindsExactlyTheAddedRemovedAndChangedRecords() throws {
        try TestDatabases.withEach { db in
            let store = try Store(database: db, actor: "ana")
            try store.createDataset(DatasetInfo(name: "d"))
            var rng = SeededRandom(seed: 11)
            let before = Self.records(0..<6_000)
            var after: [StoredRecord] = []
            var expectRemoved: [String] = []
            var expectChanged: [String] = []
            for record in before {
                switch rng.below(40) {
                case 0: expectRemoved.append(record.id)
                case 1:
                    expectChanged.append(record.id)
                    after.append(StoredRecord(id: record.id, json: record.json.replacingOccurrences(of: "body", with: "changed")))
                default: after.append(record)
                }
            }
            let added = Self.records(10_000..<10_050)
            after += added
            try Self.commit(store, "d", before)
            try store.createTag("d", "before")
            try Self.commit(store, "d", after)
            let (a, b, diff) = try store.diff("d", "before", "main")
            #expect(a.count == 6_000 && b.count == after.count)
            #expect(diff.added.map(\.id) == added.map(\.id))
            #expect(diff.removed.map(\.id) == expectRemoved)
            #expect(diff.changed.map(\.id) == expectChanged)
            let (_, _, back) = try store.diff("d", "main", "before")
            #expect(back.added.map(\.id) == expectRemoved && back.removed.map(\.id) == added.map(\.id))
            #expect(try store.diff("d", "main", "main").2.isEmpty)
        }
    }

    @Test func referencesResolveByNameHashPrefixAndSteps() throws {
        try TestDatabases.withEach { db in
            let store = try Store(database: db, actor: "ana")
            try store.createDataset(DatasetInfo(name: "d"))
            let v1 = try Self.commit(store, "d", Self.records(0..<10)).version
            let v2 = try Self.commit(store, "d", Self.records(0..<11)).version
            let v3 = try Self.commit(store, "d", Self.records(0..<12)).version
            #expect(try store.resolve("d").hash == v3.hash)
            #expect(try store.resolve("d", "main~2").hash == v1.hash)
            #expect(try store.resolve("d", "main~").hash == v2.hash)
            #expect(try store.resolve("d", String(v2.hash.prefix(8))).hash == v2.hash)
            #expect(try store.log("d").map(\.hash) == [v3.hash, v2.hash, v1.hash])
            let tooFar = #expect(throws: SynthError.self) { try store.resolve("d", "main~5") }
            #expect(tooFar?.message.contains("the history ends after 2") == true)
            let unknown = #expect(throws: SynthError.self) { try store.resolve("d", "x' OR '1'='1") }
            #expect(unknown?.code == .notFound)
            #expect(unknown?.message.contains("refs: main") == true)
            let noDataset = #expect(throws: SynthError.self) { try store.resolve("nope") }
            #expect(noDataset?.message.contains("datasets: d") == true)
            #expect(try Self.count(store, "versions") == 3)
        }
    }

    @Test func tagsNeverMoveAndBranchesAreIndependent() throws {
        try TestDatabases.withEach { db in
            let store = try Store(database: db, actor: "ana")
            try store.createDataset(DatasetInfo(name: "d"))
            let v1 = try Self.commit(store, "d", Self.records(0..<10)).version
            try store.createTag("d", "v1")
            try store.createBranch("d", "exp")
            let onExp = try Self.commit(store, "d", Self.records(5..<20), branch: "exp").version
            #expect(try store.resolve("d", "v1").hash == v1.hash)
            #expect(try store.resolve("d", "main").hash == v1.hash)
            #expect(try store.resolve("d", "exp").hash == onExp.hash)
            let toTag = #expect(throws: SynthError.self) { try Self.commit(store, "d", Self.records(0..<3), branch: "v1") }
            #expect(toTag?.message.contains("tags never move") == true)
            #expect(throws: SynthError.self) { try store.createTag("d", "v1") }
            #expect(throws: SynthError.self) { try store.createBranch("d", "bad name") }
            try store.checkout("d", branch: "exp")
            #expect(try store.resolve("d").hash == onExp.hash)
            #expect(throws: SynthError.self) { try store.deleteRef("d", "exp") }
            try store.deleteRef("d", "v1")
            #expect(try store.refs("d").map(\.name) == ["exp", "main"])
        }
    }

    @Test func restoreRollsBackAsANewVersionAndKeepsTheLaterOnes() throws {
        try TestDatabases.withEach { db in
            let store = try Store(database: db, actor: "ana")
            try store.createDataset(DatasetInfo(name: "d"))
            let v1 = try Self.commit(store, "d", Self.records(0..<100)).version
            let v2 = try Self.commit(store, "d", Self.records(50..<200)).version
            let restored = try store.restore("d", to: "main~1")
            #expect(!restored.unchanged)
            #expect(restored.version.chunks == v1.chunks)
            #expect(restored.version.parents == [v2.hash])
            #expect(try Self.ids(store, "d") == Self.records(0..<100).map(\.id))
            #expect(try store.log("d").map(\.hash) == [restored.version.hash, v2.hash, v1.hash])
            // The later version is still there to go back to.
            _ = try store.restore("d", to: v2.hash)
            #expect(try Self.ids(store, "d") == Self.records(50..<200).map(\.id))
        }
    }

    @Test func mergeIsThreeWayByRecordIdAndReportsConflicts() throws {
        try TestDatabases.withEach { db in
            let store = try Store(database: db, actor: "ana")
            try store.createDataset(DatasetInfo(name: "d"))
            try Self.commit(store, "d", Self.records(0..<10))
            try store.createBranch("d", "fix")
            // Fast-forward: main has nothing of its own.
            let fixed = try Self.commit(store, "d", Self.records(0..<10) { $0 == 2 ? "fixed" : "note \($0) body" }, branch: "fix").version
            guard case .fastForward(let v) = try store.merge("d", from: "fix") else {
                Issue.record("expected a fast-forward")
                return
            }
            #expect(v.hash == fixed.hash)
            guard case .upToDate = try store.merge("d", from: "fix") else {
                Issue.record("expected up to date")
                return
            }

            // Both sides change different records: a clean merge with both changes.
            try Self.commit(store, "d", Self.records(0..<10) { $0 == 2 ? "fixed" : $0 == 3 ? "main edit" : "note \($0) body" })
            try Self.commit(
                store, "d", Self.records([0, 1, 2, 3, 5, 6, 7, 8, 9, 10]) { $0 == 2 ? "fixed" : "note \($0) body" }, branch: "fix")
            guard case .merged(let merged, _, let fromTheirs) = try store.merge("d", from: "fix") else {
                Issue.record("expected a merge")
                return
            }
            #expect(fromTheirs == 2)
            #expect(merged.parents.count == 2)
            let texts = try store.bodies(store.entries(of: merged).map(\.hash)).values
            #expect(texts.contains { $0.contains("main edit") })
            #expect(
                try Self.ids(store, "d") == [
                    "note-0", "note-1", "note-2", "note-3", "note-5", "note-6", "note-7", "note-8", "note-9", "note-10",
                ])

            // Both sides change the same record: a conflict, and nothing is committed.
            let head = try store.resolve("d")
            try Self.commit(
                store, "d",
                Self.records([0, 1, 2, 3, 5, 6, 7, 8, 9, 10]) {
                    $0 == 1 ? "ours" : $0 == 2 ? "fixed" : $0 == 3 ? "main edit" : "note \($0) body"
                })
            try Self.commit(
                store, "d",
                Self.records([0, 1, 2, 3, 5, 6, 7, 8, 9, 10]) {
                    $0 == 1 ? "theirs" : $0 == 2 ? "fixed" : $0 == 3 ? "main edit" : "note \($0) body"
                }, branch: "fix")
            let beforeMerge = try store.resolve("d")
            guard case .conflicts(let conflicts) = try store.merge("d", from: "fix") else {
                Issue.record("expected a conflict")
                return
            }
            #expect(conflicts.map(\.id) == ["note-1"])
            #expect(conflicts.first?.summary == "changed on both sides")
            #expect(try store.resolve("d").hash == beforeMerge.hash)
            #expect(beforeMerge.hash != head.hash)
            guard case .merged(let settled, _, _) = try store.merge("d", from: "fix", prefer: .theirs) else {
                Issue.record("expected a merge")
                return
            }
            let settledTexts = try store.bodies(store.entries(of: settled).map(\.hash)).values
            #expect(settledTexts.contains { $0.contains("theirs") } && !settledTexts.contains { $0.contains("ours") })
        }
    }

    @Test func aFailedCommitLeavesTheStoreAsItWas() throws {
        try TestDatabases.withEach { db in
            let store = try Store(database: db, actor: "ana")
            try store.createDataset(DatasetInfo(name: "d"))
            let v1 = try Self.commit(store, "d", Self.records(0..<10)).version
            let recordsBefore = try Self.count(store, "records")
            // A record id given twice.
            let twice = #expect(throws: SynthError.self) { try Self.commit(store, "d", Self.records(100..<500) + Self.records([100])) }
            #expect(twice?.message == "record id 'note-100' is given twice; a version holds one record per id")
            // A source that fails after handing over a batch.
            #expect(throws: SynthError.self) {
                try store.commit("d", mode: .replace, message: "broken") {
                    (add: ([StoredRecord]) throws(SynthError) -> Void) throws(SynthError) in
                    try add(Self.records(1_000..<1_300))
                    throw SynthError(.io, "the input file went away")
                }
            }
            #expect(try store.resolve("d").hash == v1.hash)
            #expect(try Self.count(store, "records") == recordsBefore)
            #expect(try Self.count(store, "versions") == 1)
        }
    }

    @Test func aFullDiskIsNamedAndKeepsNothingOfTheCommit() throws {
        // SQLite reports a full disk when the file may grow no further; max_page_count makes it so.
        let path = try Processes.temporaryFolder() + "/full.db"
        let store = try Store(database: SQLiteDatabase(path: path), actor: "ana")
        try store.createDataset(DatasetInfo(name: "d"))
        let v1 = try Self.commit(store, "d", Self.records(0..<10)).version
        let pages = try #require(try store.database.first("PRAGMA page_count")).int(0)
        try store.database.script("PRAGMA max_page_count = \(pages + 20)")
        let big = Self.records(0..<5_000) { String(repeating: "long note \($0) ", count: 40) }
        let error = #expect(throws: SynthError.self) { try Self.commit(store, "d", big) }
        #expect(error?.code == .io)
        #expect(error?.message.contains("the disk holding \(path) is full") == true)
        #expect(error?.message.contains("nothing of this change was kept") == true)
        #expect(try store.resolve("d").hash == v1.hash)
        #expect(try Self.count(store, "records") == 10)
    }

    @Test func aBranchThatMovesDuringACommitFailsTheCommit() throws {
        try TestDatabases.withEach { db in
            let store = try Store(database: db, actor: "ana")
            try store.createDataset(DatasetInfo(name: "d"))
            let v1 = try Self.commit(store, "d", Self.records(0..<10)).version
            let v2 = try Self.commit(store, "d", Self.records(0..<20)).version
            // While the records stream in, the branch is moved (as another process's commit would).
            let error = #expect(throws: SynthError.self) {
                try store.commit("d", mode: .replace, message: "late") {
                    (add: ([StoredRecord]) throws(SynthError) -> Void) throws(SynthError) in
                    try add(Self.records(0..<5))
                    try db.execute("UPDATE refs SET version = ? WHERE dataset = 'd' AND name = 'main'", [.text(v1.hash)])
                }
            }
            #expect(error?.code == .conflict)
            #expect(error?.message.contains("branch main of d changed while this ran") == true)
            #expect(try store.resolve("d").hash == v2.hash)
            #expect(try Self.count(store, "versions") == 2)
        }
    }

    @Test func appendAddsNewIdsAndReplacesKnownOnes() throws {
        try TestDatabases.withEach { db in
            let store = try Store(database: db, actor: "ana")
            try store.createDataset(DatasetInfo(name: "d"))
            try Self.commit(store, "d", Self.records(0..<5))
            let v = try Self.commit(store, "d", Self.records([3, 7]) { _ in "new" }, mode: .append).version
            #expect(try Self.ids(store, "d") == ["note-0", "note-1", "note-2", "note-3", "note-4", "note-7"])
            #expect((v.added, v.removed, v.changed) == (1, 0, 1))
        }
    }

    @Test func removingADatasetFreesOnlyRecordsNoOtherDatasetUses() throws {
        try TestDatabases.withEach { db in
            let store = try Store(database: db, actor: "ana")
            try store.createDataset(DatasetInfo(name: "a"))
            try store.createDataset(DatasetInfo(name: "b"))
            try Self.commit(store, "a", Self.records(0..<100))
            try Self.commit(store, "b", Self.records(50..<120))
            #expect(try Self.count(store, "records") == 120)
            try store.removeDataset("a")
            #expect(try store.dataset("a") == nil)
            #expect(try Self.count(store, "records") == 70)
            #expect(try Self.ids(store, "b") == Self.records(50..<120).map(\.id))
            #expect(try store.auditLog(about: "a").map(\.action).contains("dataset.remove"))
        }
    }

    @Test func runsLedgerTemplatesAndTheAuditLogAreKept() throws {
        try TestDatabases.withEach { db in
            let store = try Store(database: db, actor: "ana")
            try store.createDataset(DatasetInfo(name: "d"))
            let run = try store.startRun(kind: "generate", dataset: "d", spec: "--domain medical")
            let v = try Self.commit(store, "d", Self.records(0..<3)).version
            try store.finishRun(run, succeeded: true, summary: "3 records", version: v.hash)
            let runs = try store.runs(dataset: "d")
            #expect(runs.map(\.status) == ["succeeded"] && runs.first?.version == v.hash && runs.first?.spec == "--domain medical")

            try store.spend(LedgerEntry(dataset: "patients", model: "dp-mst", mechanism: "gaussian-zcdp", epsilon: 0.5, delta: 1e-6))
            try store.spend(LedgerEntry(dataset: "patients", model: "dp-mst", mechanism: "gaussian-zcdp", epsilon: 1.25, delta: 0))
            #expect(try store.ledger(dataset: "patients").map(\.epsilon) == [0.5, 1.25])
            #expect(try store.ledger(dataset: "patients").first?.actor == "ana")
            #expect(throws: SynthError.self) {
                try store.spend(LedgerEntry(dataset: "p", model: "m", mechanism: "x", epsilon: -1, delta: 0))
            }

            let (t1, made) = try store.saveTemplate("support-chat", body: "system: be kind\n", message: "first")
            #expect(made && t1.number == 1)
            #expect(try store.saveTemplate("support-chat", body: "system: be kind\n", message: "same").created == false)
            let (t2, _) = try store.saveTemplate("support-chat", body: "system: be brief\n", message: "shorter")
            #expect(t2.number == 2)
            let fork = try store.forkTemplate("support-chat@1", as: "support-chat-formal")
            #expect(fork.body == "system: be kind\n")
            #expect(try store.templates().map(\.name) == ["support-chat", "support-chat-formal"])
            #expect(try store.templates().last?.forkedFrom == "support-chat@1")
            #expect(try store.template("support-chat").number == 2)
            #expect(throws: SynthError.self) { try store.template("support-chat@9") }

            let actions = try store.auditLog(limit: 50).map(\.action)
            for action in [
                "dataset.create", "run.start", "dataset.commit", "run.finish", "privacy.spend", "template.save", "template.fork",
            ] {
                #expect(actions.contains(action), "\(action)")
            }
            #expect(try store.auditLog(limit: 50).allSatisfy { $0.actor == "ana" })
        }
    }
}
