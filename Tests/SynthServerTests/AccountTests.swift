import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import Testing

@Suite struct AccountTests {
    @Test func theCurrentOrganizationIsShownAndOnlyAnOwnerRenamesIt() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let current = try await client.call(.get, "/api/v1/orgs/current")
            #expect(current.status == 200)
            #expect(current["slug"]?.stringValue == "default")
            #expect(current["members"]?.wholeNumber == 1)
            #expect(current["role"]?.stringValue == "owner")

            let admin = try await client.newKey(.admin)
            #expect(
                try await client.call(.patch, "/api/v1/orgs/current", json: .object(["name": .string("Nope")]), key: admin).status == 403)
            let renamed = try await client.call(.patch, "/api/v1/orgs/current", json: .object(["name": .string("Acme Labs")]))
            #expect(renamed.status == 200)
            #expect(renamed["name"]?.stringValue == "Acme Labs")
            #expect(renamed["slug"]?.stringValue == "default")
            #expect(try await client.call(.get, "/api/v1/me")["org_name"]?.stringValue == "Acme Labs")
            let empty = try await client.call(.patch, "/api/v1/orgs/current", json: .object(["name": .string("  ")]))
            #expect(empty.status == 400)
            #expect(empty.errorField == "name")
            #expect(try await client.call(.patch, "/api/v1/orgs/current", json: .object(["slug": .string("x")])).errorField == "slug")
        }
    }

    @Test func aNewOrganizationHasTheCallerAsOwnerAndItsOwnKey() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let viewer = try await client.newKey(.viewer)
            let made = try await client.call(
                .post, "/api/v1/orgs", json: .object(["slug": .string("lab"), "name": .string("The Lab")]), key: viewer)
            #expect(made.status == 201)
            #expect(made["role"]?.stringValue == "owner")
            let key = try #require(made["key"]?.stringValue)
            let me = try await client.call(.get, "/api/v1/me", key: key)
            #expect(me["org"]?.stringValue == "lab")
            #expect(me["role"]?.stringValue == "owner")
            #expect(me["email"]?.stringValue == "admin@localhost")
            // The old key still acts in the old organization, with its own role.
            #expect(try await client.call(.get, "/api/v1/me", key: viewer)["org"]?.stringValue == "default")

            let taken = try await client.call(.post, "/api/v1/orgs", json: .object(["slug": .string("lab")]))
            #expect(taken.status == 409)
            let bad = try await client.call(.post, "/api/v1/orgs", json: .object(["slug": .string("no/slash")]))
            #expect(bad.status == 400)
            #expect(bad.errorField == "slug")
            #expect(try await client.call(.post, "/api/v1/orgs", json: .object([:])).errorField == "slug")
        }
    }

    @Test func adminsAddMembersChangeTheirRolesAndRemoveThem() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let id = try await client.addMember("Bea@Example.com", role: .reviewer, password: "a long enough password")
            let users = try #require(try await client.call(.get, "/api/v1/users")["users"]?.arrayValue)
            #expect(users.count == 2)
            let bea = try #require(users.first { $0.objectValue?["id"]?.wholeNumber == id }?.objectValue)
            #expect(bea["email"]?.stringValue == "bea@example.com")
            #expect(bea["role"]?.stringValue == "reviewer")
            #expect(bea["has_password"] == .bool(true))
            #expect(!(try await client.call(.get, "/api/v1/users").text.contains("$2")), "no password hash is shown")

            let session = try await client.session("bea@example.com", "a long enough password")
            #expect(try await client.call(.get, "/api/v1/me", key: session)["role"]?.stringValue == "reviewer")
            let promoted = try await client.call(.patch, "/api/v1/users/\(id)", json: .object(["role": .string("editor")]))
            #expect(promoted.status == 200)
            #expect(promoted["role"]?.stringValue == "editor")
            #expect(
                try await client.call(.get, "/api/v1/me", key: session)["role"]?.stringValue == "editor", "the session follows the role")

            #expect(
                try await client.call(
                    .post, "/api/v1/users", json: .object(["email": .string("bea@example.com"), "role": .string("viewer")])
                ).status == 409)
            #expect(
                try await client.call(.post, "/api/v1/users", json: .object(["email": .string("nobody"), "role": .string("viewer")]))
                    .errorField == "email")
            #expect(
                try await client.call(
                    .post, "/api/v1/users",
                    json: .object(["email": .string("c@example.com"), "role": .string("viewer"), "password": .string("short")])
                ).errorField == "password")
            #expect(try await client.call(.post, "/api/v1/users", json: .object(["email": .string("c@example.com")])).errorField == "role")

            let removed = try await client.call(.delete, "/api/v1/users/\(id)")
            #expect(removed.status == 204)
            #expect(try await client.call(.get, "/api/v1/me", key: session).status == 401)
            #expect(try await client.call(.delete, "/api/v1/users/\(id)").status == 404)
            #expect(try await client.call(.patch, "/api/v1/users/\(id)", json: .object(["role": .string("viewer")])).status == 404)
        }
    }

    @Test func anAdminCannotGrantOrTouchOwnersAndTheLastOwnerStays() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            _ = try await client.addMember("ada@example.com", role: .admin, password: "ada's long password")
            let admin = try await client.session("ada@example.com", "ada's long password")
            let grant = try await client.call(
                .post, "/api/v1/users", json: .object(["email": .string("x@example.com"), "role": .string("owner")]), key: admin)
            #expect(grant.status == 403)
            #expect(grant.errorField == "role")
            // User 1 is the first owner.
            #expect(try await client.call(.patch, "/api/v1/users/1", json: .object(["role": .string("viewer")]), key: admin).status == 403)
            #expect(try await client.call(.delete, "/api/v1/users/1", key: admin).status == 403)

            let demote = try await client.call(.patch, "/api/v1/users/1", json: .object(["role": .string("admin")]))
            #expect(demote.status == 409)
            #expect(demote.text.contains("last owner"))
            #expect(try await client.call(.delete, "/api/v1/users/1").status == 409)

            // With a second owner, the first can step down.
            let second = try await client.addMember("olga@example.com", role: .owner)
            #expect(try await client.call(.patch, "/api/v1/users/1", json: .object(["role": .string("admin")])).status == 200)
            #expect(try await client.call(.get, "/api/v1/me")["role"]?.stringValue == "admin", "the owner key is capped by the new role")
            #expect(try await client.call(.patch, "/api/v1/users/\(second)", json: .object(["role": .string("viewer")])).status == 403)
        }
    }

    @Test func anExistingUserJoinsAnotherOrganizationWithoutAPassword() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let made = try await client.call(.post, "/api/v1/orgs", json: .object(["slug": .string("second")]))
            let other = try #require(made["key"]?.stringValue)
            _ = try await client.addMember("bea@example.com", role: .viewer, password: "a long enough password")
            let withPassword = try await client.call(
                .post, "/api/v1/users",
                json: .object(["email": .string("bea@example.com"), "role": .string("editor"), "password": .string("takeover attempt")]),
                key: other)
            #expect(withPassword.status == 409)
            #expect(
                try await client.call(
                    .post, "/api/v1/users", json: .object(["email": .string("bea@example.com"), "role": .string("editor")]), key: other
                ).status == 201)
            let first = try #require(try await client.call(.get, "/api/v1/users")["users"]?.arrayValue)
            let second = try #require(try await client.call(.get, "/api/v1/users", key: other)["users"]?.arrayValue)
            #expect(
                first.first { $0.objectValue?["email"]?.stringValue == "bea@example.com" }?.objectValue?["role"]?.stringValue == "viewer")
            #expect(
                second.first { $0.objectValue?["email"]?.stringValue == "bea@example.com" }?.objectValue?["role"]?.stringValue == "editor")
        }
    }
}

@Suite struct OpenRouteSignInTests {
    @Test func aStaleCredentialOnAnOpenRouteIsNoSignInNotA401() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let login = try await client.call(
                .post, "/api/v1/auth/login",
                json: .object(["email": .string("admin@localhost"), "password": .string("correct horse battery staple")]), key: "",
                headers: [.cookie: "synthforge_session=expired.or.forged"])
            #expect(login.status == 200)
            #expect(try await client.call(.get, "/health", key: "sf_revokedOrUnknown").status == 200)
            #expect(
                try await client.call(.get, "/api/v1/me", key: "", headers: [.cookie: "synthforge_session=expired.or.forged"]).status == 401
            )
        }
    }
}
