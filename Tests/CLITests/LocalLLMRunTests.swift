import Foundation
import SynthCore
import SynthTesting
import Testing

/// `synthforge generate` against a real llama.cpp server running Gemma 3 270M on loopback.
@Suite(.serialized, .enabled(if: LocalLLM.isAvailable, "needs the LLM server environment that ./scripts/test.sh builds"))
struct LocalLLMRunTests {
    /// A small classification template: short answers keep the CPU-bound model quick.
    static let template = """
        id: ticket_urgency_test
        version: 3
        description: Short support tickets labelled by urgency.
        domain: support
        task: classification
        system: You write short customer support tickets. Answer with JSON only.
        user: |
          Write a one-sentence support ticket from a customer whose {{device}} {{problem}}, and label how urgent it is.
        output:
          type: object
          properties:
            text: {type: string}
            label: {enum: [low, high]}
          required: [text, label]
        parameters: {temperature: 0.9, max_tokens: 60}
        variables:
          device: {list: [router, laptop, printer, phone, smart TV]}
          problem: {list: ["will not turn on", "is slow", "drops the connection", "shows an error", "makes a noise"]}
        """

    private func lines(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func aRunKilledMidwayResumesWithNoRecordLostOrDuplicated() throws {
        let server = try LocalLLM()
        defer { server.stop() }
        let folder = try Processes.temporaryFolder()
        let templatePath = folder + "/urgency.yaml"
        try Self.template.write(toFile: templatePath, atomically: true, encoding: .utf8)
        let out = folder + "/tickets.jsonl"
        let arguments = [
            "generate", "--provider", "local", "--base-url", server.baseURL, "--template", templatePath, "--count", "24", "--seed", "5",
            "--out", out, "--runs", folder + "/runs", "--max-in-flight", "2",
        ]

        // Start the run, and kill it (SIGKILL: no chance to clean up) once some records are in.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Processes.synthforge)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The wait is long: on a busy machine the small model can take half a minute an answer.
        let deadline = Date().addingTimeInterval(1500)
        while process.isRunning, lines(out + ".partial").count < 4, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(process.isRunning, "the run ended before it could be killed: \(server.logTail())")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let before = lines(out + ".partial")
        #expect(before.count >= 4 && before.count < 24)
        #expect(!FileManager.default.fileExists(atPath: out))

        // The same command again continues the run.
        let resumed = try Processes.synthforge(arguments: arguments)
        #expect(resumed.status == 0, "\(resumed.stderr)\n\(server.logTail())")
        #expect(resumed.stderr.contains("resumed: \(before.count) records were kept"), "\(resumed.stderr)")
        let after = lines(out)
        #expect(after.count == 24)
        #expect(Array(after.prefix(before.count)) == before)
        #expect(!FileManager.default.fileExists(atPath: out + ".partial"))

        var ids = Set<String>()
        for line in after {
            guard case .object(let record) = try JSONParser.parse(Array(line.utf8)) else {
                Issue.record("not a JSON object: \(line)")
                continue
            }
            ids.insert(record["id"]?.stringValue ?? "")
            // Bound first: `#expect(!(a ?? "").isEmpty)` expands to a check that fails on every non-empty text.
            let text = record["text"]?.stringValue ?? ""
            #expect(!text.isEmpty)
            #expect(["low", "high"].contains(record["label"]?.stringValue ?? ""))
            let provenance = record["provenance"]?.objectValue
            #expect(provenance?["source"]?.stringValue == "llm")
            #expect(provenance?["template"]?.stringValue == "ticket_urgency_test")
            #expect(provenance?["template_version"]?.stringValue == "3")
            #expect(provenance?["provider"]?.stringValue == "local")
        }
        #expect(ids.count == 24)
    }
}
