import Foundation
import LoopbackLLM
import SynthCore
import SynthTesting
import Testing

/// `synthforge generate` with a model, as a user runs it: the built binary against the loopback fake
/// server, which answers every request with JSON that fits the template's schema unless its script says otherwise.
@Suite(.serialized) struct LLMGenerateTests {
    /// A short classification template: the fake answers `{"text": "text N", "label": "low"}` to it.
    static func template(id: String = "ticket_test", version: Int = 2, tone: String = "plain") -> String {
        """
        id: \(id)
        version: \(version)
        description: Short support tickets labelled by urgency.
        domain: support
        task: classification
        system: You write short, \(tone) customer support tickets. Answer with JSON only.
        user: |
          Write a one-sentence support ticket about a {{device}} that {{problem}}, and label how urgent it is.
        output:
          type: object
          properties:
            text: {type: string}
            label: {enum: [low, high]}
          required: [text, label]
        parameters: {temperature: 0.7, max_tokens: 40}
        variables:
          device: {list: [router, laptop, printer]}
          problem: {list: ["will not turn on", "is slow", "shows an error"]}
        """
    }

    /// A scratch folder holding the template, where the binary runs (so its run folder is `.synthforge/runs` there).
    struct Workspace {
        let folder: String
        let template = "ticket.yaml"
        let out = "tickets.jsonl"

        init() throws {
            folder = try Processes.temporaryFolder()
            try write(LLMGenerateTests.template(), to: template)
        }

        func path(_ name: String) -> String { folder + "/" + name }

        func write(_ text: String, to name: String) throws { try text.write(toFile: path(name), atomically: true, encoding: .utf8) }

        /// A providers file naming the fake as provider `fake` with model `fake-model` at `dollarsPerMillion` per token kind.
        func providers(_ server: LoopbackLLM, dollarsPerMillion: Double = 100, keyVariable: String? = nil) throws -> String {
            var text = """
                providers:
                  fake:
                    kind: openai
                    base_url: \(server.baseURL)/v1
                    model: fake-model
                    schema_style: json_object
                    prices:
                      fake-model: {input: \(dollarsPerMillion), output: \(dollarsPerMillion)}

                """
            if let keyVariable { text += "    api_key_env: \(keyVariable)\n" }
            try write(text, to: "providers.yaml")
            return "providers.yaml"
        }

        /// Runs `synthforge generate ARGUMENTS` here, with `environment` added to this process's.
        func generate(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
            try Processes.run(
                Processes.synthforge, ["generate"] + arguments,
                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, directory: folder)
        }

        /// The records of a JSONL file here, each parsed; an unparseable line fails the test.
        func records(_ name: String) throws -> [Fields] {
            let text = (try? String(contentsOfFile: path(name), encoding: .utf8)) ?? ""
            return try text.split(separator: "\n").map { line in
                guard case .object(let fields) = try JSONParser.parse(Array(line.utf8)) else {
                    throw TestFailure("not a JSON object: \(line)")
                }
                return fields
            }
        }

        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

        /// Every file under the workspace, as text.
        func allFiles() -> [(path: String, text: String)] {
            let enumerator = FileManager.default.enumerator(atPath: folder)
            var files: [(String, String)] = []
            while let name = enumerator?.nextObject() as? String {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path(name), isDirectory: &isFolder), !isFolder.boolValue,
                    let data = FileManager.default.contents(atPath: path(name))
                else { continue }
                files.append((name, String(decoding: data, as: UTF8.self)))
            }
            return files
        }
    }

    /// The arguments of a run of the workspace's template against `server` as provider `local`.
    static func local(_ server: LoopbackLLM, _ workspace: Workspace, count: Int, seed: Int = 3) -> [String] {
        [
            "--provider", "local", "--base-url", server.baseURL + "/v1", "--model", "tiny", "--template", workspace.template,
            "--count", String(count), "--seed", String(seed), "--out", workspace.out,
        ]
    }

    /// The arguments of a run of the workspace's template against provider `fake` of a providers file.
    static func priced(_ providers: String, _ workspace: Workspace, count: Int) -> [String] {
        [
            "--provider", "fake", "--providers", providers, "--template", workspace.template, "--count", String(count), "--seed", "3",
            "--out", workspace.out,
        ]
    }

    /// The run id a partial run's summary names in its `--resume ID` advice.
    static func runID(in stderr: String) -> String? {
        guard let range = stderr.range(of: "--resume ") else { return nil }
        return String(stderr[range.upperBound...].prefix { $0.isHexDigit })
    }

    /// Checks that `records` are `count` valid ticket records with unique ids.
    static func expectValid(_ records: [Fields], count: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(records.count == count, sourceLocation: sourceLocation)
        #expect(Set(records.map { $0["id"]?.stringValue ?? "" }).count == records.count, "duplicate ids", sourceLocation: sourceLocation)
        for record in records {
            let text = record["text"]?.stringValue ?? ""
            #expect(!text.isEmpty, sourceLocation: sourceLocation)
            #expect(["low", "high"].contains(record["label"]?.stringValue ?? ""), sourceLocation: sourceLocation)
            #expect(record["provenance"]?.objectValue?["source"]?.stringValue == "llm", sourceLocation: sourceLocation)
        }
    }

    /// A figure of the whole run (`cost_usd`, `tokens`), as its `run.json` keeps it.
    static func runFigure(_ workspace: Workspace, id: String, _ key: String = "cost_usd") throws -> Double {
        let data = FileManager.default.contents(atPath: workspace.path(".synthforge/runs/\(id)/run.json")) ?? Data()
        guard let figure = try JSONParser.parse([UInt8](data)).objectValue?[key]?.doubleValue else {
            throw TestFailure("run.json of run \(id) has no \(key)")
        }
        return figure
    }

    @Test func aRunWritesEveryRecordWithItsProvenanceAndASummary() async throws {
        let workspace = try Workspace()
        try await LoopbackLLM.withServer { server in
            let result = try workspace.generate(Self.local(server, workspace, count: 20))
            #expect(result.status == 0, "\(result.stderr)")
            let records = try workspace.records(workspace.out)
            Self.expectValid(records, count: 20)
            #expect(!workspace.exists(workspace.out + ".partial"))
            #expect(server.requestCount == 20)

            for record in records {
                let metadata = record["metadata"]?.objectValue
                #expect(["router", "laptop", "printer"].contains(metadata?["device"]?.stringValue ?? ""))
                #expect(["will not turn on", "is slow", "shows an error"].contains(metadata?["problem"]?.stringValue ?? ""))
                let provenance = record["provenance"]?.objectValue ?? [:]
                #expect(provenance["template"]?.stringValue == "ticket_test")
                #expect(provenance["template_version"]?.stringValue == "2")
                #expect(provenance["variant"]?.stringValue == "ticket_test")
                #expect(provenance["provider"]?.stringValue == "local")
                #expect(provenance["model"]?.stringValue == "tiny")
                let parameters = provenance["parameters"]?.objectValue
                #expect(parameters?["temperature"]?.doubleValue == 0.7)
                #expect(parameters?["max_tokens"]?.intValue == 40)
                #expect(parameters?["seed"] != nil)
                #expect((provenance["prompt_hash"]?.stringValue ?? "").count >= 8)
                #expect((provenance["tokens_in"]?.intValue ?? 0) > 10)
                #expect((provenance["tokens_out"]?.intValue ?? 0) > 0)
                #expect(provenance["cost_usd"]?.doubleValue == 0)
                #expect((provenance["latency_ms"]?.intValue ?? -1) >= 0)
                #expect(provenance["attempts"]?.intValue == 1)
            }
            // The request the fake saw for record 0 is the prompt the template renders, with its schema.
            let body = server.requests.first?.json?.objectValue
            #expect(body?["model"]?.stringValue == "tiny")
            #expect(body?["response_format"]?.objectValue?["schema"] != nil)

            #expect(result.stderr.contains("Wrote 20 support/ticket_test records to \(workspace.out) "), "\(result.stderr)")
            #expect(result.stderr.contains("Requests: 20 sent, 0 from the cache"), "\(result.stderr)")
            #expect(result.stderr.contains("Spend: "), "\(result.stderr)")
            #expect(result.stderr.contains("\nNo price is known for model 'tiny', so its cost counts as 0 USD"), "\(result.stderr)")
            #expect(result.stderr.contains("Structured output: 20 records, 20 valid (0 repaired, 0 retried), 0 failed"), "\(result.stderr)")
        }
    }

    @Test func aSpentCostBudgetStopsCleanlyAndARaisedOneFinishesTheSameRun() async throws {
        let workspace = try Workspace()
        try await LoopbackLLM.withServer { server in
            let providers = try workspace.providers(server)
            let arguments = Self.priced(providers, workspace, count: 40) + ["--max-in-flight", "2"]

            let stopped = try workspace.generate(arguments + ["--max-cost", "0.15"])
            #expect(stopped.status == 3, "\(stopped.stderr)")
            #expect(!workspace.exists(workspace.out))
            let partial = try workspace.records(workspace.out + ".partial")
            // Records are kept in plan order up to the first one the budget refused; the answers paid for
            // beyond it wait in the cache for the next session.
            #expect(partial.count >= 1 && partial.count < 40, "\(stopped.stderr)")
            Self.expectValid(partial, count: partial.count)
            #expect(
                stopped.stderr.contains("Partial: wrote \(partial.count) support/ticket_test records to \(workspace.out).partial "),
                "\(stopped.stderr)")
            #expect(stopped.stderr.contains("cost limit of $0.15 is reached"), "\(stopped.stderr)")
            let id = try #require(Self.runID(in: stopped.stderr), "\(stopped.stderr)")
            #expect(stopped.stderr.contains("--max-cost"), "\(stopped.stderr)")
            let spent = try Self.runFigure(workspace, id: id)
            #expect(spent > 0 && spent <= 0.15)
            #expect(partial.map { $0["provenance"]?.objectValue?["cost_usd"]?.doubleValue ?? 0 }.reduce(0, +) <= 0.15)
            let sentBefore = server.requestCount

            // The same limit again spends nothing more.
            let again = try workspace.generate(arguments + ["--max-cost", "0.15"])
            #expect(again.status == 3, "\(again.stderr)")
            #expect(try Self.runFigure(workspace, id: id) <= 0.15)

            // A raised limit finishes the same run: every record once, the ones already written kept as they were.
            let finished = try workspace.generate(arguments + ["--max-cost", "5"])
            #expect(finished.status == 0, "\(finished.stderr)")
            let records = try workspace.records(workspace.out)
            Self.expectValid(records, count: 40)
            #expect(records.prefix(partial.count).map { JSONWriter.string(.object($0)) } == partial.map { JSONWriter.string(.object($0)) })
            #expect(finished.stderr.contains("Run \(id) resumed: \(partial.count) records were kept"), "\(finished.stderr)")
            // Answers paid for in the first session came from the cache: no record was asked for twice.
            #expect(server.requestCount == 40, "sent \(sentBefore) then \(server.requestCount - sentBefore)")
            #expect(try Self.runFigure(workspace, id: id) <= 5)
        }
    }

    @Test func resumeByIDTakesARaisedLimit() async throws {
        let workspace = try Workspace()
        try await LoopbackLLM.withServer { server in
            let providers = try workspace.providers(server)
            let stopped = try workspace.generate(Self.priced(providers, workspace, count: 40) + ["--max-cost", "0.15"])
            #expect(stopped.status == 3, "\(stopped.stderr)")
            let id = try #require(Self.runID(in: stopped.stderr), "\(stopped.stderr)")
            let partial = try workspace.records(workspace.out + ".partial")

            let same = try workspace.generate(["--resume", id])
            #expect(same.status == 3, "\(same.stderr)")
            let other = try workspace.generate(["--resume", id, "--count", "50"])
            #expect(other.status == 2 && other.stderr.contains("--resume"), "\(other.stderr)")

            let resumed = try workspace.generate(["--resume", id, "--max-cost", "5"])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            let records = try workspace.records(workspace.out)
            Self.expectValid(records, count: 40)
            #expect(records.prefix(partial.count).map { $0["id"] } == partial.map { $0["id"] })
            #expect(server.requestCount == 40)
            let done = try workspace.generate(["--resume", id])
            #expect(done.status == 0 && done.stdout.contains("Run \(id) is complete: 40 records"), "\(done.stdout)\(done.stderr)")
        }
    }

    @Test func aSpentTokenBudgetStopsCleanlyAndARaisedOneFinishes() async throws {
        let workspace = try Workspace()
        try await LoopbackLLM.withServer { server in
            let arguments = Self.local(server, workspace, count: 40) + ["--max-in-flight", "2"]
            let stopped = try workspace.generate(arguments + ["--max-tokens", "1000"])
            #expect(stopped.status == 3, "\(stopped.stderr)")
            #expect(stopped.stderr.contains("token limit of 1000 is reached"), "\(stopped.stderr)")
            let partial = try workspace.records(workspace.out + ".partial")
            // Records are kept in plan order up to the first one the budget refused; the answers paid for
            // beyond it wait in the cache for the next session.
            #expect(partial.count >= 1 && partial.count < 40, "\(stopped.stderr)")
            Self.expectValid(partial, count: partial.count)
            let used = partial.map {
                ($0["provenance"]?.objectValue?["tokens_in"]?.intValue ?? 0) + ($0["provenance"]?.objectValue?["tokens_out"]?.intValue ?? 0)
            }
            #expect(used.reduce(0, +) <= 1000)
            let id = try #require(Self.runID(in: stopped.stderr), "\(stopped.stderr)")
            let tokens = try Self.runFigure(workspace, id: id, "tokens")
            #expect(tokens > 0 && tokens <= 1000)

            let finished = try workspace.generate(arguments + ["--max-tokens", "100000"])
            #expect(finished.status == 0, "\(finished.stderr)")
            let records = try workspace.records(workspace.out)
            Self.expectValid(records, count: 40)
            #expect(records.prefix(partial.count).map { $0["id"] } == partial.map { $0["id"] })
            #expect(server.requestCount == 40)
        }
    }

    @Test func ctrlCKeepsAValidPartialOutputThatARerunCompletes() async throws {
        let workspace = try Workspace()
        // Every answer takes 500 ms, so the run is still going when it is interrupted.
        try await LoopbackLLM.withServer(script: Array(repeating: .slow(ms: 500), count: 1000)) { server in
            let arguments = ["generate"] + Self.local(server, workspace, count: 48) + ["--max-in-flight", "4"]
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Processes.synthforge)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: workspace.folder)
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(120)
            // Polls on this thread rather than with Task.sleep: a busy test run can starve the
            // cooperative pool's timers for longer than the whole run takes.
            while process.isRunning, (try? workspace.records(workspace.out + ".partial").count) ?? 0 < 8, Date() < deadline {
                usleep(20_000)
            }
            #expect(process.isRunning, "the run ended before it could be interrupted")
            kill(process.processIdentifier, SIGINT)
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 130, "\(stderr)")
            let partial = try workspace.records(workspace.out + ".partial")
            #expect(partial.count >= 8 && partial.count < 48, "\(stderr)")
            Self.expectValid(partial, count: partial.count)
            #expect(!workspace.exists(workspace.out))
            #expect(
                stderr.contains("Partial: wrote \(partial.count) support/ticket_test records to \(workspace.out).partial "), "\(stderr)")
            #expect(stderr.contains("Stopped early (interrupted (Ctrl-C))"), "\(stderr)")
            #expect(Self.runID(in: stderr) != nil, "\(stderr)")

            let rerun = try workspace.generate(Array(arguments.dropFirst()))
            #expect(rerun.status == 0, "\(rerun.stderr)")
            let records = try workspace.records(workspace.out)
            Self.expectValid(records, count: 48)
            #expect(records.prefix(partial.count).map { $0["id"] } == partial.map { $0["id"] })
            let expected = Set(records.compactMap { $0["provenance"]?.objectValue?["index"]?.intValue })
            #expect(expected == Set(0..<48))
        }
    }

    @Test func rateLimitsServerErrorsGarbageAndBrokenJSONStillGiveEveryRecord() async throws {
        let workspace = try Workspace()
        let script: [LoopbackLLM.Step] =
            Array(repeating: .rateLimited(retryAfter: nil), count: 5) + [.serverError(500), .serverError(500), .serverError(503)]
            + [.garbage, .garbage]
            + [
                .brokenJSON(#"{"text": "The router keeps dropping the connection", "label": "high""#),
                .brokenJSON("```json\n{'text': 'The laptop will not turn on', 'label': 'low',}\n```"),
                .ok("Sorry, I cannot write that ticket."),
            ]
        try await LoopbackLLM.withServer(script: script) { server in
            let result = try workspace.generate(Self.local(server, workspace, count: 16) + ["--max-in-flight", "2"])
            #expect(result.status == 0, "\(result.stderr)")
            let records = try workspace.records(workspace.out)
            Self.expectValid(records, count: 16)
            #expect(server.remainingScript == 0)
            let texts = records.compactMap { $0["text"]?.stringValue }
            #expect(texts.contains("The router keeps dropping the connection"))
            #expect(texts.contains("The laptop will not turn on"))
            let retried = records.filter { $0["provenance"]?.objectValue?["attempts"]?.intValue == 2 }
            #expect(retried.count == 1)
            let repaired = records.filter { $0["provenance"]?.objectValue?["repairs"] != nil }
            #expect(repaired.count == 2)

            #expect(result.stderr.contains("retries: "), "\(result.stderr)")
            for kind in ["5 after rate limits", "2 after server errors", "1 after overloaded answers", "2 after malformed answers"] {
                #expect(result.stderr.contains(kind), "\(kind): \(result.stderr)")
            }
            #expect(result.stderr.contains("16 valid (2 repaired, 1 retried), 0 failed"), "\(result.stderr)")
            #expect(result.stderr.contains("  repaired "), "\(result.stderr)")
            #expect(result.stderr.contains("fixed by a retry"), "\(result.stderr)")
        }
    }

    @Test func aRetryAfterIsHonoured() async throws {
        let workspace = try Workspace()
        try await LoopbackLLM.withServer(script: [.rateLimited(retryAfter: 2)]) { server in
            let arguments = Self.local(server, workspace, count: 1)
            let result = try workspace.generate(arguments)
            #expect(result.status == 0, "\(result.stderr)")
            let arrivals = server.requests.map(\.arrival)
            #expect(arrivals.count == 2)
            if arrivals.count == 2 {
                let gap = arrivals[1] - arrivals[0]
                #expect(gap >= .milliseconds(1800), "the retry came \(gap) after the 429 that asked for 2 s")
            }
            #expect(result.stderr.contains("retries: 1 after rate limits"), "\(result.stderr)")
        }
    }

    @Test func aRefusedKeyStopsWithAClearMessageAndNeverShowsTheKey() async throws {
        let workspace = try Workspace()
        let secret = "sk-test-4f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c"
        try await LoopbackLLM.withServer(script: [.error(401, message: "Incorrect API key provided")]) { server in
            let providers = try workspace.providers(server, keyVariable: "SYNTHFORGE_TEST_KEY")
            let result = try workspace.generate(
                Self.priced(providers, workspace, count: 8) + ["--max-in-flight", "1"], environment: ["SYNTHFORGE_TEST_KEY": secret])
            #expect(result.status == 1, "\(result.stderr)")
            #expect(result.stderr.contains("provider 'fake'"), "\(result.stderr)")
            #expect(result.stderr.contains("HTTP 401"), "\(result.stderr)")
            #expect(result.stderr.contains("SYNTHFORGE_TEST_KEY"), "\(result.stderr)")
            // The key went to the server, and nowhere else.
            #expect(server.requests.first?.headers["authorization"] == "Bearer \(secret)")
            #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
            for file in workspace.allFiles() { #expect(!file.text.contains(secret), "\(file.path) holds the key") }
            #expect(!workspace.exists(workspace.out))
        }
    }

    @Test func anABTestTagsRecordsByVariantAndComparesThem() async throws {
        let workspace = try Workspace()
        try workspace.write(Self.template(id: "ticket_a", tone: "plain"), to: "a.yaml")
        try workspace.write(Self.template(id: "ticket_b", tone: "friendly"), to: "b.yaml")
        try await LoopbackLLM.withServer { server in
            let arguments = [
                "--provider", "local", "--base-url", server.baseURL, "--template", "a.yaml", "--template", "b.yaml", "--split", "50/50",
                "--count", "40", "--seed", "11", "--out", workspace.out,
            ]
            let result = try workspace.generate(arguments)
            #expect(result.status == 0, "\(result.stderr)")
            let records = try workspace.records(workspace.out)
            Self.expectValid(records, count: 40)
            let variants = records.map { $0["provenance"]?.objectValue?["variant"]?.stringValue ?? "" }
            let a = variants.filter { $0 == "ticket_a" }.count
            let b = variants.filter { $0 == "ticket_b" }.count
            #expect(a + b == 40)
            #expect(a >= 12 && b >= 12, "a \(a), b \(b)")
            // Each variant's records were asked with its own prompt.
            for record in records {
                let provenance = record["provenance"]?.objectValue
                #expect(provenance?["template"] == provenance?["variant"])
            }
            #expect(result.stderr.contains("A/B test:"), "\(result.stderr)")
            #expect(result.stderr.contains("  ticket_a: \(a) records made, parse failures 0.0%"), "\(result.stderr)")
            #expect(result.stderr.contains("  ticket_b: \(b) records made, parse failures 0.0%"), "\(result.stderr)")

            // The assignment comes from the seed: the same command elsewhere tags the same records the same way.
            let copy = try Workspace()
            try copy.write(Self.template(id: "ticket_a", tone: "plain"), to: "a.yaml")
            try copy.write(Self.template(id: "ticket_b", tone: "friendly"), to: "b.yaml")
            let again = try copy.generate(arguments)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(try copy.records(copy.out).map { $0["provenance"]?.objectValue?["variant"]?.stringValue ?? "" } == variants)
        }
    }

    @Test func aDryRunPrintsTheEstimateAndSendsNothing() async throws {
        let workspace = try Workspace()
        try await LoopbackLLM.withServer { server in
            let providers = try workspace.providers(server)
            let result = try workspace.generate(Self.priced(providers, workspace, count: 500) + ["--max-cost", "2", "--dry-run"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("Dry run: nothing was sent."), "\(result.stdout)")
            #expect(result.stdout.contains("requests   500"), "\(result.stdout)")
            #expect(result.stdout.contains("tokens     ≈ "), "\(result.stdout)")
            #expect(result.stdout.contains("at most 20,000 output"), "\(result.stdout)")
            #expect(result.stdout.contains("cost       at most $"), "\(result.stdout)")
            #expect(result.stdout.contains("(budget $2)"), "\(result.stdout)")
            #expect(result.stdout.contains("time       ≈ "), "\(result.stdout)")
            #expect(server.requestCount == 0)
            #expect(!workspace.exists(workspace.out) && !workspace.exists(workspace.out + ".partial"))
        }
    }

    @Test func rerunningACompletedRunIsFreeAndWritesTheSameOutput() async throws {
        let workspace = try Workspace()
        try await LoopbackLLM.withServer { server in
            let arguments = Self.local(server, workspace, count: 24)
            let first = try workspace.generate(arguments)
            #expect(first.status == 0, "\(first.stderr)")
            let output = try String(contentsOfFile: workspace.path(workspace.out), encoding: .utf8)
            #expect(server.requestCount == 24)

            try FileManager.default.removeItem(atPath: workspace.path(workspace.out))
            let second = try workspace.generate(arguments)
            #expect(second.status == 0, "\(second.stderr)")
            #expect(server.requestCount == 24, "a rerun sent requests")
            #expect(second.stderr.contains("Requests: 0 sent, 24 from the cache"), "\(second.stderr)")
            #expect(try String(contentsOfFile: workspace.path(workspace.out), encoding: .utf8) == output)

            let third = try workspace.generate(arguments)
            #expect(third.status == 0, "\(third.stderr)")
            #expect(server.requestCount == 24)
            #expect(try String(contentsOfFile: workspace.path(workspace.out), encoding: .utf8) == output)
        }
    }
}

extension Value {
    /// The whole number this value holds, if it is one.
    fileprivate var intValue: Int? {
        if case .int(let n) = self { return n }
        return nil
    }
}
