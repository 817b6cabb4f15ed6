import Foundation
import SynthCore
import Testing

@testable import SynthExport

@Suite struct TableReaderTests {
    private func read(_ csv: String, name: String = "t.csv", schema: TableSchema = TableSchema()) throws -> TableReader.Result {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
        try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try TableReader.read(path: path, schema: schema)
    }

    @Test func infersEachKindAndKeepsMissingValues() throws {
        let csv =
            [
                "student_id,gender,score,age,placed,start_date,email,comment",
                "17264,M,67.00,21,True,2020-07-23,ann@example.org,good",
                "17265,F,79.33,,False,,bob@example.com,",
                #"17266,M,NA,23,True,2020-01-26,cy@example.net,"fine, ""really""""#,
            ].joined(separator: "\n") + "\n"
        let table = try read(csv).table
        #expect(table.rowCount == 3)
        #expect(table.columns.map(\.kind) == [.identifier, .categorical, .float, .integer, .boolean, .datetime, .text, .categorical])
        #expect(table["score"]!.format.decimals == 2)
        #expect(table["score"]!.numbers[2].isNaN)
        #expect(table["age"]!.isMissing(1))
        #expect(table["email"]!.pii == "email")
        #expect(table["comment"]!.text(at: 2) == "fine, \"really\"")
        #expect(table["start_date"]!.text(at: 0) == "2020-07-23")
        #expect(table["score"]!.text(at: 1) == "79.33")
    }

    @Test func raggedRowNamesItsLine() {
        #expect(throws: SynthError.self) { try read("a,b\n1,2\n3\n") }
        do {
            _ = try read("a,b\n1,2\n3\n")
        } catch let error as SynthError {
            #expect(error.message.hasSuffix("t.csv:3: the row has 1 field, the header has 2"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func declaredKindThatDoesNotFitNamesTheCell() throws {
        let schema = TableSchema(columns: ["a": ColumnSpec(kind: .integer)])
        do {
            _ = try read("a\n1\nx\n", schema: schema)
            Issue.record("read a letter as an integer")
        } catch let error as SynthError {
            #expect(error.message.hasSuffix("t.csv:3: column 'a' is integer but holds 'x'"))
        }
    }

    @Test func writesWhatItReads() throws {
        let csv = "id,when,x,flag,label\n1,2021-03-04 05:06:07,1.5,true,\"a,b\"\n2,1999-12-31 23:59:59,,false,c\n"
        let table = try read(csv).table
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        try TableWriter.write(table, to: out)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == csv)
    }

    @Test func parquetInputSaysWhatIsReadInstead() {
        do {
            _ = try read("PAR1", name: "t.parquet")
            Issue.record("read a Parquet file as CSV")
        } catch let error as SynthError {
            #expect(
                error.message.hasSuffix(
                    "t.parquet: tables are read from CSV or JSONL; SynthForge writes Parquet and XLSX but does not read them yet"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func jsonLinesReadLikeCSV() throws {
        let table = try read("{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2, \"b\": null, \"c\": true}\n", name: "t.jsonl").table
        #expect(table.names == ["a", "b", "c"])
        #expect(table["b"]!.isMissing(1))
        #expect(table["c"]!.kind == .boolean)
        #expect(table["c"]!.isMissing(0))
    }
}
