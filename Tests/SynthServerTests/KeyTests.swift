import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import Testing

@Suite struct KeyTests {
    @Test func aNewKeyIsShownOnceAndListsNeverShowTheKeyOrItsHash() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let made = try await client.call(
                .post, "/api/v1/keys", json: .object(["name": .string("ci"), "role": .string("editor"), "expires_in_days": .int(30)]))
            #expect(made.status == 201)
            let key = try #require(made["key"]?.stringValue)
            #expect(key.hasPrefix("sf_"))
            #expect(made["role"]?.stringValue == "editor")
            let expires = try #require(made["expires_at"]?.wholeNumber)
            let created = try #require(made["created_at"]?.wholeNumber)
            #expect((30 * 86_400_000 - 5_000...30 * 86_400_000).contains(expires - created), "30 days from its making")

            #expect(try await client.call(.get, "/api/v1/me", key: key)["role"]?.stringValue == "editor")
            let list = try await client.call(.get, "/api/v1/keys")
            #expect(list.status == 200)
            let keys = try #require(list["keys"]?.arrayValue)
            #expect(keys.count == 2)
            let listed = try #require(keys.first { $0.objectValue?["name"]?.stringValue == "ci" }?.objectValue)
            #expect(listed["key"] == nil)
            #expect(listed["prefix"]?.stringValue == String(key.prefix(10)))
            #expect(listed["last_used_at"]?.wholeNumber != nil, "the key was just used")
            #expect(!list.text.contains(key))
            #expect(!list.text.contains(Secrets.tokenHash(key)))
            #expect(!list.text.contains(Secrets.tokenHash(server.ownerKey)))
        }
    }

    @Test func aKeyCannotHaveMoreThanItsCreatorsRole() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let editor = try await client.newKey(.editor)
            let above = try await client.call(
                .post, "/api/v1/keys", json: .object(["name": .string("x"), "role": .string("admin")]), key: editor)
            #expect(above.status == 403)
            #expect(above.errorField == "role")
            let same = try await client.call(.post, "/api/v1/keys", json: .object(["name": .string("y")]), key: editor)
            #expect(same.status == 201)
            #expect(same["role"]?.stringValue == "editor")
            let unknown = try await client.call(.post, "/api/v1/keys", json: .object(["name": .string("z"), "role": .string("root")]))
            #expect(unknown.status == 400)
            #expect(unknown.errorField == "role")

            // An editor sees only their own keys, and none above their role.
            let listed = try #require(try await client.call(.get, "/api/v1/keys", key: editor)["keys"]?.arrayValue)
            #expect(listed.count == 2)
            #expect(listed.allSatisfy { $0.objectValue?["role"]?.stringValue == "editor" })
        }
    }

    @Test func aRevokedKeyIsRefusedAtOnce() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let made = try await client.call(.post, "/api/v1/keys", json: .object(["name": .string("temp")]))
            let key = try #require(made["key"]?.stringValue)
            let id = try #require(made["id"]?.wholeNumber)
            #expect(try await client.call(.get, "/api/v1/me", key: key).status == 200)
            let revoked = try await client.call(.delete, "/api/v1/keys/\(id)")
            #expect(revoked.status == 200)
            #expect(revoked["revoked_at"]?.wholeNumber != nil)
            #expect(try await client.call(.get, "/api/v1/me", key: key).status == 401)
            #expect(try await client.call(.delete, "/api/v1/keys/\(id + 100)").status == 404)
            #expect(try await client.call(.delete, "/api/v1/keys/not-a-number").status == 404)
        }
    }

    @Test func rotationGivesANewKeyAndTheOldOneExpiresAfterTheOverlap() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let made = try await client.call(.post, "/api/v1/keys", json: .object(["name": .string("deploy"), "role": .string("editor")]))
            let old = try #require(made["key"]?.stringValue)
            let id = try #require(made["id"]?.wholeNumber)

            let before = ServerClock.nowMillis()
            let rotated = try await client.call(.post, "/api/v1/keys/\(id)/rotate", json: .object([:]), key: old)
            let after = ServerClock.nowMillis()
            #expect(rotated.status == 201)
            let new = try #require(rotated["key"]?.stringValue)
            #expect(new != old)
            #expect(rotated["name"]?.stringValue == "deploy")
            #expect(rotated["role"]?.stringValue == "editor")
            let previous = try #require(rotated["previous_expires_at"]?.wholeNumber)
            #expect((before + 86_400_000...after + 86_400_000).contains(Int64(previous)), "a day of overlap by default")
            // Both work during the overlap.
            #expect(try await client.call(.get, "/api/v1/me", key: old).status == 200)
            #expect(try await client.call(.get, "/api/v1/me", key: new).status == 200)
            let listed = try #require(try await client.call(.get, "/api/v1/keys")["keys"]?.arrayValue)
            let oldListed = try #require(listed.first { $0.objectValue?["id"]?.wholeNumber == id }?.objectValue)
            #expect(oldListed["expires_at"]?.wholeNumber == previous)

            // Without overlap the new key's own predecessor stops at once.
            let newID = try #require(rotated["id"]?.wholeNumber)
            let again = try await client.call(.post, "/api/v1/keys/\(newID)/rotate", json: .object(["overlap_seconds": .int(0)]), key: new)
            #expect(again.status == 201)
            #expect(try await client.call(.get, "/api/v1/me", key: new).status == 401)
            let newest = try #require(again["key"]?.stringValue)
            #expect(try await client.call(.get, "/api/v1/me", key: newest).status == 200)
            #expect(try await client.call(.post, "/api/v1/keys/\(newID)/rotate", json: .object([:])).status == 409)
            let tooLong = try await client.call(.post, "/api/v1/keys/\(id)/rotate", json: .object(["overlap_seconds": .int(-1)]))
            #expect(tooLong.errorField == "overlap_seconds")
        }
    }

    @Test func onlyItsOwnerRotatesAKeyAndNoOneSeesAKeyAboveTheirRole() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            _ = try await client.addMember("ada@example.com", role: .admin, password: "ada's long password")
            let admin = try await client.session("ada@example.com", "ada's long password")
            let ownersEditorKey = try await client.call(
                .post, "/api/v1/keys", json: .object(["name": .string("e"), "role": .string("editor")]))
            let editorKeyID = try #require(ownersEditorKey["id"]?.wholeNumber)
            // The owner's first key (id 1) is an owner key: an admin cannot reach it.
            #expect(try await client.call(.delete, "/api/v1/keys/1", key: admin).status == 404)
            #expect(try await client.call(.post, "/api/v1/keys/1/rotate", json: .object([:]), key: admin).status == 404)
            // An admin can revoke the owner's editor key but not take it over by rotating it.
            #expect(try await client.call(.post, "/api/v1/keys/\(editorKeyID)/rotate", json: .object([:]), key: admin).status == 403)
            #expect(try await client.call(.delete, "/api/v1/keys/\(editorKeyID)", key: admin).status == 200)
            #expect(try await client.call(.post, "/api/v1/keys/\(editorKeyID)/rotate", json: .object([:])).status == 409)
            // A weaker key of the same owner cannot rotate the owner's stronger key into its hands.
            let viewer = try await client.newKey(.viewer)
            #expect(try await client.call(.post, "/api/v1/keys/1/rotate", json: .object([:]), key: viewer).status == 404)
        }
    }
}
