import SynthCore
import Testing

@testable import SynthStore

/// What every backend of the SQL interface must do alike (each backend has its own file for the rest).
@Suite struct SQLDatabaseTests {
    @Test func aFailedTransactionKeepsNothingAndTheConnectionGoesOn() throws {
        try TestDatabases.withEach { db in
            try db.script("CREATE TABLE t (k TEXT PRIMARY KEY)")
            #expect(throws: SynthError.self) {
                try db.transaction { () throws(SynthError) in
                    try db.execute("INSERT INTO t (k) VALUES (?)", [.text("a")])
                    try db.execute("INSERT INTO t (k) VALUES (?)", [.text("a")])
                }
            }
            #expect(try db.rows("SELECT k FROM t").isEmpty, "\(db.dialect)")
            // The connection is back out of the failed transaction and takes the next change.
            try db.execute("INSERT INTO t (k) VALUES (?)", [.text("b")])
            #expect(try db.rows("SELECT k FROM t").map { $0.text(0) } == ["b"], "\(db.dialect)")
        }
    }
}
