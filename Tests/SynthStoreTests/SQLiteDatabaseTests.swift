import Foundation
import SynthCore
import Testing

@testable import SynthStore

@Suite struct SQLiteDatabaseTests {
    @Test func bindsAndReadsEachKindOfValue() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        try db.script("CREATE TABLE t (a BIGINT, b DOUBLE PRECISION, c TEXT, d TEXT)")
        try db.execute("INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?)", [.integer(-7), .real(2.5), .text("é'; DROP TABLE t; --"), .null])
        let row = try #require(try db.first("SELECT a, b, c, d FROM t"))
        #expect(row.int(0) == -7)
        #expect(row.double(1) == 2.5)
        #expect(row.text(2) == "é'; DROP TABLE t; --")
        #expect(row.optionalText(3) == nil)
    }

    @Test func aFileThatIsNotADatabaseIsNamedInTheError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-db-\(UUID().uuidString).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: SynthError.self) { try SQLiteDatabase(path: path) }
        #expect(error?.message.contains(path) == true)
        #expect(error?.message.contains("not a usable SQLite database") == true)
    }
}
