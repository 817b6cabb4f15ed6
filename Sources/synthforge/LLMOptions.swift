import ArgumentParser
import SynthCore
import SynthRuntime

/// The `generate` flags that point a run at a language model instead of the built-in engine.
struct LLMOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Generate with a model: openai, anthropic, local (an OpenAI-compatible server at --base-url), or a name from --providers.",
            valueName: "name"))
    var provider: String?

    @Option(help: ArgumentHelp("The model, as the provider names it (default: the provider's).", valueName: "name"))
    var model: String?

    @Option(help: ArgumentHelp("YAML file of providers: base URLs, key variables, prices, a fallback chain.", valueName: "file"))
    var providers: String?

    @Option(help: ArgumentHelp("Base URL of an OpenAI-compatible server, such as http://127.0.0.1:8080/v1.", valueName: "url"))
    var baseURL: String?

    @Option(
        help: ArgumentHelp(
            "Prompt template: a shipped one (see `synthforge template list`) or a YAML file. Twice or more for an A/B test.",
            valueName: "name|file"))
    var template: [String] = []

    @Option(help: ArgumentHelp("Shares of an A/B test in percent, one per --template, such as 50/50.", valueName: "a/b"))
    var split: String?

    @Option(help: ArgumentHelp("A recipe instead of one template (see docs/recipes.md).", valueName: "name"))
    var recipe: String?

    @Option(help: ArgumentHelp("Stop cleanly before spending more than this many US dollars.", valueName: "usd"))
    var maxCost: String?

    @Option(help: ArgumentHelp("Stop cleanly before using more than this many tokens (input and output).", valueName: "n"))
    var maxTokens: String?

    @Option(help: ArgumentHelp("Requests per minute at most.", valueName: "n"))
    var rpm: String?

    @Option(help: ArgumentHelp("Tokens per minute at most.", valueName: "n"))
    var tpm: String?

    @Option(
        help: ArgumentHelp("Requests in flight at most; adaptive concurrency finds the best level below it (default 64).", valueName: "n"))
    var maxInFlight: String?

    @Option(help: ArgumentHelp("Tries per record when the answer does not fit the output schema (default 3).", valueName: "n"))
    var maxAttempts: String?

    @Option(help: ArgumentHelp("Score every record with this rubric template (1–10 and a reason).", valueName: "name|file"))
    var judge: String?

    @Option(help: ArgumentHelp("With --judge: drop records scored below this (1–10).", valueName: "score"))
    var judgeThreshold: String?

    @Flag(help: "Print the estimated requests, tokens, cost and time, and spend nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Continue an interrupted run by its id (printed when it stopped).", valueName: "run"))
    var resume: String?

    @Option(help: ArgumentHelp("Folder that keeps runs' state and response caches (default .synthforge/runs).", valueName: "dir"))
    var runs: String?

    /// Copies the flags given into `spec`; errors name the flag.
    func apply(to spec: inout PartialSpec) throws(SynthError) {
        if !template.isEmpty { spec.templates = template }
        let pairs: [(String, String?)] = [
            ("provider", provider), ("model", model), ("providers", providers), ("base-url", baseURL), ("split", split),
            ("recipe", recipe), ("max-cost", maxCost), ("max-tokens", maxTokens), ("rpm", rpm), ("tpm", tpm),
            ("max-in-flight", maxInFlight), ("max-attempts", maxAttempts), ("judge", judge), ("judge-threshold", judgeThreshold),
        ]
        for (key, value) in pairs {
            guard let value else { continue }
            do { try spec.setLLM(key, value) } catch { throw SynthError(.invalidArgument, "--\(key) \(error.message)") }
        }
    }

    /// True when any flag of this group is given.
    var isUsed: Bool {
        provider != nil || model != nil || providers != nil || baseURL != nil || !template.isEmpty || split != nil || recipe != nil
            || maxCost != nil || maxTokens != nil || rpm != nil || tpm != nil || maxInFlight != nil || maxAttempts != nil || judge != nil
            || judgeThreshold != nil || dryRun || resume != nil || runs != nil
    }
}
