import Foundation
import SynthCore
import SynthExport
import SynthTesting
import Testing

@Suite struct HuggingFaceFolderWriterTests {
    private let card = DatasetCard(
        title: "Support \"tickets\"", license: "cc-by-4.0", domain: "support", task: "triage", generatorVersion: "1.2", seed: 7)

    /// Python that loads `argv[1]` offline with `datasets` into `ds`, caching under `argv[2]`.
    private let loadPython = """
        import os, sys, json
        os.environ['HF_DATASETS_OFFLINE'] = '1'
        os.environ['HF_HUB_OFFLINE'] = '1'
        os.environ['HF_DATASETS_CACHE'] = sys.argv[2]
        import datasets
        datasets.disable_progress_bars()
        datasets.logging.set_verbosity_error()
        ds = datasets.load_dataset(sys.argv[1])

        """

    /// Writes records 0..<count of `shape`, split 0.6/0.2/0.2 by index, into a dataset folder.
    private func writeFolder(_ shape: TaskShape, count: Int, shardRows: Int = 100) throws -> (folder: String, work: String) {
        let work = try Processes.temporaryFolder()
        var writer = try HuggingFaceFolderWriter(
            folder: work + "/dataset", shape: shape, splits: ["train", "validation", "test"], card: card, shardRows: shardRows)
        var bySplit: [String: [Record]] = [:]
        for i in 0..<count {
            let split = i % 5 < 3 ? "train" : i % 5 == 3 ? "validation" : "test"
            let record = ParquetFixtures.record(shape, i)
            try writer.write(record, split: split)
            bySplit[split, default: []].append(record)
        }
        try writer.finish()
        for (split, records) in bySplit { try ParquetFixtures.writeJSONL(records, to: work + "/\(split).jsonl") }
        return (work + "/dataset", work)
    }

    @Test(arguments: TaskShape.allCases)
    func datasetsLoadsTheFolderWithTheDeclaredSplitsAndFeatures(shape: TaskShape) throws {
        let (folder, work) = try writeFolder(shape, count: 20)
        let out = try Processes.python(
            loadPython + ParquetFixtures.comparePython + """

                print(json.dumps({'splits': {name: ds[name].num_rows for name in ds},
                                  'features': {name: repr(f) for name, f in ds['train'].features.items()},
                                  'bad': [m for name in ds for m in compare(list(ds[name]), sys.argv[3] + '/' + name + '.jsonl')]}))
                """, [folder, work + "/cache", work])
        let result = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
        #expect(result["splits"] as? [String: Int] == ["train": 12, "validation": 4, "test": 4])
        #expect(result["bad"] as? [String] == [])
        let features = result["features"] as! [String: String]
        #expect(Array(features.keys).sorted() == ParquetRecordWriter.columns(for: shape).map(\.name).sorted())
        #expect(features["id"] == "Value('string')")
        if shape == .conversation {
            #expect(features["messages"] == "List({'role': Value('string'), 'content': Value('string')})")
        }
        if shape == .ner {
            #expect(
                features["entities"]
                    == "List({'start': Value('int64'), 'end': Value('int64'), 'type': Value('string'), 'text': Value('string')})")
        }
        if shape == .qa { #expect(features["answer_start"] == "Value('int64')") }
    }

    @Test func theCardDeclaresLicenseTagsCategoriesAndProvenance() throws {
        let (folder, _) = try writeFolder(.classification, count: 10)
        let out = try Processes.python(
            """
            import sys, json, yaml
            text = open(sys.argv[1] + '/README.md', encoding='utf-8').read()
            _, front, body = text.split('---\\n', 2)
            meta = yaml.safe_load(front)
            print(json.dumps({'license': meta['license'], 'tags': meta['tags'], 'categories': meta['task_categories'],
                              'name': meta['pretty_name'], 'configs': meta['configs'],
                              'splits': meta['dataset_info']['splits'], 'body': body}))
            """, [folder])
        let result = try JSONSerialization.jsonObject(with: Data(out.utf8)) as! [String: Any]
        #expect(result["license"] as? String == "cc-by-4.0")
        #expect(result["tags"] as? [String] == ["synthetic", "synthforge"])
        #expect(result["categories"] as? [String] == ["text-classification"])
        #expect(result["name"] as? String == "Support \"tickets\"")
        let configs = result["configs"] as! [[String: Any]]
        #expect(configs.first?["config_name"] as? String == "default")
        #expect((configs.first?["data_files"] as? [[String: String]])?.first == ["split": "train", "path": "data/train-*"])
        let splits = result["splits"] as! [[String: Any]]
        #expect(splits.map { $0["name"] as? String } == ["train", "validation", "test"])
        #expect(splits.map { $0["num_examples"] as? Int } == [6, 2, 2])
        let body = result["body"] as! String
        #expect(body.contains("| domain | support |"))
        #expect(body.contains("| seed | 7 |"))
        #expect(body.contains("| generator version | 1.2 |"))
        #expect(body.contains("| `label` | string |"))
    }

    @Test func largeSplitsAreShardedAndEmptySplitsLeftOut() throws {
        let work = try Processes.temporaryFolder()
        var writer = try HuggingFaceFolderWriter(
            folder: work + "/ds", shape: .ner, splits: ["train", "test"], card: card, shardRows: 10)
        for i in 0..<25 { try writer.write(ParquetFixtures.record(.ner, i), split: "train") }
        try writer.finish()
        let files = try FileManager.default.contentsOfDirectory(atPath: work + "/ds/data").sorted()
        #expect(
            files == [
                "train-00000-of-00003.parquet", "train-00001-of-00003.parquet",
                "train-00002-of-00003.parquet",
            ])
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).sorted() == ["ds"])
        let out = try Processes.python(
            loadPython + "print(json.dumps({n: ds[n].num_rows for n in ds}), ds['train'][24]['id'])", [work + "/ds", work + "/cache"])
        #expect(out == "{\"train\": 25} ner-24\n")
    }

    @Test func discardLeavesNothingAndBadInputIsNamed() throws {
        let work = try Processes.temporaryFolder()
        var writer = try HuggingFaceFolderWriter(folder: work + "/ds", shape: .qa, splits: ["train"], card: card)
        try writer.write(ParquetFixtures.record(.qa, 0), split: "train")
        #expect(throws: SynthError(.invalidArgument, "unknown split 'dev'; the folder's splits are train")) {
            try writer.write(ParquetFixtures.record(.qa, 1), split: "dev")
        }
        writer.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).isEmpty)

        var empty = try HuggingFaceFolderWriter(folder: work + "/ds", shape: .qa, splits: ["train"], card: card)
        #expect(throws: SynthError(.invalidArgument, "no records were written to '\(work)/ds': a dataset folder needs at least one")) {
            try empty.finish()
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).isEmpty)

        #expect(throws: SynthError(.invalidArgument, "split name 'train-1' must be letters, digits and underscores")) {
            try HuggingFaceFolderWriter(folder: work + "/ds", shape: .qa, splits: ["train-1"], card: card)
        }
        try FileManager.default.createDirectory(atPath: work + "/full", withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: work + "/full/keep.txt"))
        #expect(throws: SynthError(.io, "cannot write a dataset folder to '\(work)/full': it exists and is not empty")) {
            try HuggingFaceFolderWriter(folder: work + "/full", shape: .qa, splits: ["train"], card: card)
        }
    }
}
