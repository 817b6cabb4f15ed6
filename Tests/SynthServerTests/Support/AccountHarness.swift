import Foundation
import HTTPTypes
import SynthCore
import SynthServer
import SynthStore
import Testing

/// Members and organizations made straight in the store, for tests about something else.
extension TestServer {
    /// A new member of `org` (default: the first organization) with `role`, and their API key.
    func member(_ role: Role, org: Org? = nil) async throws -> (key: String, org: Org) {
        try await services.stores.with { store in
            let db = store.database
            let org = try org ?? #require(try Accounts.org(id: 1, in: db))
            let user = try Accounts.createUser(email: "\(role.rawValue)-\(Secrets.randomToken(6))@example.com", password: nil, in: db)
            try Accounts.setMembership(org: org.id, userID: user, role: role, in: db)
            return (try Accounts.createKey(org: org.id, userID: user, name: "test", role: role, in: db).key, org)
        }
    }

    /// A second organization with an owner, and the owner's key.
    func otherOrg(_ slug: String = "other") async throws -> (key: String, org: Org) {
        let org = try await services.stores.with { store in try Accounts.createOrg(slug: slug, name: slug, in: store.database) }
        return try await member(.owner, org: org)
    }
}

/// Helpers for the account, role and isolation tests: keys of each role, and calls to every
/// route of the table with stand-in path parameters.
extension TestServer.Client {
    /// A new API key of the caller's (the owner's unless `key` says) with `role`.
    func newKey(_ role: Role, name: String? = nil, key: String? = nil) async throws -> String {
        let made = try await call(
            .post, "/api/v1/keys", json: .object(["name": .string(name ?? "\(role.rawValue) key"), "role": .string(role.rawValue)]),
            key: key
        )
        #expect(made.status == 201, "creating a \(role.rawValue) key: \(made.text)")
        return try #require(made["key"]?.stringValue)
    }

    /// One key of every role, made by the owner.
    func keysOfEveryRole() async throws -> [Role: String] {
        var keys: [Role: String] = [:]
        for role in Role.allCases { keys[role] = try await newKey(role) }
        return keys
    }

    /// A session token for `email`, signed in with `password`.
    func session(_ email: String, _ password: String) async throws -> String {
        let login = try await call(
            .post, "/api/v1/auth/login", json: .object(["email": .string(email), "password": .string(password)]), key: "")
        #expect(login.status == 200, "signing in as \(email): \(login.text)")
        return try #require(login["token"]?.stringValue)
    }

    /// Adds a member with `role` and returns their user id.
    func addMember(_ email: String, role: Role, password: String? = nil, key: String? = nil) async throws -> Int {
        var body: Fields = ["email": .string(email), "role": .string(role.rawValue)]
        if let password { body["password"] = .string(password) }
        let added = try await call(.post, "/api/v1/users", json: .object(body), key: key)
        #expect(added.status == 201, "adding \(email): \(added.text)")
        return try #require(added["id"]?.wholeNumber)
    }
}

extension APIRoute {
    /// The route's path with every `{parameter}` replaced by `values[parameter]`, or `fallback`.
    func filled(_ values: [String: String] = [:], fallback: String = "999999") -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            guard part.hasPrefix("{"), part.hasSuffix("}") else { return String(part) }
            return values[String(part.dropFirst().dropLast())] ?? fallback
        }.joined(separator: "/")
    }

    /// The names of the route's path parameters.
    var parameters: [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }

    /// `GET /api/v1/keys`, as messages and the docs name a route.
    var label: String { "\(method.rawValue) \(path)" }
}

/// The repository's root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

extension Value {
    /// The whole number inside, if this is one.
    var wholeNumber: Int? {
        if case .int(let n) = self { return n }
        return nil
    }
}
