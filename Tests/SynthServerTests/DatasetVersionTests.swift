import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import SynthStore
import Testing

@Suite struct DatasetVersionTests {
    @Test func versionsAreCommittedListedComparedTaggedAndRestored() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            try await DatasetFixtures.dataset("tickets", records: DatasetFixtures.records(10), client: client)
            let second = try await client.call(
                .post, "/api/v1/datasets/tickets/versions",
                json: .object([
                    "message": .string("two more, one changed"),
                    "records": .array(DatasetFixtures.records(2, from: 10) + DatasetFixtures.records(1, from: 3, text: "Changed")),
                ]))
            #expect(second.status == 201)
            #expect(second["version"]?.objectValue?["records"]?.doubleValue == 12)
            #expect(second["version"]?.objectValue?["added"]?.doubleValue == 2)
            #expect(second["version"]?.objectValue?["changed"]?.doubleValue == 1)
            #expect(second["branch"]?.stringValue == "main")

            let list = try await client.call(.get, "/api/v1/datasets/tickets/versions")
            let versions = (list["versions"]?.arrayValue ?? []).compactMap { $0.objectValue }
            #expect(versions.map { $0["message"]?.stringValue } == ["two more, one changed", "first"])
            let first = try #require(versions.last?["hash"]?.stringValue)
            let newest = try #require(versions.first?["hash"]?.stringValue)

            #expect(try await client.call(.get, "/api/v1/datasets/tickets/versions/\(first.prefix(8))")["hash"]?.stringValue == first)
            let diff = try await client.call(.get, "/api/v1/datasets/tickets/diff/\(first)/\(newest)")
            #expect(diff["added"]?.arrayValue == [.string("r10"), .string("r11")])
            #expect(diff["changed"]?.arrayValue == [.string("r3")])
            #expect(diff["counts"]?.objectValue?["removed"]?.doubleValue == 0)

            let tag = try await client.call(.post, "/api/v1/datasets/tickets/versions/\(first)/tag", json: .object(["tag": .string("v1")]))
            #expect(tag.status == 201)
            let restored = try await client.call(.post, "/api/v1/datasets/tickets/versions/v1/restore")
            #expect(restored.status == 200)
            #expect(restored["version"]?.objectValue?["records"]?.doubleValue == 10)
            #expect(try await client.call(.get, "/api/v1/datasets/tickets")["records"]?.doubleValue == 10)
            let badTag = try await client.call(
                .post, "/api/v1/datasets/tickets/versions/v1/tag", json: .object(["tag": .string("bad tag")]))
            #expect(badTag.status == 400)
            #expect(badTag.errorField == "tag")
        }
        let kinds = try await server.services.stores.with { store in
            try store.database.rows("SELECT data FROM events WHERE kind = 'dataset.version' ORDER BY id").map { $0.text(0) }
        }
        #expect(kinds.count == 3)
    }

    @Test func branchesAreMadeAndMergedAndConflictsNeedAPreference() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            try await DatasetFixtures.dataset("tickets", records: DatasetFixtures.records(4), client: client)
            let branch = try await client.call(.post, "/api/v1/datasets/tickets/branches", json: .object(["name": .string("fixes")]))
            #expect(branch.status == 201)
            try await client.call(
                .post, "/api/v1/datasets/tickets/versions",
                json: .object(["branch": .string("fixes"), "records": .array(DatasetFixtures.records(1, from: 0, text: "Fixed"))]))
            try await client.call(
                .post, "/api/v1/datasets/tickets/versions",
                json: .object(["records": .array(DatasetFixtures.records(1, from: 0, text: "Also fixed"))]))
            let branches = try await client.call(.get, "/api/v1/datasets/tickets/branches")
            #expect(branches["branches"]?.arrayValue?.compactMap { $0.objectValue?["name"]?.stringValue } == ["fixes", "main"])
            #expect(branches["current"]?.stringValue == "main")

            let conflict = try await client.call(.post, "/api/v1/datasets/tickets/merge", json: .object(["from": .string("fixes")]))
            #expect(conflict.status == 409)
            #expect(conflict.text.contains("r0"))
            let merged = try await client.call(
                .post, "/api/v1/datasets/tickets/merge", json: .object(["from": .string("fixes"), "prefer": .string("theirs")]))
            #expect(merged.status == 200)
            #expect(merged["outcome"]?.stringValue == "merged")
            let r0 = try await client.call(.get, "/api/v1/datasets/tickets/records/r0")
            #expect(r0["fields"]?.objectValue?["text"]?.stringValue?.hasPrefix("Fixed") == true)
            let badPrefer = try await client.call(
                .post, "/api/v1/datasets/tickets/merge", json: .object(["from": .string("fixes"), "prefer": .string("mine")]))
            #expect(badPrefer.errorField == "prefer")
        }
    }

    @Test func aCommitOfSomethingThatIsNotARecordIsRefusedNamingIt() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            #expect(try await client.call(.post, "/api/v1/datasets", json: .object(["name": .string("t")])).status == 201)
            let notObject = try await client.call(
                .post, "/api/v1/datasets/t/versions", json: .object(["records": .array(DatasetFixtures.records(1) + [.int(3)])]))
            #expect(notObject.status == 400)
            #expect(notObject.errorField == "records[1]")
            let notRecord = try await client.call(
                .post, "/api/v1/datasets/t/versions",
                // Neither a record of a task shape nor a table row (whose values are all scalars).
                json: .object(["records": .array(DatasetFixtures.records(1) + [.object(["colour": .object(["red": .int(3)])])])]))
            #expect(notRecord.status == 422)
            #expect(notRecord.errorField == "records[1]")
            let empty = try await client.call(.post, "/api/v1/datasets/t/versions", json: .object(["records": .array([])]))
            #expect(empty.errorField == "records")
            let twice = try await client.call(
                .post, "/api/v1/datasets/t/versions",
                json: .object(["records": .array(DatasetFixtures.records(1) + DatasetFixtures.records(1))]))
            #expect(twice.status == 422)
            #expect(twice.text.contains("r0"))
        }
    }
}
