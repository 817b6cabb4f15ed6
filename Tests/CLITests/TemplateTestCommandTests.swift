import Foundation
import LoopbackLLM
import SynthCore
import SynthTesting
import Testing

/// `synthforge template test` against the loopback fake server, as a user runs it.
@Suite struct TemplateTestCommandTests {
    @Test func printsEachAnswerWithItsParseStatusAndTheRecordItMakes() async throws {
        let workspace = try LLMGenerateTests.Workspace()
        let script: [LoopbackLLM.Step] = [
            .ok(#"{"text": "My router will not turn on.", "label": "high"}"#),
            .brokenJSON("```json\n{'text': 'The printer is slow.', 'label': 'LOW',}\n```"),
            .ok("I would rather not."),
            .ok(#"{"text": "The laptop shows an error."}"#),
        ]
        try await LoopbackLLM.withServer(script: script) { server in
            let result = try Processes.run(
                Processes.synthforge,
                [
                    "template", "test", workspace.template, "--provider", "local", "--base-url", server.baseURL + "/v1", "--count", "3",
                    "--seed", "9", "--max-attempts", "2",
                ], directory: workspace.folder)
            #expect(result.status == 0, "\(result.stderr)")
            let samples = Array(result.stdout.components(separatedBy: "# sample ").dropFirst())
            try #require(samples.count == 3, "\(result.stdout)")

            #expect(samples[0].contains("--- answer\n{\"text\": \"My router will not turn on.\", \"label\": \"high\"}\nparse: valid\n"))
            #expect(
                samples[0].contains("record: {\"text\":\"My router will not turn on.\",\"label\":\"high\",\"metadata\":{"), "\(samples[0])")

            #expect(samples[1].contains("parse: repaired: "), "\(samples[1])")
            for repair in ["code-fence", "single-quotes", "trailing-comma", "enum-case at label"] {
                #expect(samples[1].contains(repair), "\(repair): \(samples[1])")
            }
            #expect(samples[1].contains("record: {\"text\":\"The printer is slow.\",\"label\":\"low\""), "\(samples[1])")

            #expect(samples[2].contains("--- answer 1\nI would rather not.\nparse: failed: "), "\(samples[2])")
            #expect(
                samples[2].contains("--- answer 2\n{\"text\": \"The laptop shows an error.\"}\nparse: failed: label: "), "\(samples[2])")
            #expect(samples[2].contains("record: none (no answer fit the output schema)"), "\(samples[2])")

            #expect(
                result.stdout.contains("3 samples: 2 made a record (1 after repairs, 1 asked again), 1 did not; 4 answers"),
                "\(result.stdout)")
            #expect(server.requestCount == 4)

            // Sample k asks what record k of a run with the same seed asks: the same variables and request seed.
            let seeds = server.requests.prefix(2).map { $0.json?.objectValue?["seed"] }
            let variables = samples.map { sample in
                sample.split(separator: "\n").first { $0.hasPrefix("variables: ") }.map { String($0.dropFirst("variables: ".count)) }
            }
            let run = try workspace.generate(LLMGenerateTests.local(server, workspace, count: 3, seed: 9))
            #expect(run.status == 0, "\(run.stderr)")
            let records = try workspace.records(workspace.out)
            for k in 0..<2 {
                let provenance = records[k]["provenance"]?.objectValue
                #expect(provenance?["parameters"]?.objectValue?["seed"]?.stringValue == seeds[k].map { JSONWriter.string($0) })
                #expect(records[k]["metadata"].map { JSONWriter.string($0) } == variables[k])
            }
        }
    }

    @Test func aProviderThatRefusesIsAClearError() async throws {
        let workspace = try LLMGenerateTests.Workspace()
        try await LoopbackLLM.withServer(script: [.error(401, message: "no such key")]) { server in
            let result = try Processes.run(
                Processes.synthforge,
                ["template", "test", workspace.template, "--provider", "local", "--base-url", server.baseURL, "--count", "1"],
                directory: workspace.folder)
            #expect(result.status == 1)
            #expect(result.stderr.contains("provider 'local' refused the request"), "\(result.stderr)")
        }
    }
}
