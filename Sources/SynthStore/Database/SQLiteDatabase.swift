import CSQLite
import SynthCore

/// An SQLite database file, through the system's libsqlite3.
///
/// Opened in write-ahead-log mode with foreign keys on; prepared statements are kept and reused
/// by their text, so a bulk insert parses its statement once.
public final class SQLiteDatabase: SQLDatabase {
    public let dialect = SQLDialect.sqlite
    public let location: String
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]

    /// Opens (creating if needed) the database file at `path`; `:memory:` for a private one.
    public init(path: String) throws(SynthError) {
        location = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            let reason = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw SynthError(.store, "cannot open the SQLite database \(path): \(reason)")
        }
        handle = db
        sqlite3_busy_timeout(db, 10_000)
        sqlite3_extended_result_codes(db, 1)
        do {
            // The first read of the file: a file that is not a database fails here, by name.
            try script("PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536")
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// SQLite plans the store's statements by their indexes alone: nothing to refresh.
    public func refreshStatistics(of tables: [String]) {}

    public func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements = [:]
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    public func execute(_ sql: String, _ binds: [SQLValue]) throws(SynthError) {
        try query(sql, binds) { _ in }
    }

    public func query(_ sql: String, _ binds: [SQLValue], row: (SQLRow) throws(SynthError) -> Void) throws(SynthError) {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (i, value) in binds.enumerated() {
            let index = Int32(i + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(statement, index)
            case .integer(let n): status = sqlite3_bind_int64(statement, index, n)
            case .real(let x): status = sqlite3_bind_double(statement, index, x)
            case .text(let s): status = sqlite3_bind_text(statement, index, s, -1, Self.transient)
            }
            guard status == SQLITE_OK else { throw failure(status, doing: sql) }
        }
        let columns = sqlite3_column_count(statement)
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw failure(status, doing: sql) }
            var values: [SQLValue] = []
            values.reserveCapacity(Int(columns))
            for c in 0..<columns {
                switch sqlite3_column_type(statement, c) {
                case SQLITE_INTEGER: values.append(.integer(sqlite3_column_int64(statement, c)))
                case SQLITE_FLOAT: values.append(.real(sqlite3_column_double(statement, c)))
                case SQLITE_NULL: values.append(.null)
                default:
                    let count = Int(sqlite3_column_bytes(statement, c))
                    if let bytes = sqlite3_column_text(statement, c) {
                        values.append(.text(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)))
                    } else {
                        values.append(.text(""))
                    }
                }
            }
            try row(SQLRow(values))
        }
    }

    public func script(_ sql: String) throws(SynthError) {
        guard let handle else { throw SynthError(.store, "the SQLite database \(location) is closed") }
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        if status != SQLITE_OK {
            let reason = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_free(message)
            throw describe(status, reason)
        }
    }

    private func prepared(_ sql: String) throws(SynthError) -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        guard let handle else { throw SynthError(.store, "the SQLite database \(location) is closed") }
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard status == SQLITE_OK, let statement else { throw failure(status, doing: sql) }
        statements[sql] = statement
        return statement
    }

    private func failure(_ status: Int32, doing sql: String) -> SynthError {
        let reason = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
        return describe(status, reason)
    }

    /// An error that names the file and says what a user can do about the common failures.
    private func describe(_ status: Int32, _ reason: String) -> SynthError {
        switch status & 0xff {
        case SQLITE_NOTADB, SQLITE_CORRUPT:
            SynthError(
                .store, "\(location) is not a usable SQLite database (\(reason)); give another file with --db, or restore it from a backup")
        case SQLITE_FULL:
            SynthError(.io, "the disk holding \(location) is full (\(reason)); nothing of this change was kept")
        case SQLITE_BUSY, SQLITE_LOCKED:
            SynthError(.store, "\(location) is locked by another process (\(reason)); try again when it finishes")
        case SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM:
            SynthError(.store, "cannot write \(location) (\(reason))")
        case SQLITE_CONSTRAINT:
            SynthError(.conflict, "\(location): \(reason)")
        default:
            SynthError(.store, "\(location): \(reason)")
        }
    }

    /// Tells SQLite to copy bound text, as Swift's temporary C string does not outlive the call.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
