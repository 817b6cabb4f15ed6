import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import SynthStore
import Testing

@Suite struct ReviewTests {
    @Test func aRecordGoesFromPendingToApprovedOrRejectedWithAReasonAndBack() async throws {
        let server = try await TestServer.make()
        let reviewer = try await server.member(.reviewer).key
        let viewer = try await server.member(.viewer).key
        try await server.run { client in
            try await DatasetFixtures.dataset("tickets", records: DatasetFixtures.records(6), client: client)
            let path = "/api/v1/datasets/tickets/records/r2/review"

            let approved = try await client.call(.post, path, json: .object(["status": .string("approved")]), key: reviewer)
            #expect(approved.status == 200)
            #expect(approved["status"]?.stringValue == "approved")
            #expect(approved["review_reason"]?.isNull == true)

            let noReason = try await client.call(.post, path, json: .object(["status": .string("rejected")]), key: reviewer)
            #expect(noReason.status == 400)
            #expect(noReason.errorField == "reason")

            let rejected = try await client.call(
                .post, path, json: .object(["status": .string("rejected"), "reason": .string("label is wrong")]), key: reviewer)
            #expect(rejected["status"]?.stringValue == "rejected")
            #expect(rejected["review_reason"]?.stringValue == "label is wrong")
            #expect(try await client.call(.get, "/api/v1/datasets/tickets/records/r2")["status"]?.stringValue == "rejected")

            let forbidden = try await client.call(.post, path, json: .object(["status": .string("approved")]), key: viewer)
            #expect(forbidden.status == 403)
            let badStatus = try await client.call(.post, path, json: .object(["status": .string("maybe")]), key: reviewer)
            #expect(badStatus.status == 400)
            #expect(badStatus.errorField == "status")
            let missing = try await client.call(
                .post, "/api/v1/datasets/tickets/records/r99/review", json: .object(["status": .string("approved")]), key: reviewer)
            #expect(missing.status == 404)

            let back = try await client.call(.post, path, json: .object(["status": .string("pending")]), key: reviewer)
            #expect(back["status"]?.stringValue == "pending")

            let rejectedIDs = try await DatasetFixtures.walk("/api/v1/datasets/tickets/records?status=approved", client: client, limit: 10)
            #expect(rejectedIDs.records.isEmpty)
        }
        let kinds = try await server.services.stores.with { store in
            try store.database.rows("SELECT kind, data FROM events WHERE kind = 'record.reviewed' ORDER BY id").map { $0.text(1) }
        }
        #expect(kinds.count == 3)
        #expect(kinds[1].contains("label is wrong"))
    }

    @Test func aChangedRecordIsPendingAgainWhileUnchangedOnesKeepTheirReview() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            try await DatasetFixtures.dataset("tickets", records: DatasetFixtures.records(4), client: client)
            for id in ["r1", "r2"] {
                let answer = try await client.call(
                    .post, "/api/v1/datasets/tickets/records/\(id)/review", json: .object(["status": .string("approved")]))
                #expect(answer.status == 200)
            }
            // r1 gets new text; r2 is untouched.
            let commit = try await client.call(
                .post, "/api/v1/datasets/tickets/versions",
                json: .object(["records": .array(DatasetFixtures.records(1, from: 1, text: "Refund please"))]))
            #expect(commit.status == 201)
            #expect(try await client.call(.get, "/api/v1/datasets/tickets/records/r1")["status"]?.stringValue == "pending")
            #expect(try await client.call(.get, "/api/v1/datasets/tickets/records/r2")["status"]?.stringValue == "approved")
            let approved = try await DatasetFixtures.walk("/api/v1/datasets/tickets/records?status=approved", client: client, limit: 10)
            #expect(approved.records.compactMap { $0["id"]?.stringValue } == ["r2"])
        }
    }

    @Test func aDatasetThatRequiresReviewExportsApprovedRecordsAndTagsOnlyFullyApprovedVersions() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            try await DatasetFixtures.dataset("tickets", records: DatasetFixtures.records(5), client: client)
            #expect(
                try await client.call(.patch, "/api/v1/datasets/tickets", json: .object(["review_required": .bool(true)])).status == 200)
            for id in ["r0", "r3"] {
                try await client.call(
                    .post, "/api/v1/datasets/tickets/records/\(id)/review", json: .object(["status": .string("approved")]))
            }
            let export = try await client.call(.get, "/api/v1/datasets/tickets/export/jsonl")
            #expect(export.status == 200)
            #expect(ExportTests.ids(inJSONL: export.text) == ["r0", "r3"])
            #expect(export.headers[HTTPField.Name("X-SynthForge-Selection")!]?.contains("requires review") == true)
            #expect(export.headers[HTTPField.Name("X-SynthForge-Records")!] == "2")
            let everything = try await client.call(.get, "/api/v1/datasets/tickets/export/jsonl?status=all")
            #expect(ExportTests.ids(inJSONL: everything.text).count == 5)

            let refused = try await client.call(.post, "/api/v1/datasets/tickets/versions/main/tag", json: .object(["tag": .string("v1")]))
            #expect(refused.status == 409)
            #expect(refused.text.contains("3 pending"))
            for id in ["r1", "r2", "r4"] {
                try await client.call(
                    .post, "/api/v1/datasets/tickets/records/\(id)/review", json: .object(["status": .string("approved")]))
            }
            let tagged = try await client.call(.post, "/api/v1/datasets/tickets/versions/main/tag", json: .object(["tag": .string("v1")]))
            #expect(tagged.status == 201)
            #expect(tagged["kind"]?.stringValue == "tag")
        }
    }
}
