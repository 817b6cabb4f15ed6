import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import Testing

@Suite struct CommentTests {
    @Test func reviewersCommentOnADatasetAndItsRecordsAndEveryMemberReadsThem() async throws {
        let server = try await TestServer.make()
        try await server.dataset("notes", records: 3)
        let reviewer = try await server.member(.reviewer)
        let viewer = try await server.member(.viewer)
        try await server.run { client in
            let general = try await client.call(
                .post, "/api/v1/datasets/notes/comments", json: .object(["body": .string("Labels look consistent.")]), key: reviewer.key)
            #expect(general.status == 201)
            #expect(general["record"] == .null)
            #expect(general["author"]?.stringValue?.hasPrefix("reviewer-") == true)
            let onRecord = try await client.call(
                .post, "/api/v1/datasets/notes/comments", json: .object(["body": .string("Too short."), "record": .string("r2")]),
                key: reviewer.key)
            #expect(onRecord.status == 201)
            #expect(onRecord["record"] == .string("r2"))
            #expect(onRecord["dataset"] == .string("notes"))

            let all = try await client.call(.get, "/api/v1/datasets/notes/comments", key: viewer.key)
            #expect(all.status == 200)
            #expect(
                all["comments"]?.arrayValue?.compactMap { $0.objectValue?["body"]?.stringValue } == [
                    "Labels look consistent.", "Too short.",
                ])
            #expect(all["next_after"] == .null)
            let one = try await client.call(.get, "/api/v1/datasets/notes/comments?record=r2", key: viewer.key)
            #expect(one["comments"]?.arrayValue?.count == 1)
            let page = try await client.call(.get, "/api/v1/datasets/notes/comments?limit=1")
            #expect(page["comments"]?.arrayValue?.count == 1)
            let after = try #require(page["next_after"]?.doubleValue)
            let rest = try await client.call(.get, "/api/v1/datasets/notes/comments?after=\(Int(after))")
            #expect(rest["comments"]?.arrayValue?.first?.objectValue?["body"] == .string("Too short."))

            let refused = try await client.call(
                .post, "/api/v1/datasets/notes/comments", json: .object(["body": .string("hi")]), key: viewer.key)
            #expect(refused.status == 403)

            let activity = try await client.call(.get, "/api/v1/activity", key: viewer.key)
            let kinds = activity["events"]?.arrayValue?.compactMap { $0.objectValue?["kind"]?.stringValue }
            #expect(kinds == ["comment.created", "comment.created"])
            let newest = try #require(activity["events"]?.arrayValue?.first?.objectValue)
            #expect(newest["subject"] == .string("dataset/notes"))
            #expect(newest["data"]?.objectValue?["record"] == .string("r2"))
        }
    }

    @Test func aCommentNeedsABodyAKnownRecordAndADatasetOfTheCallersOrganization() async throws {
        let server = try await TestServer.make()
        try await server.dataset("notes", records: 2)
        let other = try await server.otherOrg()
        try await server.dataset("secret", org: "other")
        try await server.run { client in
            let empty = try await client.call(.post, "/api/v1/datasets/notes/comments", json: .object(["body": .string("")]))
            #expect(empty.status == 400)
            #expect(empty.errorField == "body")
            let huge = try await client.call(
                .post, "/api/v1/datasets/notes/comments", json: .object(["body": .string(String(repeating: "x", count: 10_001))]))
            #expect(huge.errorField == "body")
            let unknown = try await client.call(
                .post, "/api/v1/datasets/notes/comments", json: .object(["body": .string("x"), "colour": .string("red")]))
            #expect(unknown.errorField == "colour")
            let wrongType = try await client.call(.post, "/api/v1/datasets/notes/comments", json: .object(["body": .int(3)]))
            #expect(wrongType.errorField == "body")
            let noRecord = try await client.call(
                .post, "/api/v1/datasets/notes/comments", json: .object(["body": .string("x"), "record": .string("r9")]))
            #expect(noRecord.status == 404)
            #expect(noRecord.text.contains("r9"))
            #expect(try await client.call(.get, "/api/v1/datasets/missing/comments").status == 404)

            // Another organization's dataset does not exist for this caller, and the other way round.
            let foreign = try await client.call(.post, "/api/v1/datasets/secret/comments", json: .object(["body": .string("x")]))
            #expect(foreign.status == 404)
            #expect(try await client.call(.get, "/api/v1/datasets/notes/comments", key: other.key).status == 404)
            #expect(try await client.call(.get, "/api/v1/datasets/secret/comments", key: other.key).status == 200)
        }
    }

    @Test func onlyTheAuthorOrAnAdminDeletesAComment() async throws {
        let server = try await TestServer.make()
        try await server.dataset("notes")
        let author = try await server.member(.reviewer)
        let colleague = try await server.member(.editor)
        let admin = try await server.member(.admin)
        let other = try await server.otherOrg()
        try await server.run { client in
            func post() async throws -> Int {
                let answer = try await client.call(
                    .post, "/api/v1/datasets/notes/comments", json: .object(["body": .string("x")]), key: author.key)
                return Int(try #require(answer["id"]?.doubleValue))
            }
            let first = try await post()
            let second = try await post()
            #expect(try await client.call(.delete, "/api/v1/comments/\(first)", key: colleague.key).status == 403)
            #expect(try await client.call(.delete, "/api/v1/comments/\(first)", key: other.key).status == 404)
            #expect(try await client.call(.delete, "/api/v1/comments/\(first)", key: author.key).status == 204)
            #expect(try await client.call(.delete, "/api/v1/comments/\(first)", key: author.key).status == 404)
            #expect(try await client.call(.delete, "/api/v1/comments/\(second)", key: admin.key).status == 204)
            #expect(try await client.call(.delete, "/api/v1/comments/abc").status == 404)
            let left = try await client.call(.get, "/api/v1/datasets/notes/comments")
            #expect(left["comments"]?.arrayValue?.isEmpty == true)
        }
    }
}
