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
    let template: RecipeTemplate
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
        var request = try RecipePrompts.render(template, variables, model: model.model)
        if let temperature { request.parameters.temperature = temperature }
        for attempt in 0..<max(1, attempts) {
            request.parameters.seed = seed &+ UInt64(attempt)
            let completion = try await model.provider.complete(request)
            log.usage = log.usage + completion.usage
            log.requests += 1
            if let answer = Self.parseAnswer(completion.text, schema: template.schema) { return answer }
        }
        return nil
    }

    /// The answer as the object the schema asks for, with its required properties and the right
    /// kind of text in its string and enum properties, or nil.
    ///
    /// A stand-in for the structured-output repair: it takes only well-formed JSON.
    private static func parseAnswer(_ text: String, schema: OutputSchema) -> Fields? {
        guard let object = (try? JSONParser.parse(Array(text.utf8)))?.objectValue else { return nil }
        guard case .object(let properties, let required) = schema else { return object }
        if required.contains(where: { object[$0] == nil }) { return nil }
        for property in properties {
            guard let value = object[property.name] else { continue }
            switch property.schema {
            case .string: if value.stringValue == nil { return nil }
            case .oneOf(let allowed): if !allowed.contains(value.stringValue ?? "") { return nil }
            default: break
            }
        }
        return object
    }
}
