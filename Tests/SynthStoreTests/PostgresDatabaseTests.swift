import SynthCore
import SynthStore
import Testing

@Suite struct PostgresDatabaseTests {
    @Test func aClosedPortIsNamedAndThePasswordIsNot() throws {
        let error = #expect(throws: SynthError.self) {
            try PostgresDatabase(url: "postgresql://alice:s3cr3t-pass@127.0.0.1:1/synth?connect_timeout=5")
        }
        #expect(error?.code == .store)
        #expect(error?.message.hasPrefix("cannot connect to PostgreSQL at postgres://alice@127.0.0.1:1/synth: ") == true)
        #expect(error?.message.contains("s3cr3t") == false)
    }

    @Test(arguments: [
        ("mysql://alice:s3cr3t-pass@127.0.0.1/synth", SynthError.Code.invalidArgument),
        ("postgres://alice:s3cr3t%zz@127.0.0.1/synth", .invalidArgument),
        ("postgres://alice:s3cr3t-pass@127.0.0.1/synth?nonsense=s3cr3t-pass", .invalidArgument),
        ("postgres://alice:s3cr3t-pass@127.0.0.1:port/synth", .store),
    ])
    func aBadURLIsRefusedWithoutThePassword(url: String, code: SynthError.Code) throws {
        let error = #expect(throws: SynthError.self) { try PostgresDatabase(url: url) }
        #expect(error?.code == code)
        #expect(error?.message.contains("PostgreSQL") == true)
        #expect(error?.message.contains("s3cr3t") == false)
    }

    /// The tests that need a server.
    @Suite(.enabled(if: TestDatabases.testsPostgres, "needs a PostgreSQL server: SYNTHFORGE_TEST_POSTGRES"))
    struct OnAServer {
        @Test func bindsAndReadsEachKindOfValue() throws {
            try TestDatabases.withPostgres { db in
                try db.script(
                    """
                    CREATE TABLE t (i2 SMALLINT, i4 INTEGER, i8 BIGINT, f4 REAL, f8 DOUBLE PRECISION, n NUMERIC, b BOOLEAN,
                                    s TEXT, ts TIMESTAMP, "why?" TEXT)
                    """)
                let tricky = "é'; DROP TABLE t; -- what? 'it''s' ? \"?\" 🙂"
                try db.execute(
                    "INSERT INTO t (i2, i4, i8, f4, f8, n, b, s, ts, \"why?\") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        .integer(-7), .integer(70_000), .integer(.max), .real(0.5), .real(0.1 + 0.2), .text("12.25"), .integer(1),
                        .text(tricky), .text("2024-01-02 03:04:05"), .text("?"),
                    ])
                let row = try #require(
                    try db.first(
                        "SELECT i2, i4, i8, f4, f8, n, b, s, ts, \"why?\", 'a ? in a literal, it''s' FROM t WHERE s = ?", [.text(tricky)]))
                #expect(
                    row.values == [
                        .integer(-7), .integer(70_000), .integer(.max), .real(0.5), .real(0.1 + 0.2), .real(12.25), .integer(1),
                        .text(tricky), .text("2024-01-02 03:04:05"), .text("?"), .text("a ? in a literal, it's"),
                    ])
                #expect(try db.first("SELECT b FROM t WHERE b = ?", [.integer(0)]) == nil)
            }
        }

        @Test func nullsGoInAndComeOutAsNull() throws {
            try TestDatabases.withPostgres { db in
                try db.script("CREATE TABLE t (k TEXT PRIMARY KEY, n BIGINT, x DOUBLE PRECISION, s TEXT)")
                try db.execute("INSERT INTO t (k, n, x, s) VALUES (?, ?, ?, ?)", [.text("a"), .null, .null, .null])
                let row = try #require(try db.first("SELECT n, x, s, CAST(? AS TEXT) FROM t WHERE n IS NULL AND s IS NULL", [.null]))
                #expect(row.values == [.null, .null, .null, .null])
                #expect(row.optionalText(2) == nil)
            }
        }

        @Test func aUniqueOrForeignKeyViolationIsAConflict() throws {
            try TestDatabases.withPostgres { db in
                try db.script("CREATE TABLE parent (k TEXT PRIMARY KEY); CREATE TABLE child (p TEXT REFERENCES parent (k))")
                try db.execute("INSERT INTO parent (k) VALUES (?)", [.text("a")])
                let duplicate = #expect(throws: SynthError.self) { try db.execute("INSERT INTO parent (k) VALUES (?)", [.text("a")]) }
                #expect(duplicate?.code == .conflict)
                #expect(duplicate?.message.contains("parent_pkey") == true)
                #expect(duplicate?.message.contains(db.location) == true)
                let orphan = #expect(throws: SynthError.self) { try db.execute("INSERT INTO child (p) VALUES (?)", [.text("nobody")]) }
                #expect(orphan?.code == .conflict)
                #expect(orphan?.message.contains("child_p_fkey") == true)
            }
        }

        @Test func theServerGoingAwayMidTransactionKeepsNothing() throws {
            try TestDatabases.withPostgres { db in
                try db.script("CREATE TABLE t (k TEXT PRIMARY KEY)")
                let pid = try #require(try db.first("SELECT pg_backend_pid()")).int(0)
                let name = try #require(try db.first("SELECT current_database()")).text(0)
                let other = try PostgresDatabase(url: TestDatabases.postgresURL(database: name))
                defer { other.close() }
                let error = #expect(throws: SynthError.self) {
                    try db.transaction { () throws(SynthError) in
                        try db.execute("INSERT INTO t (k) VALUES (?)", [.text("a")])
                        // Waits (up to 5 s) until the first connection's server process has ended.
                        let ended = try other.first("SELECT pg_terminate_backend(?, 5000)", [.integer(Int64(pid))])
                        #expect(ended?.int(0) == 1)
                        try db.execute("INSERT INTO t (k) VALUES (?)", [.text("b")])
                    }
                }
                #expect(error?.code == .store)
                #expect(error?.message.contains("the PostgreSQL server at \(db.location) went away") == true)
                #expect(error?.message.contains("the change under way was not kept") == true)
                let later = #expect(throws: SynthError.self) { try db.execute("INSERT INTO t (k) VALUES (?)", [.text("c")]) }
                #expect(later?.message.contains("went away") == true)
                let again = try PostgresDatabase(url: TestDatabases.postgresURL(database: name))
                defer { again.close() }
                #expect(try again.rows("SELECT k FROM t").isEmpty)
            }
        }

        @Test func bulkInsertSkipsConflictsAndKeepsTheRest() throws {
            try TestDatabases.withPostgres { db in
                try db.script("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT, n BIGINT)")
                func rows(_ range: Range<Int>, tag: String) -> [[SQLValue]] {
                    range.map { [.text("k\($0)"), .text("\(tag)-\($0)"), .integer(Int64($0))] }
                }
                try db.transaction { () throws(SynthError) in
                    try db.insert(
                        into: "t", columns: ["k", "v", "n"], rows: rows(0..<5_000, tag: "first"), suffix: "ON CONFLICT (k) DO NOTHING")
                }
                try db.insert(
                    into: "t", columns: ["k", "v", "n"], rows: rows(2_500..<7_500, tag: "second"), suffix: "ON CONFLICT (k) DO NOTHING")
                let counts = try #require(try db.first("SELECT COUNT(*), SUM(n) FROM t WHERE v LIKE ?", [.text("first-%")]))
                #expect(counts.int(0) == 5_000)
                #expect(counts.int(1) == (0..<5_000).reduce(0, +))
                #expect(try db.first("SELECT COUNT(*) FROM t")?.int(0) == 7_500)
                #expect(try db.first("SELECT v FROM t WHERE k = ?", [.text("k2500")])?.text(0) == "first-2500")
                #expect(try db.first("SELECT v FROM t WHERE k = ?", [.text("k7499")])?.text(0) == "second-7499")
                // Ten statements of 1,000 rows with the same text: parsed once, on the server, and reused.
                let prepared = try db.first(
                    "SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE ?", [.text("INSERT INTO t %")])
                #expect(prepared?.int(0) == 1)
            }
        }

        @Test func rowsComeInOrderAndAStatementInsideARowCallbackIsRefused() throws {
            try TestDatabases.withPostgres { db in
                var seen: [Int] = []
                try db.query("SELECT g FROM generate_series(1, 3) AS g ORDER BY g", []) { row in seen.append(row.int(0)) }
                #expect(seen == [1, 2, 3])
                let error = #expect(throws: SynthError.self) {
                    try db.query("SELECT g FROM generate_series(1, 3) AS g", []) { (_) throws(SynthError) in try db.execute("SELECT 1", [])
                    }
                }
                #expect(error?.message.contains("read the rows first") == true)
                // The refused statement left the connection ready for the next one.
                #expect(try db.first("SELECT 41 + 1")?.int(0) == 42)
            }
        }
    }
}

@Suite struct TestDatabasesTests {
    @Test func storeTestsRunOnEveryBackendThereIs() throws {
        var dialects: [SQLDialect] = []
        try TestDatabases.withEach { db in
            try db.execute("CREATE TABLE t (k TEXT PRIMARY KEY)", [])
            try db.execute("INSERT INTO t (k) VALUES (?)", [.text(db.dialect.rawValue)])
            dialects += try db.rows("SELECT k FROM t").compactMap { SQLDialect(rawValue: $0.text(0)) }
        }
        #expect(dialects == (TestDatabases.testsPostgres ? [.sqlite, .postgres] : [.sqlite]))
    }
}
