import Foundation
import SynthCore
import SynthLLM
import SynthProviders

extension Benchmark {
    /// What the adaptive-concurrency benchmark measured: the same stream of requests sent to a real
    /// server once per fixed concurrency and once with the limit adapting, one after the other.
    public struct AdaptiveFigures: Sendable {
        /// One pass of the request stream.
        public struct Pass: Sendable {
            /// The fixed concurrency, or nil for the adaptive pass.
            public var level: Int?
            /// Its wall time in seconds.
            public var seconds: Double
            /// Requests answered.
            public var requests: Int
            /// Tokens the server generated.
            public var outputTokens: Int
            /// The median latency of a request.
            public var medianLatency: Duration
            /// The in-flight limit at the end, and the highest it reached.
            public var finalLimit: Int
            public var peakLimit: Int

            /// `fixed K` or `adaptive`.
            public var name: String { level.map { "fixed \($0)" } ?? "adaptive" }
            /// Requests answered per second.
            public var requestsPerSecond: Double { Double(requests) / max(seconds, 1e-9) }
            /// Tokens generated per second.
            public var tokensPerSecond: Double { Double(outputTokens) / max(seconds, 1e-9) }
        }

        /// The server's base URL.
        public var baseURL: String
        /// Requests per pass, and the most tokens each answer may have.
        public var requests: Int
        public var maxTokens: Int
        /// The adaptive pass's upper bound on requests in flight.
        public var maximum: Int
        /// The passes, fixed levels first, in the order run.
        public var passes: [Pass]

        /// The fixed pass with the most requests per second.
        public var bestFixed: Pass? {
            passes.filter { $0.level != nil }.max { $0.requestsPerSecond < $1.requestsPerSecond }
        }

        /// The adaptive pass.
        public var adaptive: Pass? { passes.first { $0.level == nil } }

        /// The adaptive pass's requests per second as a percentage of the best fixed pass's.
        public var adaptivePercent: Double? {
            guard let best = bestFixed, let adaptive, best.requestsPerSecond > 0 else { return nil }
            return adaptive.requestsPerSecond / best.requestsPerSecond * 100
        }

        /// The figures as a table for people.
        public var summary: String {
            var lines = [
                "LLM adaptive concurrency: \(NumberFormat.grouped(requests)) requests per pass to \(baseURL), "
                    + "at most \(maxTokens) tokens each, no cache",
                "  pass          wall s   requests/s   tokens/s   median latency   limit (end/peak)",
            ]
            for pass in passes {
                lines.append(
                    "  " + pass.name.padding(toLength: 10, withPad: " ", startingAt: 0)
                        + LLMClientFigures.column(NumberFormat.fixed(pass.seconds, decimals: 2), 10)
                        + LLMClientFigures.column(NumberFormat.fixed(pass.requestsPerSecond, decimals: 2), 13)
                        + LLMClientFigures.column(NumberFormat.fixed(pass.tokensPerSecond, decimals: 1), 11)
                        + LLMClientFigures.column(Self.milliseconds(pass.medianLatency), 17)
                        + LLMClientFigures.column("\(pass.finalLimit)/\(pass.peakLimit)", 19))
            }
            if let best = bestFixed { lines.append("  best fixed: \(best.level ?? 0) in flight") }
            if let percent = adaptivePercent {
                lines.append("  adaptive: \(NumberFormat.fixed(percent, decimals: 1)) % of the best fixed (requests/s)")
            }
            return lines.joined(separator: "\n")
        }

        /// The figures as JSON.
        public var json: Value {
            .object([
                "base_url": .string(baseURL), "requests": .int(requests), "max_tokens": .int(maxTokens), "maximum": .int(maximum),
                "passes": .array(
                    passes.map { pass in
                        .object([
                            "name": .string(pass.name), "level": pass.level.map { .int($0) } ?? .null,
                            "wall_seconds": .double(pass.seconds), "requests": .int(pass.requests),
                            "requests_per_second": .double(pass.requestsPerSecond), "output_tokens": .int(pass.outputTokens),
                            "tokens_per_second": .double(pass.tokensPerSecond),
                            "median_latency_seconds": .double(Self.seconds(pass.medianLatency)), "final_limit": .int(pass.finalLimit),
                            "peak_limit": .int(pass.peakLimit),
                        ])
                    }),
                "best_fixed": bestFixed?.level.map { .int($0) } ?? .null,
                "adaptive_percent_of_best": adaptivePercent.map { .double($0) } ?? .null,
            ])
        }

        static func seconds(_ d: Duration) -> Double {
            Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }

        static func milliseconds(_ d: Duration) -> String { NumberFormat.fixed(seconds(d) * 1000, decimals: 0) + " ms" }
    }

    /// The prompts the adaptive benchmark cycles through: short, plain continuations a base model answers.
    static let adaptivePrompts = [
        "The three most common causes of a slow home network are", "A good first step when a laptop will not turn on is",
        "Customers who report a broken printer usually", "The difference between a router and a modem is",
        "To keep a phone's battery healthy, you should", "A support agent greets a new customer by saying",
        "When a smart TV shows an error code, the customer should", "The best way to describe a software bug is",
    ]

    /// Sends `requests` completions to the OpenAI-compatible server at `baseURL` once per fixed
    /// concurrency in `levels` (the adaptive limit pinned: initial, minimum and maximum all the
    /// level), then once with the limit adapting from 8 up to `maximum`, as a model run does.
    ///
    /// Every pass sends the same requests (the prompts cycled, greedy sampling, at most `maxTokens`
    /// tokens) with no response cache, so each one reaches the server. Two requests first warm the
    /// server up, unmeasured.
    public static func llmAdaptive(
        baseURL: String, model: String? = nil, requests: Int, levels: [Int], maximum: Int = 64, maxTokens: Int = 24
    ) async throws -> AdaptiveFigures {
        let provider = try Providers.make(.local(baseURL: baseURL, model: model))
        let stream = (0..<requests).map { i in
            CompletionRequest(
                model: model ?? "local", prompt: .text(adaptivePrompts[i % adaptivePrompts.count]),
                parameters: SamplingParameters(temperature: 0, maxTokens: maxTokens, seed: UInt64(i)))
        }
        for request in stream.prefix(2) { _ = try await provider.complete(request) }

        var passes: [AdaptiveFigures.Pass] = []
        for level in levels + [nil] {
            let settings =
                level.map { AdaptiveConcurrency.Settings(initial: $0, minimum: $0, maximum: $0) }
                ?? AdaptiveConcurrency.Settings(initial: min(8, maximum), maximum: maximum)
            let scheduler = RequestScheduler(provider: provider, settings: RequestScheduler.Settings(concurrency: settings))
            let watch = Stopwatch()
            let tokens = try await withThrowingTaskGroup(of: Int.self) { group in
                for request in stream { group.addTask { try await scheduler.send(request).completion.usage.output } }
                return try await group.reduce(0, +)
            }
            let seconds = watch.elapsed.wall
            let stats = await scheduler.stats
            passes.append(
                AdaptiveFigures.Pass(
                    level: level, seconds: seconds, requests: requests, outputTokens: tokens,
                    medianLatency: stats.latency(percentile: 0.5) ?? .zero, finalLimit: stats.limit, peakLimit: stats.peakLimit))
        }
        return AdaptiveFigures(baseURL: baseURL, requests: requests, maxTokens: maxTokens, maximum: maximum, passes: passes)
    }
}
