import Foundation
import Hummingbird
import SynthCore
import SynthStore

/// Signing in with a password: a short-lived session token (also set as an HTTP-only cookie for
/// the web UI) and a refresh token that gets a new one; and who the caller is.
enum SessionRoutes {
    static let cookieName = "synthforge_session"

    static let sessionSchema = Schema.object([
        "token": Schema.string, "refresh_token": Schema.string, "expires_in": Schema.integer, "org": Schema.string,
        "role": Schema.string,
    ])

    static let routes: [APIRoute] = [
        APIRoute(
            .post, "/api/v1/auth/login", permission: .open, tag: "auth", summary: "Sign in with email and password; returns a session.",
            request: Schema.object(
                ["email": Schema.string, "password": Schema.string, "org": Schema.string], required: ["email", "password"],
                additional: false),
            response: sessionSchema
        ) { call in
            let body = try call.json()
            try body.allowOnly(["email", "password", "org"])
            let email = try body.requiredString("email").lowercased()
            let password = try body.requiredString("password")
            let orgSlug = try body.string("org")
            let refused = APIError(.unauthorized, "unauthorized", "wrong email or password")
            let member = try await call.store { access throws -> (Int64, Int64)? in
                guard let user = try access.db.first("SELECT id, password_hash FROM users WHERE email = ?", [.text(email)]),
                    !user.text(1).isEmpty, Secrets.verifyPassword(password, hash: user.text(1))
                else { return nil }
                var sql = "SELECT m.org FROM memberships m JOIN orgs o ON o.id = m.org WHERE m.user_id = ?"
                var binds: [SQLValue] = [.integer(Int64(user.int(0)))]
                if let orgSlug {
                    sql += " AND o.slug = ?"
                    binds.append(.text(orgSlug))
                }
                guard let membership = try access.db.first(sql + " ORDER BY m.org LIMIT 1", binds) else { return nil }
                return (Int64(user.int(0)), Int64(membership.int(0)))
            }
            guard let (user, org) = member else { throw refused }
            return try await session(user: user, org: org, call: call)
        },
        APIRoute(
            .post, "/api/v1/auth/refresh", permission: .open, tag: "auth",
            summary: "Trade a refresh token for a new session (the old refresh token stops working).",
            request: Schema.object(["refresh_token": Schema.string], additional: false), response: sessionSchema
        ) { call in
            let body = try call.json()
            try body.allowOnly(["refresh_token"])
            let token = try body.requiredString("refresh_token")
            let now = ServerClock.nowMillis()
            let found = try await call.store { access throws -> (Int64, Int64)? in
                guard
                    let row = try access.db.first(
                        "SELECT user_id, org FROM refresh_tokens WHERE hash = ? AND revoked_at IS NULL AND expires_at > ?",
                        [.text(Secrets.tokenHash(token)), .integer(now)])
                else { return nil }
                try access.db.execute(
                    "UPDATE refresh_tokens SET revoked_at = ? WHERE hash = ?", [.integer(now), .text(Secrets.tokenHash(token))])
                return (Int64(row.int(0)), Int64(row.int(1)))
            }
            guard let (user, org) = found else {
                throw APIError(.unauthorized, "unauthorized", "this refresh token is not valid: unknown, used or expired")
            }
            return try await session(user: user, org: org, call: call)
        },
        APIRoute(
            .post, "/api/v1/auth/logout", permission: .read, tag: "auth",
            summary: "Sign out: revokes the caller's refresh tokens and clears the cookie.",
            response: Schema.object(["status": Schema.string])
        ) { call in
            let caller = try call.caller
            try await call.store { access in
                try access.db.execute(
                    "UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                    [.integer(ServerClock.nowMillis()), .integer(caller.userID)])
            }
            var response = JSONBody.response(.object(["status": .string("signed out")]))
            response.setCookie(Cookie(name: cookieName, value: "", maxAge: 0, path: "/", secure: false, httpOnly: true, sameSite: .strict))
            return response
        },
        APIRoute(
            .get, "/api/v1/me", permission: .read, tag: "auth", summary: "Who the caller is: user, organization and role.",
            response: Schema.object([
                "email": Schema.string, "org": Schema.string, "org_name": Schema.string, "role": Schema.string,
                "key_id": Schema.nullable(Schema.integer),
            ])
        ) { call in
            let caller = try call.caller
            return JSONBody.response(
                .object([
                    "email": .string(caller.email), "org": .string(caller.org.slug), "org_name": .string(caller.org.name),
                    "role": .string(caller.role.rawValue), "key_id": caller.keyID.map { .int(Int($0)) } ?? .null,
                ]))
        },
    ]

    /// A new session for `user` in `org`: the token, a refresh token, and the cookie.
    static func session(user: Int64, org: Int64, call: APICall) async throws -> Response {
        let configuration = call.services.configuration
        let now = ServerClock.nowMillis()
        let refresh = Secrets.newRefreshToken()
        let principal = try await call.store { access throws -> Principal? in
            try access.db.execute(
                "INSERT INTO refresh_tokens (hash, user_id, org, expires_at) VALUES (?, ?, ?, ?)",
                [.text(Secrets.tokenHash(refresh)), .integer(user), .integer(org), .integer(now + configuration.refreshSeconds * 1000)])
            return try Accounts.principal(for: SessionToken(userID: user, orgID: org, expires: 0), in: access.db)
        }
        guard let principal else { throw APIError(.unauthorized, "unauthorized", "this user is no longer a member") }
        let token = SessionToken(userID: user, orgID: org, expires: now / 1000 + configuration.sessionSeconds).signed(
            with: call.services.sessionKey)
        var response = JSONBody.response(
            .object([
                "token": .string(token), "refresh_token": .string(refresh), "expires_in": .int(Int(configuration.sessionSeconds)),
                "org": .string(principal.org.slug), "role": .string(principal.role.rawValue),
            ]))
        response.setCookie(
            Cookie(
                name: cookieName, value: token, maxAge: Int(configuration.sessionSeconds), path: "/", secure: false, httpOnly: true,
                sameSite: .strict))
        return response
    }
}
