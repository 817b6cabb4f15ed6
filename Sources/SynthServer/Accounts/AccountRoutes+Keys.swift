import Foundation
import Hummingbird
import SynthCore
import SynthStore

extension AccountRoutes {
    static let keyFields: [(String, Value)] = [
        ("id", Schema.integer), ("name", Schema.string), ("prefix", Schema.string),
        ("role", roleSchema), ("user", Schema.string), ("created_at", Schema.integer),
        ("last_used_at", Schema.nullable(Schema.integer)), ("expires_at", Schema.nullable(Schema.integer)),
        ("revoked_at", Schema.nullable(Schema.integer)),
    ]
    static let keySchema = Schema.object(keyFields)
    /// A key just made: its fields and, this once, the key itself.
    static let newKeySchema = Schema.object(keyFields + [("key", Schema.string)])

    /// The longest a key may live, and the longest overlap of a rotation: ten years and 30 days.
    static let maxDays = 3650
    static let maxOverlapSeconds = 30 * 24 * 3600

    static let keyRoutes: [APIRoute] = [
        APIRoute(
            .get, "/api/v1/keys", permission: .read, tag: "accounts",
            summary:
                "API keys: the caller's own, and for admins every key of the organization up to their role. Never the key itself.",
            response: Schema.object(["keys": Schema.array(keySchema)])
        ) { call in
            let caller = try call.caller
            let keys = try await call.store { access in
                try Accounts.keys(org: caller.org.id, userID: caller.role >= .admin ? nil : caller.userID, in: access.db)
            }
            return JSONBody.response(.object(["keys": .array(keys.filter { visible($0, to: caller) }.map { keyJSON($0) })]))
        },
        APIRoute(
            .post, "/api/v1/keys", permission: .read, tag: "accounts",
            summary: "Create an API key for the caller, with a role up to the caller's own (201 shows the key this once).",
            request: Schema.object(
                [
                    "name": nameSchema, "role": roleSchema, "expires_in_days": Schema.integer(in: 1...maxDays),
                ], required: ["name"], additional: false),
            response: newKeySchema, status: 201
        ) { call in
            let caller = try call.caller
            let body = try call.json()
            try body.allowOnly(["name", "role", "expires_in_days"])
            let name = try body.requiredString("name")
            guard name.count <= 200 else { throw APIError.invalid("name", "'name' must have at most 200 characters") }
            let role = try parseRole(body, "role") ?? caller.role
            try checkGrant(role, by: caller, field: "role")
            let expires = try body.int("expires_in_days", in: 1...maxDays).map { ServerClock.nowMillis() + Int64($0) * 86_400_000 }
            let (key, info) = try await call.store { access throws -> (String, Accounts.KeyInfo?) in
                let made = try Accounts.createKey(
                    org: caller.org.id, userID: caller.userID, name: name, role: role, expiresAt: expires, in: access.db)
                return (made.key, try Accounts.key(id: made.id, org: caller.org.id, in: access.db))
            }
            guard let info else { throw APIError.notFound("the new key") }
            return JSONBody.response(keyJSON(info, secret: key), status: .created)
        },
        APIRoute(
            .delete, "/api/v1/keys/{key}", permission: .read, tag: "accounts",
            summary: "Revoke an API key at once: the caller's own, or for admins any key up to their role.", response: keySchema
        ) { call in
            let caller = try call.caller
            let id = try objectID(call, "key", "API key")
            let info = try await call.store { access throws -> Accounts.KeyInfo? in
                guard let key = try Accounts.key(id: id, org: caller.org.id, in: access.db), visible(key, to: caller) else {
                    throw APIError.notFound("API key '\(id)'")
                }
                try Accounts.revokeKey(id: id, org: caller.org.id, at: ServerClock.nowMillis(), in: access.db)
                return try Accounts.key(id: id, org: caller.org.id, in: access.db)
            }
            guard let info else { throw APIError.notFound("API key '\(id)'") }
            return JSONBody.response(keyJSON(info))
        },
        APIRoute(
            .post, "/api/v1/keys/{key}/rotate", permission: .read, tag: "accounts",
            summary:
                "Replace one of the caller's keys: a new key with the same name and role (shown this once); the old one keeps working for overlap_seconds (a day by default), then expires.",
            request: Schema.object(
                ["overlap_seconds": Schema.integer, "expires_in_days": Schema.integer], required: [], additional: false),
            response: Schema.object(keyFields + [("key", Schema.string), ("previous_expires_at", Schema.integer)]), status: 201
        ) { call in
            let caller = try call.caller
            let id = try objectID(call, "key", "API key")
            let body = try call.json()
            try body.allowOnly(["overlap_seconds", "expires_in_days"])
            let overlap = try body.int("overlap_seconds", in: 0...maxOverlapSeconds) ?? 86_400
            let days = try body.int("expires_in_days", in: 1...maxDays)
            let now = ServerClock.nowMillis()
            let (key, info, previous) = try await call.store { access in
                guard let old = try Accounts.key(id: id, org: caller.org.id, in: access.db), visible(old, to: caller) else {
                    throw APIError.notFound("API key '\(id)'")
                }
                guard old.userID == caller.userID else {
                    throw APIError(.forbidden, "forbidden", "only its owner, \(old.user), can rotate API key '\(id)'; you can revoke it")
                }
                guard old.revokedAt == nil, (old.expiresAt ?? .max) > now else {
                    throw APIError(.conflict, "conflict", "API key '\(id)' is revoked or expired: create a new key instead")
                }
                return try access.db.transaction { () throws(SynthError) -> (String, Accounts.KeyInfo?, Int64) in
                    let made = try Accounts.createKey(
                        org: caller.org.id, userID: caller.userID, name: old.name, role: old.role,
                        expiresAt: days.map { now + Int64($0) * 86_400_000 }, in: access.db)
                    let previous = min(old.expiresAt ?? .max, now + Int64(overlap) * 1000)
                    try Accounts.expireKey(id: id, org: caller.org.id, at: previous, in: access.db)
                    return (made.key, try Accounts.key(id: made.id, org: caller.org.id, in: access.db), previous)
                }
            }
            guard let info, case .object(var fields) = keyJSON(info, secret: key) else { throw APIError.notFound("the new key") }
            fields["previous_expires_at"] = .int(Int(previous))
            return JSONBody.response(.object(fields), status: .created)
        },
    ]

    /// Whether `caller` may see and revoke `key`: never a key above their role (it would lend
    /// them more than they have); their own keys; and for admins and owners, everyone's.
    static func visible(_ key: Accounts.KeyInfo, to caller: Principal) -> Bool {
        key.role <= caller.role && (key.userID == caller.userID || caller.role >= .admin)
    }

    static func keyJSON(_ key: Accounts.KeyInfo, secret: String? = nil) -> Value {
        var fields: Fields = [
            "id": .int(Int(key.id)), "name": .string(key.name), "prefix": .string(key.prefix), "role": .string(key.role.rawValue),
            "user": .string(key.user), "created_at": .int(Int(key.createdAt)), "last_used_at": time(key.lastUsedAt),
            "expires_at": time(key.expiresAt), "revoked_at": time(key.revokedAt),
        ]
        if let secret { fields["key"] = .string(secret) }
        return .object(fields)
    }
}
