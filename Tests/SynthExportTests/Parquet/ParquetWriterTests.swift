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

@Suite struct ParquetWriterColumnTests {
    private let columns: [ParquetColumn] = [
        .init("name", .string, optional: true), .init("count", .int64), .init("score", .double, optional: true),
        .init("flag", .boolean),
        .init("tags", .list(of: [.init("key", .string), .init("weight", .double, optional: true)]), optional: true),
    ]

    private func row(_ i: Int) -> [Value] {
        let tags: Value =
            switch i % 4 {
            case 0: .null
            case 1: .array([])
            default: .array((0..<(i % 5)).map { k in .object(["key": .string("k\(k)"), "weight": k == 1 ? .null : .int(k)]) })
            }
        // Long names push the string column over the 1 MB page size several times per row group.
        let name: Value = i % 7 == 0 ? .null : .string(i % 7 == 1 ? "" : String(repeating: "ü", count: 400) + "\(i)")
        return [name, .int(i * 1_000_003 - 5_000_000), i % 3 == 0 ? .null : .double(Double(i) / 4), .bool(i % 3 == 1), tags]
    }

    @Test func everyColumnKindNullsListsAndManyRowGroupsReadBackInPyarrow() throws {
        let folder = try Processes.temporaryFolder()
        let path = folder + "/kinds.parquet"
        var writer = try ParquetWriter(path: path, columns: columns, rowGroupRows: 2000)
        let count = 5003
        for i in 0..<count { try writer.write(row(i)) }
        try writer.finish()
        var expected: [UInt8] = []
        for i in 0..<count {
            JSONWriter.append(.array(row(i)), to: &expected)
            expected.append(0x0A)
        }
        try Data(expected).write(to: URL(fileURLWithPath: folder + "/kinds.jsonl"))
        let out = try Processes.python(
            """
            import sys, json, pyarrow.parquet as pq
            f = pq.ParquetFile(sys.argv[1])
            table = f.read()
            names = table.column_names
            want = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
            def norm(v):
                return [{k: (None if x is None else float(x)) if k == 'weight' else x for k, x in e.items()} for e in v] if isinstance(v, list) else v
            got = [[r[n] for n in names] for r in table.to_pylist()]
            want = [[norm(x) if j == 4 else (float(x) if j == 2 and x is not None else x) for j, x in enumerate(w)] for w in want]
            names_mb = f.metadata.row_group(0).column(0).total_uncompressed_size / (1 << 20)
            print(json.dumps({'groups': f.metadata.num_row_groups, 'rows': f.metadata.num_rows, 'equal': got == want,
                              'types': [str(t) for t in table.schema.types], 'names_mb': names_mb}))
            """, [path, folder + "/kinds.jsonl"])
        let result = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
        #expect(result["groups"] as? Int == 3)
        #expect(result["rows"] as? Int == count)
        #expect(result["equal"] as? Bool == true)
        #expect(
            result["types"] as? [String] == [
                "string", "int64", "double", "bool", "list<element: struct<key: string not null, weight: double> not null>",
            ])
        #expect((result["names_mb"] as? Double ?? 0) > 1.0, "the first row group's names span more than one 1 MB page")
    }

    @Test func aRowThatDoesNotFitIsRejectedWholeAndTheFileStaysReadable() throws {
        let folder = try Processes.temporaryFolder()
        let path = folder + "/bad.parquet"
        var writer = try ParquetWriter(path: path, columns: columns)
        try writer.write(row(2))
        var bad = row(3)
        bad[4] = .array([.object(["key": .int(1)])])
        #expect(
            throws: SynthError(.invalidArgument, "'\(path)': row 1: column 'tags': element 0: column 'key' needs a string, found 1")
        ) { try writer.write(bad) }
        bad = row(3)
        bad[1] = .null
        #expect(throws: SynthError(.invalidArgument, "'\(path)': row 1: column 'count' needs an integer, found null")) {
            try writer.write(bad)
        }
        try writer.write(row(3))
        try writer.finish()
        let out = try Processes.python(
            "import sys, pyarrow.parquet as pq; print(pq.read_table(sys.argv[1]).column('count').to_pylist())", [path])
        #expect(out == "[-2999994, -1999991]\n")
    }

    @Test func discardAndFailedOpensLeaveNoFile() throws {
        let folder = try Processes.temporaryFolder()
        var writer = try ParquetWriter(path: folder + "/gone.parquet", columns: columns, rowGroupRows: 10)
        for i in 0..<25 { try writer.write(row(i)) }
        writer.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        #expect(throws: SynthError(.io, "cannot write to '/no/such/dir/x.parquet': folder '/no/such/dir' does not exist")) {
            try ParquetWriter(path: "/no/such/dir/x.parquet", columns: columns)
        }
    }

    @Test func theFileAppearsOnlyOnFinish() throws {
        let folder = try Processes.temporaryFolder()
        let path = folder + "/late.parquet"
        var writer = try ParquetRecordWriter(path: path, shape: .document)
        try writer.write(ParquetFixtures.record(.document, 0))
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(throws: SynthError(.invalidArgument, "'\(path)': record 'qa-1' is a qa record; this file holds document records")) {
            try writer.write(ParquetFixtures.record(.qa, 1))
        }
        try writer.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["late.parquet"])
    }

    @Test func pandasReadsTheRecordsWithTheirTypes() throws {
        let folder = try Processes.temporaryFolder()
        let path = folder + "/qa.parquet"
        var writer = try ParquetRecordWriter(path: path, shape: .qa)
        for i in 0..<12 { try writer.write(ParquetFixtures.record(.qa, i)) }
        try writer.finish()
        let out = try Processes.python(
            """
            import sys, json, pandas as pd
            df = pd.read_parquet(sys.argv[1])
            print(json.dumps({'columns': list(df.columns), 'answer_start': str(df['answer_start'].dtype), 'rows': len(df),
                              'context': df['context'][3], 'seed': json.loads(df['provenance'][3])['seed']}))
            """, [path])
        let result = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
        #expect(result["columns"] as? [String] == ParquetRecordWriter.columns(for: .qa).map(\.name))
        #expect(result["answer_start"] as? String == "int64")
        #expect(result["rows"] as? Int == 12)
        #expect(result["context"] as? String == "The answer is 3 — ")
        #expect(result["seed"] as? String == "7")
    }
}
