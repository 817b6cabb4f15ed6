import SynthCore
import SynthLLM

/// What a record's model calls used, for its provenance.
struct CallLog: Sendable {
    /// Tokens of every request, answered or not parsed.
    var usage = TokenUsage()
    /// Requests sent.
    var requests = 0

    /// Adds `tokens_in`, `tokens_out` and `requests` to `extra`.
    func annotate(_ extra: inout Fields) {
        extra["tokens_in"] = .int(usage.input)
        extra["tokens_out"] = .int(usage.output)
        extra["requests"] = .int(requests)
    }
}

/// One template asked of one model, with an answer that does not parse asked again.
struct TemplateCall: Sendable {
    /// The prompt.
    let template: PromptTemplate
    /// Who answers.
    let model: ModelChoice
    /// Times to send the request before giving up on a parseable answer.
    let attempts: Int

    /// The answer's fields, or nil when no attempt gave an answer that parses.
    ///
    /// `seed` is the sampling seed of the first attempt (later attempts add 1, 2, …), so a rerun
    /// sends the same requests and a response cache answers them; `temperature` overrides the
    /// template's. Provider failures are rethrown: retrying them is the provider's (scheduler's) job.
    func ask(_ variables: Fields, seed: UInt64, temperature: Double? = nil, log: inout CallLog) async throws -> Fields? {
        var request = try template.request(model: model.model, variables: variables)
        if let temperature { request.parameters.temperature = temperature }
        for attempt in 0..<max(1, attempts) {
            request.parameters.seed = seed &+ UInt64(attempt)
            let completion = try await model.provider.complete(request)
            log.usage = log.usage + completion.usage
            log.requests += 1
            if let answer = StructuredOutput.parse(completion.text, as: template.output).value?.objectValue { return answer }
        }
        return nil
    }
}
