import Foundation
import SynthTesting
import Testing

@Suite struct ExportCommandTests {
    /// Generates `count` records of a built-in task into `folder` and returns the file's path.
    private func generate(_ domain: String, _ task: String, count: Int = 40, in folder: String) throws -> String {
        let path = folder + "/\(task).jsonl"
        let result = try Processes.synthforge("generate", "--domain", domain, "--task", task, "--count", "\(count)", "--out", path, "-q")
        #expect(result.status == 0, "\(result.stderr)")
        return path
    }

    private func export(_ arguments: String...) throws -> ProcessResult {
        try Processes.synthforge(arguments: ["export"] + arguments)
    }

    /// The source shapes that have a chat form, generated once per test that needs them.
    private func chatInputs(in folder: String) throws -> [String] {
        try [
            ("support", "conversations"), ("legal", "clause-drafting"), ("medical", "chart-qa"), ("support", "ticket-triage"),
            ("support", "reply-preference"),
        ].map { try generate($0.0, $0.1, in: folder) }
    }

    @Test func openAIChatExportsFollowTheFineTuningRules() throws {
        let folder = try Processes.temporaryFolder()
        for input in try chatInputs(in: folder) {
            let out = input + ".openai"
            let result = try export("--input", input, "--format", "openai-chat", "--out", out)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr == "Exported 40 records as openai-chat to \(out).\n")
            // OpenAI's published rules for chat fine-tuning files.
            let check = try Processes.python(
                """
                import json, sys
                n = 0
                for number, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
                    row = json.loads(line)
                    assert isinstance(row, dict) and list(row) == ["messages"], number
                    messages = row["messages"]
                    assert isinstance(messages, list) and messages, number
                    for i, m in enumerate(messages):
                        assert set(m) == {"role", "content"}, number
                        assert m["role"] in ("system", "user", "assistant"), number
                        assert isinstance(m["content"], str) and m["content"].strip(), number
                        assert m["role"] != "system" or i == 0, number
                    assert any(m["role"] == "assistant" for m in messages), number
                    n += 1
                print(n)
                """, [out])
            #expect(check == "40\n", "\(input)")
        }
    }

    @Test func completionAlpacaShareGPTAndDPOReadAsTheirTrainersExpect() throws {
        let folder = try Processes.temporaryFolder()
        let inputs = try chatInputs(in: folder)
        for input in inputs {
            #expect(try export("--input", input, "--format", "openai-completion", "--out", input + ".pc").status == 0)
            #expect(try export("--input", input, "--format", "sharegpt", "--out", input + ".sharegpt").status == 0)
            let alpaca = try export("--input", input, "--format", "alpaca", "--out", input + ".alpaca")
            #expect(alpaca.status == (input.hasSuffix("ticket-triage.jsonl") ? 2 : 0), "\(alpaca.stderr)")
        }
        let preference = inputs[4]
        #expect(try export("--input", preference, "--format", "dpo", "--out", folder + "/dpo.jsonl").status == 0)
        let check = try Processes.python(
            """
            import json, sys
            folder, inputs = sys.argv[1], sys.argv[2:]
            for path in inputs:
                source = [json.loads(l) for l in open(path, encoding="utf-8")]
                pc = [json.loads(l) for l in open(path + ".pc", encoding="utf-8")]
                assert len(pc) == len(source) and all(set(r) == {"prompt", "completion"} and r["prompt"] and r["completion"] for r in pc)
                share = json.load(open(path + ".sharegpt", encoding="utf-8"))
                assert len(share) == len(source)
                for row in share:
                    turns = row["conversations"]
                    assert all(set(t) == {"from", "value"} and t["from"] in ("system", "human", "gpt") and t["value"] for t in turns)
                    assert turns[-1]["from"] == "gpt"
                if "ticket-triage" not in path:
                    alpaca = json.load(open(path + ".alpaca", encoding="utf-8"))
                    assert len(alpaca) == len(source)
                    assert all(set(r) == {"instruction", "input", "output"} and r["instruction"] and r["output"] for r in alpaca)
            source = [json.loads(l) for l in open(inputs[4], encoding="utf-8")]
            dpo = [json.loads(l) for l in open(folder + "/dpo.jsonl", encoding="utf-8")]
            assert dpo == [{k: r[k] for k in ("prompt", "chosen", "rejected")} for r in source]
            instructions = [json.loads(l) for l in open(inputs[1], encoding="utf-8")]
            alpaca = json.load(open(inputs[1] + ".alpaca", encoding="utf-8"))
            assert alpaca == [{k: r.get(k, "") for k in ("instruction", "input", "output")} for r in instructions]
            labels = [json.loads(l) for l in open(inputs[3], encoding="utf-8")]
            share = json.load(open(inputs[3] + ".sharegpt", encoding="utf-8"))
            assert [r["conversations"] for r in share] == [[{"from": "human", "value": r["text"]}, {"from": "gpt", "value": r["label"]}] for r in labels]
            print("ok")
            """, [folder] + inputs)
        #expect(check == "ok\n")
    }

    @Test func csvAndXLSXReadBackInPandasAsTheSourceRecords() throws {
        let folder = try Processes.temporaryFolder()
        let input = try generate("medical", "clinical-entities", count: 60, in: folder)
        #expect(try export("--input", input, "--format", "csv", "--out", folder + "/t.csv").status == 0)
        let xlsx = try export("--input", input, "--format", "xlsx", "--out", folder + "/t.xlsx")
        #expect(xlsx.status == 0, "\(xlsx.stderr)")
        let check = try Processes.python(
            """
            import json, sys, pandas, openpyxl
            source = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
            csv = pandas.read_csv(sys.argv[2], dtype=str, keep_default_na=False)
            xlsx = pandas.read_excel(sys.argv[3], dtype=str, keep_default_na=False)
            for table in (csv, xlsx):
                assert list(table.columns) == ["id", "text", "entities", "metadata", "source", "domain", "task", "version", "seed", "shard", "index"], list(table.columns)
                assert list(table["id"]) == [r["id"] for r in source]
                assert list(table["text"]) == [r["text"] for r in source]
                assert [json.loads(e) for e in table["entities"]] == [r["entities"] for r in source]
                assert list(table["seed"]) == [r["provenance"]["seed"] for r in source]
            ws = openpyxl.load_workbook(sys.argv[3]).active
            print(len(csv), len(xlsx), ws.max_row)
            """, [input, folder + "/t.csv", folder + "/t.xlsx"])
        #expect(check == "60 60 61\n")
    }

    @Test func langChainRowsAreDocuments() throws {
        let folder = try Processes.temporaryFolder()
        let input = try generate("support", "ticket-triage", in: folder)
        #expect(try export("--input", input, "--format", "langchain", "--out", folder + "/docs.jsonl").status == 0)
        let check = try Processes.python(
            """
            import json, sys
            source = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
            rows = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
            assert [r["page_content"] for r in rows] == [r["text"] for r in source]
            assert [r["metadata"]["label"] for r in rows] == [r["label"] for r in source]
            assert all(r["metadata"]["shape"] == "classification" and r["metadata"]["provenance"]["task"] == "ticket-triage" for r in rows)
            try:
                from langchain_core.documents import Document
            except ImportError as error:
                print("langchain-core is not installed, so Document(**row) was not checked:", error)
            else:
                docs = [Document(**row) for row in rows]
                assert [d.page_content for d in docs] == [r["text"] for r in source]
                print("documents", len(docs))
            """, [input, folder + "/docs.jsonl"])
        print(check, terminator: "")
        #expect(check == "documents 40\n" || check.hasPrefix("langchain-core is not installed"))
    }

    @Test func splitsGoToOneFilePerSplitWithCountsOnStandardError() throws {
        let folder = try Processes.temporaryFolder()
        let input = try generate("support", "ticket-triage", count: 200, in: folder)
        try "not json\n".appendLine(to: input)
        let arguments = ["--input", input, "--format", "openai-chat", "--split", "train=0.8,validation=0.1,test=0.1", "--seed", "1"]
        let result = try Processes.synthforge(arguments: ["export"] + arguments + ["--out", folder + "/a"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr
                == "Exported 200 records as openai-chat to \(folder)/a (train 160, validation 20, test 20).\nSkipped 1 line:\n  line 201: not JSON (\(try jsonError()))\n"
        )
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder + "/a").sorted() == [
                "test.jsonl", "train.jsonl", "validation.jsonl",
            ])
        _ = try Processes.synthforge(arguments: ["export"] + arguments + ["--out", folder + "/b"])
        for name in ["train", "validation", "test"] {
            #expect(FileManager.default.contentsEqual(atPath: folder + "/a/\(name).jsonl", andPath: folder + "/b/\(name).jsonl"))
        }
    }

    /// What the reader says about the line `not json`.
    private func jsonError() throws -> String {
        let path = try Processes.temporaryFolder() + "/bad.jsonl"
        try "not json\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try export("--input", path, "--format", "jsonl", "--out", path + ".out")
        return String(result.stderr.split(separator: "\n")[2].dropFirst("  line 1: not JSON (".count).dropLast())
    }

    @Test func parquetAndHuggingFaceFoldersReadBackAsTheSourceRecords() throws {
        let folder = try Processes.temporaryFolder()
        let input = try generate("support", "conversations", count: 120, in: folder)
        #expect(try export("--input", input, "--format", "parquet", "--out", folder + "/c.parquet").status == 0)
        let result = try export(
            "--input", input, "--format", "hf", "--out", folder + "/hf", "--split", "train=0.75,test=0.25", "--seed", "2")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("(train 90, test 30)"))
        let check = try Processes.python(
            """
            import json, os, sys
            os.environ["HF_DATASETS_OFFLINE"] = os.environ["HF_HUB_OFFLINE"] = "1"
            import pyarrow.parquet as pq, datasets
            source = {r["id"]: r for r in map(json.loads, open(sys.argv[1]))}
            table = pq.read_table(sys.argv[2]).to_pylist()
            assert [r["id"] for r in table] == list(source), "ids or order differ"
            for row in table:
                assert row["messages"] == source[row["id"]]["messages"], row["id"]
                assert json.loads(row["provenance"])["seed"] == source[row["id"]]["provenance"]["seed"]
            ds = datasets.load_dataset(sys.argv[3])
            assert sorted(ds.keys()) == ["test", "train"], ds
            ids = [r["id"] for split in ("train", "test") for r in ds[split]]
            assert sorted(ids) == sorted(source) and len(ds["train"]) == 90, (len(ids), len(ds["train"]))
            row = ds["test"][0]
            assert row["messages"] == source[row["id"]]["messages"]
            card = open(os.path.join(sys.argv[3], "README.md")).read()
            assert "synthforge" in card and "num_examples: 90" in card
            print("ok")
            """, [input, folder + "/c.parquet", folder + "/hf"])
        #expect(check.hasSuffix("ok\n"))
    }

    @Test func formatsAreListedWithTheirShapes() throws {
        let result = try export("--formats")
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("format             writes    shapes") == true)
        #expect(lines.contains { $0.hasPrefix("dpo                .jsonl    preference  ") })
        #expect(lines.contains { $0.hasPrefix("hf                 folder    all  ") })
        #expect(lines.count == 13)
    }

    @Test(arguments: [
        (
            ["--format", "alpaca", "--out", "OUT.json"], "support", "ticket-entities",
            "synthforge: error: line 1 is a ner record, and the ner shape has no alpaca form: alpaca takes instruction, conversation, qa and preference records\n"
        ),
        (
            ["--format", "jsonl", "--out", "OUT", "--split", "train=0.9,test=0.2"], "support", "ticket-triage",
            "synthforge: error: the --split shares must sum to 1, but 0.9 + 0.2 = 1.1\n"
        ),
        (
            ["--format", "parquet-ish", "--out", "OUT"], "support", "ticket-triage",
            "synthforge: error: unknown export format 'parquet-ish'; formats are: jsonl, csv, xlsx, markdown, openai-chat, openai-completion, alpaca, sharegpt, dpo, langchain, parquet, hf\n"
        ),
        (
            ["--format", "jsonl", "--out", "OUT", "--stratify", "label"], "support", "ticket-triage",
            "synthforge: error: --stratify needs --split\n"
        ),
    ])
    func badRequestsFailWithOneLine(arguments: [String], domain: String, task: String, message: String) throws {
        let folder = try Processes.temporaryFolder()
        let input = try generate(domain, task, count: 5, in: folder)
        let out = folder + "/x"
        let result = try Processes.synthforge(
            arguments: ["export", "--input", input] + arguments.map { $0.replacingOccurrences(of: "OUT", with: out) })
        #expect(result.status == 2)
        #expect(result.stderr == message)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [URL(fileURLWithPath: input).lastPathComponent])
    }
}

extension String {
    fileprivate func appendLine(to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(utf8))
        try handle.close()
    }
}
