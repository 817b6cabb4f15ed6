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
    /// Notes when the key was used, at most once a minute, so sign-in stays one read most of the time.
    public static func principal(forKey key: String, now: Int64, in db: any SQLDatabase) throws(SynthError) -> Principal? {
        guard
            let row = try db.first(
                """
                SELECT k.id, k.role, m.role, u.id, u.email, o.id, o.slug, o.name, k.last_used_at FROM api_keys k
                JOIN memberships m ON m.org = k.org AND m.user_id = k.user_id
                JOIN users u ON u.id = k.user_id JOIN orgs o ON o.id = k.org
                WHERE k.hash = ? AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > ?)
                """, [.text(Secrets.tokenHash(key)), .integer(now)])
        else { return nil }
        guard let keyRole = Role(rawValue: row.text(1)), let memberRole = Role(rawValue: row.text(2)) else { return nil }
        if row.optionalText(8) == nil || now - Int64(row.int(8)) >= 60_000 {
            try db.execute("UPDATE api_keys SET last_used_at = ? WHERE id = ?", [.integer(now), .integer(Int64(row.int(0)))])
        }
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

// MARK: - Organizations, members, keys and the audit log, as the account routes read and change them

extension Accounts {
    /// An organization with when it was made and how many members it has.
    public struct OrgInfo: Sendable {
        public var org: Org
        /// Milliseconds since 1970.
        public var createdAt: Int64
        public var members: Int
    }

    /// A member of an organization: the user and their role there.
    public struct Member: Sendable {
        public var id: Int64
        public var email: String
        public var name: String
        public var role: Role
        /// True when the user can sign in with a password (else with API keys only).
        public var hasPassword: Bool
        /// Milliseconds since 1970.
        public var createdAt: Int64
    }

    /// What is known of an API key: never the key itself, nor its hash.
    public struct KeyInfo: Sendable {
        public var id: Int64
        /// The user the key signs in as, and their email.
        public var userID: Int64
        public var user: String
        public var name: String
        /// The key's first characters, to tell it apart.
        public var prefix: String
        public var role: Role
        /// Milliseconds since 1970, like the three below.
        public var createdAt: Int64
        public var lastUsedAt: Int64?
        public var expiresAt: Int64?
        public var revokedAt: Int64?
    }

    /// One line of the server's audit log.
    public struct AuditEntry: Sendable {
        public var id: Int64
        /// Milliseconds since 1970.
        public var at: Int64
        public var actor: String
        public var method: String
        public var path: String
        public var status: Int
        /// How the actor signed in (`key N`, `session`), and what else the route noted.
        public var detail: String
    }

    /// The organization `id` with its creation time and member count, or nil.
    public static func orgInfo(id: Int64, in db: any SQLDatabase) throws(SynthError) -> OrgInfo? {
        try db.first(
            "SELECT o.id, o.slug, o.name, o.created_at, (SELECT COUNT(*) FROM memberships m WHERE m.org = o.id) FROM orgs o WHERE o.id = ?",
            [.integer(id)]
        ).map {
            OrgInfo(org: Org(id: Int64($0.int(0)), slug: $0.text(1), name: $0.text(2)), createdAt: Int64($0.int(3)), members: $0.int(4))
        }
    }

    /// Renames organization `id` (its slug, which prefixes its objects in the store, stays).
    public static func renameOrg(id: Int64, name: String, in db: any SQLDatabase) throws(SynthError) {
        try db.execute("UPDATE orgs SET name = ? WHERE id = ?", [.text(name), .integer(id)])
    }

    private static let memberColumns = "u.id, u.email, u.name, m.role, u.password_hash, u.created_at"

    private static func member(_ row: SQLRow) -> Member {
        Member(
            id: Int64(row.int(0)), email: row.text(1), name: row.text(2), role: Role(rawValue: row.text(3)) ?? .viewer,
            hasPassword: !row.text(4).isEmpty, createdAt: Int64(row.int(5)))
    }

    /// The members of `org`, oldest user first.
    public static func members(org: Int64, in db: any SQLDatabase) throws(SynthError) -> [Member] {
        try db.rows(
            "SELECT \(memberColumns) FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org = ? ORDER BY u.id", [.integer(org)]
        ).map(member)
    }

    /// User `userID` as a member of `org`, or nil when they are not one.
    public static func member(org: Int64, userID: Int64, in db: any SQLDatabase) throws(SynthError) -> Member? {
        try db.first(
            "SELECT \(memberColumns) FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org = ? AND m.user_id = ?",
            [.integer(org), .integer(userID)]
        ).map(member)
    }

    /// The id of the user with `email`, or nil.
    public static func userID(email: String, in db: any SQLDatabase) throws(SynthError) -> Int64? {
        try db.first("SELECT id FROM users WHERE email = ?", [.text(email.trimmingCharacters(in: .whitespaces).lowercased())])
            .map { Int64($0.int(0)) }
    }

    /// How many owners `org` has.
    public static func ownerCount(org: Int64, in db: any SQLDatabase) throws(SynthError) -> Int {
        try db.first("SELECT COUNT(*) FROM memberships WHERE org = ? AND role = ?", [.integer(org), .text(Role.owner.rawValue)])?.int(0)
            ?? 0
    }

    /// Removes `userID` from `org`, revoking their keys and refresh tokens there (the user stays,
    /// for their other organizations).
    public static func removeMembership(org: Int64, userID: Int64, at now: Int64, in db: any SQLDatabase) throws(SynthError) {
        let binds: [SQLValue] = [.integer(now), .integer(org), .integer(userID)]
        try db.execute("UPDATE api_keys SET revoked_at = ? WHERE org = ? AND user_id = ? AND revoked_at IS NULL", binds)
        try db.execute("UPDATE refresh_tokens SET revoked_at = ? WHERE org = ? AND user_id = ? AND revoked_at IS NULL", binds)
        try db.execute("DELETE FROM memberships WHERE org = ? AND user_id = ?", [.integer(org), .integer(userID)])
    }

    private static let keyColumns =
        "k.id, k.user_id, u.email, k.name, k.prefix, k.role, k.created_at, k.last_used_at, k.expires_at, k.revoked_at"

    private static func keyInfo(_ row: SQLRow) -> KeyInfo {
        func time(_ i: Int) -> Int64? { row.optionalText(i) == nil ? nil : Int64(row.int(i)) }
        return KeyInfo(
            id: Int64(row.int(0)), userID: Int64(row.int(1)), user: row.text(2), name: row.text(3), prefix: row.text(4),
            role: Role(rawValue: row.text(5)) ?? .viewer, createdAt: Int64(row.int(6)), lastUsedAt: time(7), expiresAt: time(8),
            revokedAt: time(9))
    }

    /// The keys of `org` (only `userID`'s when given), newest first.
    public static func keys(org: Int64, userID: Int64? = nil, in db: any SQLDatabase) throws(SynthError) -> [KeyInfo] {
        var sql = "SELECT \(keyColumns) FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.org = ?"
        var binds: [SQLValue] = [.integer(org)]
        if let userID {
            sql += " AND k.user_id = ?"
            binds.append(.integer(userID))
        }
        return try db.rows(sql + " ORDER BY k.id DESC", binds).map(keyInfo)
    }

    /// Key `id` of `org`, or nil.
    public static func key(id: Int64, org: Int64, in db: any SQLDatabase) throws(SynthError) -> KeyInfo? {
        try db.first(
            "SELECT \(keyColumns) FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.id = ? AND k.org = ?",
            [
                .integer(id), .integer(org),
            ]
        ).map(keyInfo)
    }

    /// Revokes key `id` of `org` at `now` (a key already revoked keeps its first time).
    public static func revokeKey(id: Int64, org: Int64, at now: Int64, in db: any SQLDatabase) throws(SynthError) {
        try db.execute(
            "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND org = ? AND revoked_at IS NULL",
            [.integer(now), .integer(id), .integer(org)])
    }

    /// Makes key `id` of `org` expire at `at` at the latest.
    public static func expireKey(id: Int64, org: Int64, at: Int64, in db: any SQLDatabase) throws(SynthError) {
        try db.execute(
            "UPDATE api_keys SET expires_at = ? WHERE id = ? AND org = ? AND (expires_at IS NULL OR expires_at > ?)",
            [.integer(at), .integer(id), .integer(org), .integer(at)])
    }

    /// Up to `limit` lines of `org`'s audit log, newest first, older than line `before` when given.
    public static func auditEntries(org: Int64, before: Int64?, limit: Int, in db: any SQLDatabase) throws(SynthError) -> [AuditEntry] {
        try db.rows(
            "SELECT id, at, actor, method, path, status, detail FROM server_audit WHERE org = ? AND id < ? ORDER BY id DESC LIMIT ?",
            [.integer(org), .integer(before ?? Int64.max), .integer(Int64(limit))]
        ).map {
            AuditEntry(
                id: Int64($0.int(0)), at: Int64($0.int(1)), actor: $0.text(2), method: $0.text(3), path: $0.text(4), status: $0.int(5),
                detail: $0.text(6))
        }
    }
}
