import SynthLLM
import Testing

@Test func theWorstCaseCountsEveryPromptByteAndTheAnswerLimit() {
    let chat = CompletionRequest(
        model: "m", prompt: .chat([ChatMessage(role: "system", content: "Be brief."), ChatMessage(role: "user", content: "Héllo")]),
        parameters: SamplingParameters(maxTokens: 64))
    // "system" 6 + "Be brief." 9 + "user" 4 + "Héllo" 6 bytes, and 8 per message for the chat template.
    #expect(TokenEstimate.worstCase(chat, defaultMaxTokens: 4096) == TokenUsage(input: 41, output: 64))
    let open = CompletionRequest(model: "m", prompt: .text("abc"))
    #expect(TokenEstimate.worstCase(open, defaultMaxTokens: 100) == TokenUsage(input: 3, output: 100))
    #expect(TokenEstimate.typical(chat, defaultMaxTokens: 4096) == TokenUsage(input: 11, output: 64))
}
