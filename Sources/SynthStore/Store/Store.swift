import Foundation
import SynthCore

/// Where datasets live: their records, versions and refs, with the runs that made them, prompt
/// templates, the privacy ledger and an audit log of every change.
///
/// One class over any ``SQLDatabase``: the same statements run on SQLite and PostgreSQL. Every
/// change is one transaction, so a failure midway (a full disk, a server that goes away) leaves
/// the store as it was, and no committed version points at records that are not there.
public final class Store {
    /// The database underneath.
    public let database: any SQLDatabase
    /// Who changes things through this store, for the audit log and version authors.
    public var actor: String

    /// Opens a store on `database`, bringing its schema up to date.
    public init(database: any SQLDatabase, actor: String) throws(SynthError) {
        self.database = database
        self.actor = actor
        try Migrations.migrate(database)
    }

    /// Opens the store at `location`: a `postgres://` URL, or an SQLite file path (created
    /// with its folder if missing). Nil means `SYNTHFORGE_DB`, else ``defaultPath``.
    public static func open(_ location: String? = nil, actor: String = Store.defaultActor) throws(SynthError) -> Store {
        let location = location ?? ProcessInfo.processInfo.environment["SYNTHFORGE_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultPath
        let database: any SQLDatabase
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            database = try PostgresDatabase(url: location)
        } else {
            let folder = URL(fileURLWithPath: location).deletingLastPathComponent().path
            if location != ":memory:" && !FileManager.default.fileExists(atPath: folder) {
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw SynthError(.io, "cannot create the folder \(folder) for the store: \(error.localizedDescription)")
                }
            }
            database = try SQLiteDatabase(path: location)
        }
        return try Store(database: database, actor: actor)
    }

    /// The SQLite file used when neither `--db` nor `SYNTHFORGE_DB` is given:
    /// `$XDG_DATA_HOME/synthforge/store.db`, else `~/.local/share/synthforge/store.db`.
    public static var defaultPath: String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.local/share")
        return base + "/synthforge/store.db"
    }

    /// Who is acting: `SYNTHFORGE_USER`, else the login name.
    public static var defaultActor: String {
        let env = ProcessInfo.processInfo.environment
        return env["SYNTHFORGE_USER"] ?? env["USER"] ?? env["LOGNAME"] ?? NSUserName()
    }

    /// Closes the database.
    public func close() { database.close() }

    // MARK: Audit log

    /// One change, as the audit log keeps it.
    public struct AuditEntry: Sendable {
        /// When, in milliseconds since 1970.
        public var at: Int64
        /// Who.
        public var actor: String
        /// What kind of change, such as `dataset.commit`.
        public var action: String
        /// What it changed, such as `notes@3f2a9c…`.
        public var target: String
        /// A line of detail.
        public var detail: String
    }

    /// Records a change; called inside the change's transaction, so the two stand or fall together.
    func audit(_ action: String, _ target: String, _ detail: String = "") throws(SynthError) {
        try database.execute(
            "INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
            [.integer(Clock.nowMillis()), .text(actor), .text(action), .text(target), .text(detail)])
    }

    /// The newest `limit` entries of the audit log, newest first; only those about `target`'s
    /// dataset or template when given.
    public func auditLog(about target: String? = nil, limit: Int = 100) throws(SynthError) -> [AuditEntry] {
        var sql = "SELECT at, actor, action, target, detail FROM audit_log"
        var binds: [SQLValue] = []
        if let target {
            sql += " WHERE target = ? OR target LIKE ? ESCAPE '\\'"
            binds = [.text(target), .text(Self.likePrefix(target + "@"))]
        }
        sql += " ORDER BY id DESC LIMIT ?"
        binds.append(.integer(Int64(limit)))
        return try database.rows(sql, binds).map { row in
            AuditEntry(at: Int64(row.int(0)), actor: row.text(1), action: row.text(2), target: row.text(3), detail: row.text(4))
        }
    }

    /// A LIKE pattern matching text that starts with `prefix`, with LIKE's wildcards in it taken
    /// literally (SQLite and PostgreSQL both treat backslash as the escape here).
    static func likePrefix(_ prefix: String) -> String {
        var out = ""
        for c in prefix {
            if c == "%" || c == "_" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out + "%"
    }
}
