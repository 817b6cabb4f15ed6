import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import Testing

@Suite struct SessionTests {
    @Test func theFirstOwnersKeySignsInAndAWrongKeyOrNoneIsRefused() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let me = try await client.call(.get, "/api/v1/me")
            #expect(me.status == 200)
            #expect(me["role"]?.stringValue == "owner")
            #expect(me["org"]?.stringValue == "default")

            let none = try await client.call(.get, "/api/v1/me", key: "")
            #expect(none.status == 401)
            #expect(none.errorCode == "unauthorized")
            let wrong = try await client.call(.get, "/api/v1/me", key: "sf_notARealKey")
            #expect(wrong.status == 401)
            #expect(!wrong.text.contains("sf_notARealKey"))
            #expect(try await client.call(.get, "/health", key: "").status == 200)
        }
    }

    @Test func aPasswordGivesASessionThatARefreshTokenRenewsOnce() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let bad = try await client.call(
                .post, "/api/v1/auth/login", json: .object(["email": .string("admin@localhost"), "password": .string("nope")]), key: "")
            #expect(bad.status == 401)
            let login = try await client.call(
                .post, "/api/v1/auth/login",
                json: .object(["email": .string("admin@localhost"), "password": .string("correct horse battery staple")]), key: "")
            #expect(login.status == 200)
            #expect(login.headers[.setCookie]?.contains("HttpOnly") == true)
            let token = try #require(login["token"]?.stringValue)
            let refresh = try #require(login["refresh_token"]?.stringValue)
            #expect(try await client.call(.get, "/api/v1/me", key: token)["email"]?.stringValue == "admin@localhost")

            let renewed = try await client.call(.post, "/api/v1/auth/refresh", json: .object(["refresh_token": .string(refresh)]), key: "")
            #expect(renewed.status == 200)
            #expect(
                try await client.call(.post, "/api/v1/auth/refresh", json: .object(["refresh_token": .string(refresh)]), key: "").status
                    == 401)

            let tampered = String(token.dropLast(2)) + (token.hasSuffix("AA") ? "BB" : "AA")
            #expect(try await client.call(.get, "/api/v1/me", key: tampered).status == 401)
        }
    }

    @Test func malformedJSONAndUnknownFieldsAre400sThatNameTheProblem() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let malformed = try await client.call(.post, "/api/v1/auth/login", raw: #"{"email": "a@b", "#, key: "")
            #expect(malformed.status == 400)
            #expect(malformed.errorCode == "malformed-json")
            let unknown = try await client.call(
                .post, "/api/v1/auth/login", json: .object(["email": .string("a@b"), "password": .string("x"), "colour": .string("red")]),
                key: "")
            #expect(unknown.status == 400)
            #expect(unknown.errorField == "colour")
            let wrongType = try await client.call(
                .post, "/api/v1/auth/login", json: .object(["email": .int(7), "password": .string("x")]), key: "")
            #expect(wrongType.status == 400)
            #expect(wrongType.errorField == "email")
        }
    }

    @Test func everyResponseCarriesSecurityHeadersAndNoCORSByDefault() async throws {
        let server = try await TestServer.make()
        try await server.run { client in
            let answer = try await client.call(.get, "/health", key: "", headers: [.origin: "https://evil.example"])
            #expect(answer.headers[.xContentTypeOptions] == "nosniff")
            #expect(answer.headers[.accessControlAllowOrigin] == nil)
        }
    }
}
