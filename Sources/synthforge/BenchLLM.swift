import ArgumentParser
import Foundation
import SynthCore
import SynthRuntime

struct BenchLLMClient: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llm-client",
        abstract: "Measure the model client's overhead: a durable model run against a zero-latency fake server on loopback.",
        discussion: """
            Starts the fake OpenAI-compatible server in this process, runs a small template to --requests records \
            (journal, response cache, scheduler as `generate --provider local` has them), then runs it again \
            with every answer from the cache. Everything lives in a temporary folder, removed afterwards.

              synthforge bench llm-client
              synthforge bench llm-client --requests 50000 --in-flight 128 --json
            """
    )

    @Option(help: ArgumentHelp("Records to make, one request each.", valueName: "n")) var requests = "20000"
    @Option(help: ArgumentHelp("The most requests in flight.", valueName: "n")) var inFlight = "64"
    @Flag(help: "Print the figures as one JSON object.") var json = false

    func run() async throws {
        do {
            let figures = try await Benchmark.llmClient(
                requests: try positiveInt(requests, option: "--requests"), inFlight: try positiveInt(inFlight, option: "--in-flight"),
                scratch: FileManager.default.temporaryDirectory.path)
            print(json ? JSONWriter.string(figures.json) : figures.summary)
        } catch {
            fail(error)
        }
    }
}

struct BenchLLMAdaptive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "llm-adaptive",
        abstract: "Compare adaptive concurrency with fixed concurrency levels against a real OpenAI-compatible server.",
        discussion: """
            Sends the same requests (short greedy completions, no cache) once per level with the in-flight limit \
            pinned there, then once with it adapting up to --maximum, and prints requests/s and tokens/s side by side.

              synthforge bench llm-adaptive --base-url http://127.0.0.1:8765/v1 --requests 200 --levels 1,2,4,8
            """
    )

    @Option(help: ArgumentHelp("The server's base URL.", valueName: "url")) var baseURL: String
    @Option(help: ArgumentHelp("The model to ask for (default: the server's).", valueName: "name")) var model: String?
    @Option(help: ArgumentHelp("Requests per pass.", valueName: "n")) var requests = "200"
    @Option(help: ArgumentHelp("Fixed concurrency levels, comma-separated.", valueName: "k,k,…")) var levels = "1,2,4,8"
    @Option(help: ArgumentHelp("The most requests in flight in the adaptive pass.", valueName: "n")) var maximum = "64"
    @Option(help: ArgumentHelp("The most tokens per answer.", valueName: "n")) var maxTokens = "24"
    @Flag(help: "Print the figures as one JSON object.") var json = false

    func run() async throws {
        do {
            let fixed = try levels.split(separator: ",").map { (level: Substring) throws(SynthError) in
                try positiveInt(level.trimmingCharacters(in: .whitespaces), option: "--levels")
            }
            guard !fixed.isEmpty else { throw SynthError(.invalidArgument, "--levels must name at least one level, such as 1,2,4,8") }
            let figures = try await Benchmark.llmAdaptive(
                baseURL: baseURL, model: model, requests: try positiveInt(requests, option: "--requests"), levels: fixed,
                maximum: try positiveInt(maximum, option: "--maximum"), maxTokens: try positiveInt(maxTokens, option: "--max-tokens"))
            print(json ? JSONWriter.string(figures.json) : figures.summary)
        } catch {
            fail(error)
        }
    }
}
