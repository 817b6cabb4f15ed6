import SynthCore

/// Token counts of a request before it is sent, without the model's tokenizer.
public enum TokenEstimate {
    /// Tokens a chat template adds around each message (role markers, separators), at most.
    static let perMessage = 8

    /// An upper bound on what `request` can use: byte-level tokenizers (GPT, Llama, Gemma) never
    /// make a token shorter than one byte, so the prompt's UTF-8 bytes (and its schema's, which
    /// some providers put in the prompt) bound its tokens; the answer is bounded by `max_tokens`,
    /// or by `defaultMaxTokens` when the request leaves it open.
    public static func worstCase(_ request: CompletionRequest, defaultMaxTokens: Int) -> TokenUsage {
        var input = request.schema.map { JSONWriter.string($0.jsonSchema).utf8.count } ?? 0
        switch request.prompt {
        case .chat(let messages):
            for message in messages { input += message.content.utf8.count + message.role.utf8.count + perMessage }
        case .text(let text): input += text.utf8.count
        }
        return TokenUsage(input: input, output: request.parameters.maxTokens ?? defaultMaxTokens)
    }

    /// A typical count: about four bytes of English per token, and the answer at `max_tokens`,
    /// which is how hosted APIs count a request against a tokens-per-minute cap.
    public static func typical(_ request: CompletionRequest, defaultMaxTokens: Int) -> TokenUsage {
        let bound = worstCase(request, defaultMaxTokens: defaultMaxTokens)
        return TokenUsage(input: (bound.input + 3) / 4, output: bound.output)
    }
}
