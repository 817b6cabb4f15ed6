import Foundation
import SynthCore
import SynthExport
import SynthTesting
import Testing

@Suite struct ParquetWriterTests {
    /// Writes `count` records of `shape` to Parquet and JSONL in a fresh folder.
    private func write(_ shape: TaskShape, count: Int, rowGroupRows: Int = 1000) throws -> (parquet: String, jsonl: String) {
        let folder = try Processes.temporaryFolder()
        let records = (0..<count).map { ParquetFixtures.record(shape, $0) }
        var writer = try ParquetRecordWriter(path: folder + "/out.parquet", shape: shape, rowGroupRows: rowGroupRows)
        for record in records { try writer.write(record) }
        try writer.finish()
        try ParquetFixtures.writeJSONL(records, to: folder + "/out.jsonl")
        return (folder + "/out.parquet", folder + "/out.jsonl")
    }

    @Test(arguments: TaskShape.allCases)
    func pyarrowReadsEveryShapeAsTheJSONLOfTheSameRecords(shape: TaskShape) throws {
        let (parquet, jsonl) = try write(shape, count: 23)
        let out = try Processes.python(
            ParquetFixtures.comparePython + """

                import sys, pyarrow.parquet as pq
                table = pq.read_table(sys.argv[1])
                meta = pq.ParquetFile(sys.argv[1]).metadata
                print(json.dumps({'schema': {f.name: str(f.type) for f in table.schema},
                                  'bad': compare(table.to_pylist(), sys.argv[2]),
                                  'rows': meta.num_rows, 'created_by': meta.created_by}))
                """, [parquet, jsonl])
        let result = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
        #expect(result["bad"] as? [String] == [])
        #expect(result["rows"] as? Int == 23)
        #expect(result["created_by"] as? String == "synthforge")
        let schema = result["schema"] as! [String: String]
        #expect(Array(schema.keys).sorted() == (["id", "provenance"] + shape.payloadFields).sorted())
        #expect(schema["id"] == "string")
        for name in shape.payloadFields {
            let expected: String
            switch name {
            case "messages": expected = "list<element: struct<role: string not null, content: string not null> not null>"
            case "entities":
                expected =
                    "list<element: struct<start: int64 not null, end: int64 not null, type: string not null, text: string not null> not null>"
            case "answer_start": expected = "int64"
            default: expected = "string"
            }
            #expect(schema[name] == expected, "column \(name)")
        }
    }
}
