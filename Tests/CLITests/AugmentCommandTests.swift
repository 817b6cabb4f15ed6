import Foundation
import SynthTesting
import Testing

@Suite struct AugmentCommandTests {
    private func lines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    @Test func writesOriginalsAndCopiesWithProvenanceAndTheSameBytesForTheSameSeed() throws {
        let folder = try Processes.temporaryFolder()
        let data = folder + "/qa.jsonl"
        #expect(
            try Processes.synthforge("generate", "--domain", "travel", "--task", "destination-qa", "--count", "20", "--out", data).status
                == 0)
        let result = try Processes.synthforge(
            "augment", "--in", data, "--ops", "entity-swap,synonym,typo", "--factor", "2", "--seed", "7", "--out", folder + "/a.jsonl", "-q"
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Read 20 records; wrote 20 originals and 40 copies to \(folder)/a.jsonl.\n")
        let records = try lines(folder + "/a.jsonl")
        #expect(records.count == 60)
        #expect(Set(records.map { $0["id"] as! String }).count == 60)
        let originals = try lines(data)
        #expect(records[0]["id"] as? String == originals[0]["id"] as? String)
        #expect(records[0]["context"] as? String == originals[0]["context"] as? String)
        let copy = records[1]
        let provenance = copy["provenance"] as! [String: Any]
        #expect(copy["id"] as? String == "\(originals[0]["id"] as! String)-aug1")
        #expect(provenance["augmented_from"] as? String == originals[0]["id"] as? String)
        #expect(provenance["augment_ops"] as? [String] == ["entity-swap", "synonym", "typo"])
        #expect(copy["context"] as? String != originals[0]["context"] as? String)
        for record in records {
            let context = Array((record["context"] as! String).unicodeScalars)
            let answer = Array((record["answer"] as! String).unicodeScalars)
            let start = record["answer_start"] as! Int
            #expect(Array(context[start..<(start + answer.count)]) == answer)
        }
        // The copies read back as valid records: validate reads every line.
        let check = try Processes.synthforge("validate", "--synthetic", folder + "/a.jsonl", "--metrics", "duplicates")
        #expect(check.stdout.contains("Read 60 records"), "\(check.stdout)")

        let again = try Processes.synthforge(
            "augment", "--in", data, "--ops", "entity-swap,synonym,typo", "--factor", "2", "--seed", "7", "--out", folder + "/b.jsonl", "-q"
        )
        #expect(again.status == 0)
        #expect(
            try Data(contentsOf: URL(fileURLWithPath: folder + "/a.jsonl")) == Data(contentsOf: URL(fileURLWithPath: folder + "/b.jsonl")))
    }

    @Test func onlyNewWritesJustTheCopiesToStandardOutput() throws {
        let folder = try Processes.temporaryFolder()
        let data = folder + "/notes.jsonl"
        #expect(
            try Processes.synthforge("generate", "--domain", "hr", "--task", "resume-entities", "--count", "5", "--out", data).status == 0)
        let result = try Processes.synthforge("augment", "--in", data, "--ops", "swap", "--only-new", "-q")
        #expect(result.status == 0)
        #expect(result.stderr == "Read 5 records; wrote 0 originals and 5 copies.\n")
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.contains("-aug1\"") })
    }

    @Test func mistakesAreNamed() throws {
        let folder = try Processes.temporaryFolder()
        let data = folder + "/mixed.jsonl"
        try "{\"text\": \"first text\"}\n\n{\"text\": \"second\"\n".write(toFile: data, atomically: true, encoding: .utf8)
        let unknown = try Processes.synthforge("augment", "--in", data, "--ops", "synonym,rephrase")
        #expect(unknown.status == 2)
        #expect(
            unknown.stderr
                == "synthforge: error: unknown augmentation 'rephrase'; the operations are: synonym, insert, swap, delete, typo, entity-swap, "
                + "paraphrase, back-translate\n"
        )
        let noModel = try Processes.synthforge("augment", "--in", data, "--ops", "paraphrase")
        #expect(noModel.status == 2)
        #expect(noModel.stderr.contains("paraphrase asks a model: give --provider"), "\(noModel.stderr)")
        let bad = try Processes.synthforge("augment", "--in", data, "--ops", "typo", "--out", folder + "/out.jsonl")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("\(data) line 3: not JSON"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out.jsonl"))
        let alpha = try Processes.synthforge("augment", "--in", data, "--ops", "typo", "--alpha", "2")
        #expect(alpha.stderr == "synthforge: error: --alpha must be a number from 0 to 1, such as 0.1, got '2'\n")
    }

    @Test func helpTeachesTheOperations() throws {
        let help = try Processes.synthforge("augment", "--help")
        #expect(help.status == 0)
        for name in ["synonym", "insert", "swap", "delete", "typo", "entity-swap", "--factor", "--only-new", "augmented_from"] {
            #expect(help.stdout.contains(name), "\(name)")
        }
    }
}
