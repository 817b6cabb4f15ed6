import SynthCore
import SynthRuntime
import Testing

@Suite struct SpecFileTests {
    @Test func aSpecFileSaysWhatTheFlagsSay() throws {
        let spec = try SpecFile.parse(
            """
            domain: medical
            task: clinical-notes
            count: 250
            seed: 7
            out: notes.csv
            shard-size: 50
            dedup: false
            """, file: "s.yaml"
        ).resolved()
        #expect(
            spec
                == GenerationSpec(
                    domain: "medical", task: "clinical-notes", count: 250, seed: 7, format: .csv, out: "notes.csv",
                    shardSize: 50, dedup: false))
    }

    @Test func flagsOverrideTheFile() throws {
        let file = try SpecFile.parse("domain: medical\ntask: chart-qa\ncount: 10", file: "s.yaml")
        var flags = PartialSpec()
        flags.count = 99
        flags.format = .jsonl
        let spec = try file.overridden(by: flags).resolved()
        #expect(spec.count == 99 && spec.task == "chart-qa" && spec.format == .jsonl && spec.out == "-")
    }

    @Test(arguments: [
        ("domain: medical\ntask: x\ncount: ten", "s.yaml:3: 'count' must be a positive whole number, got 'ten'"),
        (
            "domain: medical\ncolour: red",
            "s.yaml:2: unknown key 'colour' (spec keys: domain, task, count, seed, format, out, shard-size, dedup, packs, privacy-level, pii, near-dedup, toxicity, bias, quality-threshold, reference, decontaminate, rejects, report, near-threshold, shingle-words, permutations, provider, model, providers, base-url, split, recipe, max-cost, max-tokens, rpm, tpm, "
                + "max-in-flight, max-attempts, judge, judge-threshold, seed-tasks, documents, turns, rounds, template)"
        ),
        ("domain: medical\nformat: xml", "s.yaml:2: 'format' must be one of jsonl, csv, got 'xml'"),
        ("domain: medical\nseed: -1", "s.yaml:2: 'seed' must be a whole number from 0 to 18446744073709551615, got '-1'"),
        ("domain: medical\ntask: [unclosed", "s.yaml: line 3, column 1: did not find expected ',' or ']'"),
        ("- just\n- a list", "s.yaml:1: a spec must be a mapping of key: value"),
        ("count: 5", "no domain given: pass --domain NAME or set 'domain' in the spec (see `synthforge domains`)"),
    ])
    func mistakesNameTheLineAndKey(yaml: String, message: String) {
        #expect {
            try SpecFile.parse(yaml, file: "s.yaml").resolved()
        } throws: { error in
            (error as? SynthError)?.message == message
        }
    }
}
