import CLibPQ
import SynthCore

/// A PostgreSQL database, through the system's libpq.
///
/// Statements keep the store's `?` placeholders and are numbered (`$1`, `$2`, …) for PostgreSQL,
/// which infers each value's type from where it stands; a placeholder with nothing around it to say
/// its type (`SELECT ?`) needs a `CAST`. Values go over as text, prepared statements are kept and
/// reused by their text, so a bulk insert parses its statement once, and rows are read one at a
/// time, so a large result never sits in memory whole.
public final class PostgresDatabase: SQLDatabase {
    public let dialect = SQLDialect.postgres
    public let location: String
    private var connection: OpaquePointer?
    private var statements: [String: String] = [:]
    /// Whether a query's rows are still being read: the connection runs one statement at a time.
    private var reading = false

    /// Connects to the database at `url`, `postgres://user[:password]@host[:port]/dbname[?param=value&…]`
    /// (or `postgresql://`), with the parameters libpq knows (`sslmode`, `connect_timeout`, …).
    public init(url: String) throws(SynthError) {
        location = try Self.location(of: url)
        guard let connection = PQconnectdb(url) else {
            throw SynthError(.store, "cannot connect to PostgreSQL at \(location): out of memory")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let reason = Self.oneLine(PQerrorMessage(connection))
            PQfinish(connection)
            throw SynthError(.store, "cannot connect to PostgreSQL at \(location): \(reason)")
        }
        self.connection = connection
        // libpq prints the server's notices and warnings to stderr; the store has no use for them,
        // so they are dropped here, and the server is asked to send only warnings and worse.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        do throws(SynthError) {
            guard PQsetClientEncoding(connection, "UTF8") == 0 else { throw failure(state: nil, reason: connectionError(), doing: "") }
            try script("SET client_min_messages = warning")
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    public func close() {
        if let connection { PQfinish(connection) }
        connection = nil
        statements = [:]
    }

    public func execute(_ sql: String, _ binds: [SQLValue]) throws(SynthError) {
        try query(sql, binds) { _ in }
    }

    public func query(_ sql: String, _ binds: [SQLValue], row: (SQLRow) throws(SynthError) -> Void) throws(SynthError) {
        let connection = try idle()
        let name = try prepared(sql, on: connection)
        // Each value as a C string, all in one buffer; a null is a null pointer.
        var bytes: [UInt8] = []
        var offsets: [Int?] = []
        offsets.reserveCapacity(binds.count)
        for value in binds {
            let text: String
            switch value {
            case .null:
                offsets.append(nil)
                continue
            case .integer(let n): text = String(n)
            case .real(let x): text = String(x)
            case .text(let s): text = s
            }
            offsets.append(bytes.count)
            bytes += text.utf8
            bytes.append(0)
        }
        let sent = bytes.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
            let values = offsets.map { offset in offset.flatMap { base?.advanced(by: $0) } }
            return PQsendQueryPrepared(connection, name, Int32(values.count), values, nil, nil, 0)
        }
        guard sent == 1 else { throw failure(state: nil, reason: connectionError(), doing: sql) }
        PQsetSingleRowMode(connection)
        reading = true
        defer { reading = false }
        // Every result is read to the end, even after an error, so the connection is ready for the next statement.
        var serverError: (state: String?, reason: String)?
        var rowError: SynthError?
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            guard serverError == nil, rowError == nil else { continue }
            switch PQresultStatus(result) {
            case PGRES_SINGLE_TUPLE:
                do throws(SynthError) { try row(Self.row(0, of: result)) } catch { rowError = error }
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY: break
            default: serverError = Self.error(of: result)
            }
        }
        if let serverError { throw failure(state: serverError.state, reason: serverError.reason, doing: sql) }
        if let rowError { throw rowError }
    }

    public func refreshStatistics(of tables: [String]) {
        try? script("ANALYZE " + tables.joined(separator: ", "))
    }

    public func script(_ sql: String) throws(SynthError) {
        let connection = try idle()
        guard let result = PQexec(connection, sql) else { throw failure(state: nil, reason: connectionError(), doing: sql) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return
        default:
            let error = Self.error(of: result)
            throw failure(state: error.state, reason: error.reason, doing: sql)
        }
    }

    /// The open connection, when no other statement is under way on it.
    private func idle() throws(SynthError) -> OpaquePointer {
        guard let connection else { throw SynthError(.store, "the PostgreSQL connection to \(location) is closed") }
        guard !reading else {
            throw SynthError(
                .store,
                "\(location): a statement was run while another query's rows were being read; a PostgreSQL connection "
                    + "runs one statement at a time, so read the rows first (rows(_:_:)) and then run the next")
        }
        return connection
    }

    /// The name of the prepared statement for `sql`, preparing it the first time.
    private func prepared(_ sql: String, on connection: OpaquePointer) throws(SynthError) -> String {
        if let name = statements[sql] { return name }
        let name = "s\(statements.count + 1)"
        // No parameter types: the server infers each from where it stands, as SQLite accepts any.
        guard let result = PQprepare(connection, name, Self.numbered(sql), 0, nil) else {
            throw failure(state: nil, reason: connectionError(), doing: sql)
        }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else {
            let error = Self.error(of: result)
            throw failure(state: error.state, reason: error.reason, doing: sql)
        }
        statements[sql] = name
        return name
    }

    /// An error that names the database and says what a user can do about the common failures.
    private func failure(state: String?, reason: String, doing sql: String) -> SynthError {
        if connection.map({ PQstatus($0) }) != CONNECTION_OK {
            // A commit whose reply was lost may or may not have been kept; anything before it was not.
            let outcome =
                sql == "COMMIT"
                ? "it is not known whether the transaction being committed was kept"
                : "the change under way was not kept"
            return SynthError(.store, "the PostgreSQL server at \(location) went away (\(reason)); \(outcome); connect again and retry")
        }
        switch state {
        case let state? where state.hasPrefix("23"):
            return SynthError(.conflict, "\(location): \(reason)")
        case "53100":
            return SynthError(
                .io, "the disk holding the PostgreSQL database at \(location) is full (\(reason)); nothing of this change was kept")
        default:
            return SynthError(.store, "\(location): \(reason)")
        }
    }

    /// libpq's last message for the connection, on one line.
    private func connectionError() -> String {
        connection.map { Self.oneLine(PQerrorMessage($0)) } ?? "the connection is closed"
    }

    /// The SQLSTATE and the message (with its detail) of a failed result.
    private static func error(of result: OpaquePointer) -> (state: String?, reason: String) {
        func field(_ code: Unicode.Scalar) -> String? {
            PQresultErrorField(result, Int32(UInt8(ascii: code))).map { String(cString: $0) }
        }
        // A client-side failure (a lost connection) has no fields, only the message.
        guard let primary = field("M") else { return (nil, oneLine(PQresultErrorMessage(result))) }
        return (field("C"), field("D").map { "\(primary) \($0)" } ?? primary)
    }

    /// Row `i` of `result`, each column by its type: whole numbers and booleans as integers,
    /// floating-point and numeric as reals, everything else as text.
    private static func row(_ i: Int32, of result: OpaquePointer) -> SQLRow {
        let columns = PQnfields(result)
        var values: [SQLValue] = []
        values.reserveCapacity(Int(columns))
        for c in 0..<columns {
            guard PQgetisnull(result, i, c) == 0, let bytes = PQgetvalue(result, i, c) else {
                values.append(.null)
                continue
            }
            let text = String(
                decoding: UnsafeBufferPointer(
                    start: UnsafeRawPointer(bytes).assumingMemoryBound(to: UInt8.self), count: Int(PQgetlength(result, i, c))),
                as: UTF8.self)
            // Type OIDs from PostgreSQL's catalog (pg_type), which libpq's headers do not carry.
            switch PQftype(result, c) {
            case 20, 21, 23: values.append(Int64(text).map { .integer($0) } ?? .text(text))  // int8, int2, int4
            case 700, 701, 1700: values.append(Double(text).map { .real($0) } ?? .text(text))  // float4, float8, numeric
            case 16: values.append(.integer(text == "t" ? 1 : 0))  // bool
            default: values.append(.text(text))
            }
        }
        return SQLRow(values)
    }

    /// `sql` with its `?` placeholders numbered `$1`, `$2`, … as PostgreSQL writes them; a `?` inside
    /// a quoted literal or identifier is left alone.
    private static func numbered(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var count = 0
        var quote: Character?
        for c in sql {
            if let open = quote {
                if c == open { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "?" {
                count += 1
                out += "$\(count)"
                continue
            }
            out.append(c)
        }
        return out
    }

    /// Where `url` points, for messages: user, host, port and database, never the password.
    private static func location(of url: String) throws(SynthError) -> String {
        let form = "postgres://user[:password]@host[:port]/dbname[?param=value&…]"
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            throw SynthError(.invalidArgument, "a PostgreSQL URL starts with postgres:// or postgresql:// (\(form))")
        }
        var message: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &message) else {
            PQfreemem(message)
            // libpq's reason quotes the URL, password and all, so it is not passed on.
            throw SynthError(
                .invalidArgument, "the PostgreSQL URL is not valid; its form is \(form), with special characters percent-encoded")
        }
        defer { PQconninfoFree(options) }
        var given: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { given[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        let user = given["user"].map { "\($0)@" } ?? ""
        let host = (given["host"] ?? given["hostaddr"]).map { $0.contains(":") ? "[\($0)]" : $0 } ?? ""
        let port = given["port"].map { ":\($0)" } ?? ""
        return "postgres://\(user)\(host)\(port)/\(given["dbname"] ?? "")"
    }

    /// A libpq message (often several lines, indented) as one line.
    private static func oneLine(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown error" }
        return String(cString: message).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
