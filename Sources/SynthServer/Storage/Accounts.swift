import Foundation
import SynthCore
import SynthStore

/// Organizations, users, their memberships and roles, API keys, refresh tokens and the server's
/// audit log: the tables every request's sign-in reads.
public enum Accounts {
    static let migrations: [ServerMigration] = [
        ServerMigration(id: "accounts-1") { dialect in
            """
            CREATE TABLE orgs (
                id \(dialect.autoIncrementKey),
                slug TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                created_at BIGINT NOT NULL
            );
            CREATE TABLE users (
                id \(dialect.autoIncrementKey),
                email TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL DEFAULT '',
                password_hash TEXT NOT NULL DEFAULT '',
                created_at BIGINT NOT NULL
            );
            CREATE TABLE memberships (
                org BIGINT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                role TEXT NOT NULL,
                PRIMARY KEY (org, user_id)
            );
            CREATE TABLE api_keys (
                id \(dialect.autoIncrementKey),
                org BIGINT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                prefix TEXT NOT NULL,
                hash TEXT NOT NULL UNIQUE,
                role TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                last_used_at BIGINT,
                expires_at BIGINT,
                revoked_at BIGINT
            );
            CREATE TABLE refresh_tokens (
                hash TEXT PRIMARY KEY,
                user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                org BIGINT NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
                expires_at BIGINT NOT NULL,
                revoked_at BIGINT
            );
            CREATE TABLE server_audit (
                id \(dialect.autoIncrementKey),
                org BIGINT NOT NULL,
                at BIGINT NOT NULL,
                actor TEXT NOT NULL,
                method TEXT NOT NULL,
                path TEXT NOT NULL,
                status BIGINT NOT NULL,
                detail TEXT NOT NULL DEFAULT ''
            );
            CREATE INDEX server_audit_by_org ON server_audit (org, id)
            """
        }
    ]

    /// Creates an organization; an error naming the slug when it is taken or not a valid name.
    public static func createOrg(slug: String, name: String, in db: any SQLDatabase) throws(SynthError) -> Org {
        try Store.checkName(slug, kind: "organization")
        guard !slug.contains("/") else { throw SynthError(.invalidArgument, "'\(slug)' is not a valid organization name: no '/'") }
        if try db.first("SELECT id FROM orgs WHERE slug = ?", [.text(slug)]) != nil {
            throw SynthError(.conflict, "an organization named '\(slug)' already exists")
        }
        guard
            let row = try db.first(
                "INSERT INTO orgs (slug, name, created_at) VALUES (?, ?, ?) RETURNING id",
                [.text(slug), .text(name), .integer(ServerClock.nowMillis())])
        else { throw SynthError(.store, "the new organization '\(slug)' got no id") }
        return Org(id: Int64(row.int(0)), slug: slug, name: name)
    }

    /// The organization with `id`, or nil.
    public static func org(id: Int64, in db: any SQLDatabase) throws(SynthError) -> Org? {
        try db.first("SELECT id, slug, name FROM orgs WHERE id = ?", [.integer(id)]).map {
            Org(id: Int64($0.int(0)), slug: $0.text(1), name: $0.text(2))
        }
    }

    /// Creates a user (with a bcrypt hash of `password`, or none: such a user signs in with keys only).
    public static func createUser(email: String, name: String = "", password: String?, in db: any SQLDatabase) throws(SynthError) -> Int64 {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard email.contains("@"), email.count <= 200 else { throw SynthError(.invalidArgument, "'\(email)' is not an email address") }
        if try db.first("SELECT id FROM users WHERE email = ?", [.text(email)]) != nil {
            throw SynthError(.conflict, "a user with the email '\(email)' already exists")
        }
        let hash = password.map { Secrets.hashPassword($0) } ?? ""
        guard
            let row = try db.first(
                "INSERT INTO users (email, name, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                [.text(email), .text(name), .text(hash), .integer(ServerClock.nowMillis())])
        else { throw SynthError(.store, "the new user '\(email)' got no id") }
        return Int64(row.int(0))
    }

    /// Makes `userID` a member of `org` with `role`, or changes the role of a member.
    public static func setMembership(org: Int64, userID: Int64, role: Role, in db: any SQLDatabase) throws(SynthError) {
        try db.execute("DELETE FROM memberships WHERE org = ? AND user_id = ?", [.integer(org), .integer(userID)])
        try db.execute(
            "INSERT INTO memberships (org, user_id, role) VALUES (?, ?, ?)", [.integer(org), .integer(userID), .text(role.rawValue)])
    }

    /// A new API key for `userID` in `org`, acting with `role`; returns the key, which is
    /// stored only as its hash and can never be shown again, and its id.
    public static func createKey(
        org: Int64, userID: Int64, name: String, role: Role, expiresAt: Int64? = nil, in db: any SQLDatabase
    ) throws(SynthError) -> (key: String, id: Int64) {
        let key = Secrets.newAPIKey()
        guard
            let row = try db.first(
                "INSERT INTO api_keys (org, user_id, name, prefix, hash, role, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [
                    .integer(org), .integer(userID), .text(name), .text(Secrets.keyPrefix(key)), .text(Secrets.tokenHash(key)),
                    .text(role.rawValue), .integer(ServerClock.nowMillis()), expiresAt.map { .integer($0) } ?? .null,
                ])
        else { throw SynthError(.store, "the new key got no id") }
        return (key, Int64(row.int(0)))
    }

    /// Who `key` signs in as, or nil when it is unknown, revoked or expired (at `now`, ms), or
    /// its user is no longer a member. The key's role is capped by the member's current role.
    public static func principal(forKey key: String, now: Int64, in db: any SQLDatabase) throws(SynthError) -> Principal? {
        guard
            let row = try db.first(
                """
                SELECT k.id, k.role, m.role, u.id, u.email, o.id, o.slug, o.name FROM api_keys k
                JOIN memberships m ON m.org = k.org AND m.user_id = k.user_id
                JOIN users u ON u.id = k.user_id JOIN orgs o ON o.id = k.org
                WHERE k.hash = ? AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ?)
                """, [.text(Secrets.tokenHash(key)), .integer(now)])
        else { return nil }
        guard let keyRole = Role(rawValue: row.text(1)), let memberRole = Role(rawValue: row.text(2)) else { return nil }
        return Principal(
            org: Org(id: Int64(row.int(5)), slug: row.text(6), name: row.text(7)), userID: Int64(row.int(3)), email: row.text(4),
            role: min(keyRole, memberRole), keyID: Int64(row.int(0)))
    }

    /// Who a verified session signs in as, or nil when the user is no longer a member.
    public static func principal(for session: SessionToken, in db: any SQLDatabase) throws(SynthError) -> Principal? {
        guard
            let row = try db.first(
                """
                SELECT m.role, u.id, u.email, o.id, o.slug, o.name FROM memberships m
                JOIN users u ON u.id = m.user_id JOIN orgs o ON o.id = m.org
                WHERE m.user_id = ? AND m.org = ?
                """, [.integer(session.userID), .integer(session.orgID)]),
            let role = Role(rawValue: row.text(0))
        else { return nil }
        return Principal(
            org: Org(id: Int64(row.int(3)), slug: row.text(4), name: row.text(5)), userID: Int64(row.int(1)), email: row.text(2),
            role: role, keyID: nil)
    }

    /// Writes one line of the server's audit log.
    public static func audit(
        org: Int64, actor: String, method: String, path: String, status: Int, detail: String = "", in db: any SQLDatabase
    ) throws(SynthError) {
        try db.execute(
            "INSERT INTO server_audit (org, at, actor, method, path, status, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                .integer(org), .integer(ServerClock.nowMillis()), .text(actor), .text(method), .text(path), .integer(Int64(status)),
                .text(detail),
            ])
    }

    /// True when the store has no user yet (the server's first start).
    public static func isEmpty(_ db: any SQLDatabase) throws(SynthError) -> Bool {
        try db.first("SELECT COUNT(*) FROM users")?.int(0) == 0
    }
}
