import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import Testing

@Suite struct DatasetTests {
    @Test func aDatasetIsCreatedListedChangedAndDeleted() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let made = try await client.call(
                .post, "/api/v1/datasets",
                json: .object(["name": .string("tickets"), "description": .string("support tickets"), "shape": .string("classification")]))
            #expect(made.status == 201)
            #expect(made["name"]?.stringValue == "tickets")
            #expect(made["records"]?.doubleValue == 0)
            #expect(made["version"]?.isNull == true)
            #expect(made["review_required"] == .bool(false))
            #expect(made["owner"]?.stringValue == "admin@localhost")

            #expect(try await client.call(.post, "/api/v1/datasets", json: .object(["name": .string("tickets")])).status == 409)

            try await client.call(
                .post, "/api/v1/datasets/tickets/versions", json: .object(["records": .array(DatasetFixtures.records(12))]))
            let read = try await client.call(.get, "/api/v1/datasets/tickets")
            #expect(read["records"]?.doubleValue == 12)
            #expect(read["version"]?.stringValue?.count == 64)
            #expect(read["domain"]?.stringValue == "support")

            let list = try await client.call(.get, "/api/v1/datasets")
            #expect(list["datasets"]?.arrayValue?.compactMap { $0.objectValue?["name"]?.stringValue } == ["tickets"])

            let changed = try await client.call(
                .patch, "/api/v1/datasets/tickets", json: .object(["description": .string("triaged"), "review_required": .bool(true)]))
            #expect(changed.status == 200)
            #expect(changed["description"]?.stringValue == "triaged")
            #expect(changed["review_required"] == .bool(true))

            #expect(try await client.call(.delete, "/api/v1/datasets/tickets").status == 204)
            let gone = try await client.call(.get, "/api/v1/datasets/tickets")
            #expect(gone.status == 404)
            #expect(gone.text.contains("tickets"))
            #expect(try await client.call(.get, "/api/v1/datasets")["datasets"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func badNamesShapesAndFieldsAre400sNamingTheField() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            for name in ["", "-dash", "has space", "a/b", String(repeating: "x", count: 120)] {
                let bad = try await client.call(.post, "/api/v1/datasets", json: .object(["name": .string(name)]))
                #expect(bad.status == 400, "\(name): \(bad.text)")
                #expect(bad.errorField == "name")
            }
            let shape = try await client.call(.post, "/api/v1/datasets", json: .object(["name": .string("a"), "shape": .string("poem")]))
            #expect(shape.status == 400)
            #expect(shape.errorField == "shape")
            #expect(shape.text.contains("classification"))
            let unknown = try await client.call(.post, "/api/v1/datasets", json: .object(["name": .string("a"), "colour": .string("red")]))
            #expect(unknown.status == 400)
            #expect(unknown.errorField == "colour")
            let wrongType = try await client.call(.patch, "/api/v1/datasets/a", json: .object(["review_required": .string("yes")]))
            #expect(wrongType.status == 400)
            #expect(wrongType.errorField == "review_required")
            let badPath = try await client.call(.get, "/api/v1/datasets/has%20space")
            #expect(badPath.status == 400)
            #expect(badPath.errorField == "dataset")
        }
    }

    @Test func anotherOrganizationGets404ForEverythingOfADataset() async throws {
        let server = try await TestServer.make()
        let other = try await server.otherOrg("acme").key
        try await server.run { client in
            try await DatasetFixtures.dataset("secret", records: DatasetFixtures.records(5), client: client)
            for path in [
                "/api/v1/datasets/secret", "/api/v1/datasets/secret/records", "/api/v1/datasets/secret/records/r1",
                "/api/v1/datasets/secret/export/jsonl", "/api/v1/datasets/secret/versions", "/api/v1/datasets/secret/branches",
            ] {
                let answer = try await client.call(.get, path, key: other)
                #expect(answer.status == 404, "\(path): \(answer.status)")
                #expect(!answer.text.contains("default/"), "\(path) leaks the other organization: \(answer.text)")
            }
            let review = try await client.call(
                .post, "/api/v1/datasets/secret/records/r1/review", json: .object(["status": .string("approved")]), key: other)
            #expect(review.status == 404)
            #expect(try await client.call(.delete, "/api/v1/datasets/secret", key: other).status == 404)
            #expect(try await client.call(.get, "/api/v1/datasets", key: other)["datasets"]?.arrayValue?.isEmpty == true)

            // The other organization has a namespace of its own: the same name is free there.
            try await DatasetFixtures.dataset("secret", records: DatasetFixtures.records(2), client: client, key: other)
            #expect(try await client.call(.get, "/api/v1/datasets/secret", key: other)["records"]?.doubleValue == 2)
            #expect(try await client.call(.get, "/api/v1/datasets/secret")["records"]?.doubleValue == 5)
        }
    }

    @Test func aViewerReadsButCannotCreateOrDelete() async throws {
        let server = try await TestServer.make()
        let viewer = try await server.member(.viewer).key
        try await server.run { client in
            try await DatasetFixtures.dataset("notes", records: DatasetFixtures.records(3), client: client)
            #expect(try await client.call(.get, "/api/v1/datasets/notes", key: viewer).status == 200)
            #expect(try await client.call(.post, "/api/v1/datasets", json: .object(["name": .string("x")]), key: viewer).status == 403)
            #expect(try await client.call(.delete, "/api/v1/datasets/notes", key: viewer).status == 403)
        }
    }
}
