import Foundation
import Hummingbird
import SynthCore
import SynthStore

extension AccountRoutes {
    static let memberSchema = Schema.object([
        "id": Schema.integer, "email": Schema.string, "name": Schema.string, "role": roleSchema, "has_password": Schema.boolean,
        "created_at": Schema.integer,
    ])

    static let memberRoutes: [APIRoute] = [
        APIRoute(
            .get, "/api/v1/users", permission: .manage, tag: "accounts", summary: "The organization's members and their roles.",
            response: Schema.object(["users": Schema.array(memberSchema)])
        ) { call in
            let caller = try call.caller
            let members = try await call.store { access in try Accounts.members(org: caller.org.id, in: access.db) }
            return JSONBody.response(.object(["users": .array(members.map(memberJSON))]))
        },
        APIRoute(
            .post, "/api/v1/users", permission: .manage, tag: "accounts",
            summary:
                "Add a member with a role: a new user (with a password to sign in to the web UI, or none: API keys only), or an existing user of another organization (without a password).",
            request: Schema.object(
                [
                    "email": Schema.string(length: 3...200, pattern: "^[^@\\s]+@[^@\\s]+$"), "name": Schema.string(length: 0...200),
                    "password": Schema.string(length: 8...1000), "role": roleSchema,
                ], required: ["email", "role"], additional: false),
            response: memberSchema, status: 201
        ) { call in
            let caller = try call.caller
            let body = try call.json()
            try body.allowOnly(["email", "name", "password", "role"])
            let email = try body.requiredString("email")
            guard email.contains("@"), email.count <= 200 else { throw APIError.invalid("email", "'\(email)' is not an email address") }
            let name = try body.string("name") ?? ""
            let password = try body.string("password")
            guard let role = try parseRole(body, "role") else { throw APIError.invalid("role", "'role' is required") }
            try checkGrant(role, by: caller, field: "role")
            if let password, password.count < 8 {
                throw APIError.invalid("password", "'password' must have at least 8 characters")
            }
            guard name.count <= 200 else { throw APIError.invalid("name", "'name' must have at most 200 characters") }
            let member = try await call.store { access in
                try access.db.transaction { () throws(SynthError) -> Accounts.Member? in
                    let user: Int64
                    if let existing = try Accounts.userID(email: email, in: access.db) {
                        if try Accounts.member(org: caller.org.id, userID: existing, in: access.db) != nil {
                            throw SynthError(
                                .conflict, "'\(email)' is already a member: change their role with PATCH /api/v1/users/\(existing)")
                        }
                        guard password == nil else {
                            throw SynthError(.conflict, "'\(email)' already has an account: add them without a password")
                        }
                        user = existing
                    } else {
                        user = try Accounts.createUser(email: email, name: name, password: password, in: access.db)
                    }
                    try Accounts.setMembership(org: caller.org.id, userID: user, role: role, in: access.db)
                    return try Accounts.member(org: caller.org.id, userID: user, in: access.db)
                }
            }
            guard let member else { throw APIError.notFound("user '\(email)'") }
            return JSONBody.response(memberJSON(member), status: .created)
        },
        APIRoute(
            .patch, "/api/v1/users/{user}", permission: .manage, tag: "accounts",
            summary: "Change a member's role (never above the caller's; an organization keeps at least one owner).",
            request: Schema.object(["role": roleSchema], additional: false),
            response: memberSchema
        ) { call in
            let caller = try call.caller
            let user = try objectID(call, "user", "user")
            let member = try await call.store { access in
                let target = try changeable(user, by: caller, in: access.db)
                let body = try call.json()
                try body.allowOnly(["role"])
                guard let role = try parseRole(body, "role") else { throw APIError.invalid("role", "'role' is required") }
                try checkGrant(role, by: caller, field: "role")
                return try access.db.transaction { () throws(SynthError) -> Accounts.Member? in
                    if target.role == .owner, role != .owner, try Accounts.ownerCount(org: caller.org.id, in: access.db) <= 1 {
                        throw lastOwner(target)
                    }
                    try Accounts.setMembership(org: caller.org.id, userID: user, role: role, in: access.db)
                    return try Accounts.member(org: caller.org.id, userID: user, in: access.db)
                }
            }
            guard let member else { throw APIError.notFound("user '\(user)'") }
            return JSONBody.response(memberJSON(member))
        },
        APIRoute(
            .delete, "/api/v1/users/{user}", permission: .manage, tag: "accounts",
            summary: "Remove a member from the organization, revoking their keys there (an organization keeps at least one owner).",
            status: 204
        ) { call in
            let caller = try call.caller
            let user = try objectID(call, "user", "user")
            try await call.store { access in
                let target = try changeable(user, by: caller, in: access.db)
                try access.db.transaction { () throws(SynthError) in
                    if target.role == .owner, try Accounts.ownerCount(org: caller.org.id, in: access.db) <= 1 { throw lastOwner(target) }
                    try Accounts.removeMembership(org: caller.org.id, userID: user, at: ServerClock.nowMillis(), in: access.db)
                }
            }
            return Response(status: .noContent)
        },
    ]

    /// Member `user` of the caller's organization, when the caller may change them: a 404 when
    /// they are not a member, a 403 when their role is above the caller's.
    static func changeable(_ user: Int64, by caller: Principal, in db: any SQLDatabase) throws -> Accounts.Member {
        guard let target = try Accounts.member(org: caller.org.id, userID: user, in: db) else { throw APIError.notFound("user '\(user)'") }
        guard target.role <= caller.role else {
            throw APIError(
                .forbidden, "forbidden",
                "your role '\(caller.role.rawValue)' cannot change a member whose role is '\(target.role.rawValue)'")
        }
        return target
    }

    static func lastOwner(_ member: Accounts.Member) -> SynthError {
        SynthError(.conflict, "'\(member.email)' is the organization's last owner: make another member owner first")
    }

    static func memberJSON(_ member: Accounts.Member) -> Value {
        .object([
            "id": .int(Int(member.id)), "email": .string(member.email), "name": .string(member.name), "role": .string(member.role.rawValue),
            "has_password": .bool(member.hasPassword), "created_at": .int(Int(member.createdAt)),
        ])
    }
}
