import Foundation
import LoopbackLLM
import SynthCore
import SynthLLM

extension Benchmark {
    /// What the client-overhead benchmark measured: a durable model run against the zero-latency
    /// fake server on loopback, then the same run again with every answer from its response cache.
    public struct LLMClientFigures: Sendable {
        /// One run of the template to its output.
        public struct Pass: Sendable {
            /// What the pass was.
            public var name: String
            /// Its wall time in seconds.
            public var seconds: Double
            /// CPU seconds the process spent in it, the in-process fake server's share included.
            public var cpuSeconds: Double
            /// Requests the server answered during it.
            public var requests: Int
            /// Answers taken from the response cache.
            public var cacheHits: Int
            /// Records written to the output, durably.
            public var records: Int
            /// The most requests the server saw in flight at once (0 when it saw none).
            public var peakInFlight: Int
            /// The highest in-flight limit adaptive concurrency reached.
            public var peakLimit: Int
            /// Peak resident memory during the pass (VmHWM), in bytes; nil where the kernel
            /// cannot reset the peak between passes.
            public var peakRSS: Int?

            /// Requests answered by the server per second.
            public var requestsPerSecond: Double { Double(requests) / max(seconds, 1e-9) }
            /// Records written per second.
            public var recordsPerSecond: Double { Double(records) / max(seconds, 1e-9) }
        }

        /// Records asked for: one request each.
        public var requests: Int
        /// The most requests allowed in flight.
        public var inFlight: Int
        /// The passes, in the order run.
        public var passes: [Pass]
        /// Peak resident memory of the whole process, in bytes.
        public var peakRSS: Int

        /// The figures as a table for people.
        public var summary: String {
            var lines = [
                "LLM client: \(NumberFormat.grouped(requests)) requests to the loopback fake (zero latency), at most \(inFlight) in flight, "
                    + "records journalled and fsynced",
                "  pass     wall s    CPU s   requests/s   records/s   records   cache hits   peak in flight   peak limit   peak RSS",
            ]
            for pass in passes {
                lines.append(
                    "  " + pass.name.padding(toLength: 7, withPad: " ", startingAt: 0)
                        + Self.column(NumberFormat.fixed(pass.seconds, decimals: 2), 7)
                        + Self.column(NumberFormat.fixed(pass.cpuSeconds, decimals: 2), 9)
                        + Self.column(NumberFormat.grouped(Int(pass.requestsPerSecond.rounded())), 13)
                        + Self.column(NumberFormat.grouped(Int(pass.recordsPerSecond.rounded())), 12)
                        + Self.column(NumberFormat.grouped(pass.records), 10)
                        + Self.column(NumberFormat.grouped(pass.cacheHits), 13)
                        + Self.column(String(pass.peakInFlight), 17) + Self.column(String(pass.peakLimit), 13)
                        + Self.column(pass.peakRSS.map(Benchmark.megabytes) ?? "-", 11))
            }
            lines.append("  peak RSS of the process: \(Benchmark.megabytes(peakRSS))")
            return lines.joined(separator: "\n")
        }

        /// The figures as JSON.
        public var json: Value {
            .object([
                "requests": .int(requests), "in_flight": .int(inFlight), "peak_rss_bytes": .int(peakRSS),
                "passes": .array(
                    passes.map { pass in
                        .object([
                            "name": .string(pass.name), "wall_seconds": .double(pass.seconds), "cpu_seconds": .double(pass.cpuSeconds),
                            "requests": .int(pass.requests),
                            "requests_per_second": .double(pass.requestsPerSecond), "records": .int(pass.records),
                            "records_per_second": .double(pass.recordsPerSecond), "cache_hits": .int(pass.cacheHits),
                            "peak_in_flight": .int(pass.peakInFlight), "peak_limit": .int(pass.peakLimit),
                            "peak_rss_bytes": pass.peakRSS.map { .int($0) } ?? .null,
                        ])
                    }),
            ])
        }

        /// `text` right-aligned in `width` characters.
        static func column(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(width - text.count, 1)) + text
        }
    }

    /// The template the client benchmark runs: a short classification whose schema the fake
    /// server answers with a distinct text per request.
    static let clientTemplate = """
        id: bench_client
        version: 1
        description: Short tickets labelled by urgency, answered by the loopback fake.
        domain: support
        task: classification
        user: Write a one-sentence support ticket about a {{device}} and label how urgent it is.
        output:
          type: object
          properties:
            text: {type: string}
            label: {enum: [low, high]}
          required: [text, label]
        parameters: {max_tokens: 24}
        variables:
          device: {list: [router, laptop, printer, phone]}
        """

    /// Runs `requests` records through `LLMGeneration.run` against the loopback fake server, with at
    /// most `inFlight` requests in flight, then runs it again to a fresh output so every answer
    /// comes from the response cache. Template, output and run folder live in a temporary folder
    /// under `scratch`, removed afterwards.
    public static func llmClient(requests: Int, inFlight: Int, scratch: String) async throws -> LLMClientFigures {
        let folder = (scratch as NSString).appendingPathComponent("synthforge-bench-llm-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let template = folder + "/bench_client.yaml"
        try clientTemplate.write(toFile: template, atomically: true, encoding: .utf8)
        let out = folder + "/records.jsonl"
        let runs = folder + "/runs"

        return try await LoopbackLLM.withServer(recording: false) { server in
            // The spec `synthforge generate --provider local --base-url URL --template T --count N --max-in-flight K` makes.
            var partial = PartialSpec()
            partial.count = requests
            partial.out = out
            partial.templates = [template]
            for (key, value) in [("provider", "local"), ("base-url", server.baseURL + "/v1"), ("max-in-flight", String(inFlight))] {
                try partial.setLLM(key, value)
            }
            try LLMGeneration.complete(&partial)
            let spec = try partial.resolved()
            var passes: [LLMClientFigures.Pass] = []
            for name in ["server", "cache"] {
                try? FileManager.default.removeItem(atPath: out)
                let resettable = MemoryStatus.resetPeak()
                let answeredBefore = server.requestCount
                let watch = Stopwatch()
                let outcome = try await LLMGeneration.run(spec, arguments: ["bench", "llm-client"], runsRoot: runs)
                let timing = watch.elapsed
                passes.append(
                    LLMClientFigures.Pass(
                        name: name, seconds: timing.wall, cpuSeconds: timing.cpu, requests: server.requestCount - answeredBefore,
                        cacheHits: outcome.requests.cacheHits, records: outcome.summary.written,
                        peakInFlight: name == "server" ? server.maxInFlight : 0, peakLimit: outcome.requests.peakLimit,
                        peakRSS: resettable ? MemoryStatus.read("VmHWM") : nil))
            }
            return LLMClientFigures(requests: requests, inFlight: inFlight, passes: passes, peakRSS: MemoryStatus.read("VmHWM") ?? 0)
        }
    }
}
