import Foundation
import Hummingbird
import SynthCore
import SynthStore

extension AccountRoutes {
    static let orgSchema = Schema.object([
        "slug": Schema.string, "name": Schema.string, "created_at": Schema.integer, "members": Schema.integer, "role": Schema.string,
    ])

    static let orgRoutes: [APIRoute] = [
        APIRoute(
            .get, "/api/v1/orgs/current", permission: .read, tag: "accounts",
            summary: "The caller's organization: its slug, name, member count and the caller's role there.", response: orgSchema
        ) { call in
            let caller = try call.caller
            return JSONBody.response(try await orgJSON(caller.org.id, role: caller.role, call: call))
        },
        APIRoute(
            .patch, "/api/v1/orgs/current", permission: .own, tag: "accounts",
            summary: "Rename the caller's organization (its slug stays: it names its objects).",
            request: Schema.object(["name": nameSchema], additional: false), response: orgSchema
        ) { call in
            let caller = try call.caller
            let body = try call.json()
            try body.allowOnly(["name"])
            let name = try orgName(body.requiredString("name"))
            try await call.store { access in try Accounts.renameOrg(id: caller.org.id, name: name, in: access.db) }
            return JSONBody.response(try await orgJSON(caller.org.id, role: caller.role, call: call))
        },
        APIRoute(
            .post, "/api/v1/orgs", permission: .read, tag: "accounts",
            summary: "Create an organization with the caller as its owner; returns an owner API key for it, shown this once.",
            request: Schema.object(
                ["slug": Schema.string(length: 1...100, pattern: "^[A-Za-z0-9_][A-Za-z0-9._-]*$"), "name": nameSchema], required: ["slug"],
                additional: false),
            response: Schema.object(
                [
                    "slug": Schema.string, "name": Schema.string, "created_at": Schema.integer, "members": Schema.integer,
                    "role": Schema.string, "key": Schema.string,
                ]),
            status: 201
        ) { call in
            let caller = try call.caller
            let body = try call.json()
            try body.allowOnly(["slug", "name"])
            let slug = try body.requiredString("slug")
            let name = try orgName(body.string("name") ?? slug)
            do throws(SynthError) {
                try Store.checkName(slug, kind: "organization")
            } catch {
                throw APIError.invalid("slug", error.message)
            }
            guard !slug.contains("/") else { throw APIError.invalid("slug", "'\(slug)' is not a valid organization name: no '/'") }
            let (org, key) = try await call.store { access throws -> (Int64, String) in
                try access.db.transaction { () throws(SynthError) -> (Int64, String) in
                    let org = try Accounts.createOrg(slug: slug, name: name, in: access.db)
                    try Accounts.setMembership(org: org.id, userID: caller.userID, role: .owner, in: access.db)
                    let key = try Accounts.createKey(
                        org: org.id, userID: caller.userID, name: "owner key of \(slug)", role: .owner, in: access.db)
                    return (org.id, key.key)
                }
            }
            guard case .object(var fields) = try await orgJSON(org, role: .owner, call: call) else {
                throw APIError.notFound("organization '\(slug)'")
            }
            fields["key"] = .string(key)
            return JSONBody.response(.object(fields), status: .created)
        },
    ]

    /// An organization's display name: 1 to 200 characters.
    static func orgName(_ name: String) throws(APIError) -> String {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard (1...200).contains(name.count) else { throw APIError.invalid("name", "'name' must have 1 to 200 characters") }
        return name
    }

    static func orgJSON(_ id: Int64, role: Role, call: APICall) async throws -> Value {
        guard let info = try await call.store({ access in try Accounts.orgInfo(id: id, in: access.db) }) else {
            throw APIError.notFound("organization \(id)")
        }
        return .object([
            "slug": .string(info.org.slug), "name": .string(info.org.name), "created_at": .int(Int(info.createdAt)),
            "members": .int(info.members), "role": .string(role.rawValue),
        ])
    }
}
