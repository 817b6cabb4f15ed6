import SynthCore
import SynthLLM
import SynthTesting
import Testing

private let schema = OutputSchema.object(
    properties: [.init("answer", .string), .init("urgency", .oneOf(["low", "high"]))], required: ["answer", "urgency"])

private func request(_ prompt: Prompt) -> CompletionRequest { CompletionRequest(model: "fake", prompt: prompt, schema: schema) }

@Suite struct StructuredGenerationTests {
    @Test func aBrokenAnswerIsRetriedWithWhatWasWrong() async throws {
        let provider = ScriptedProvider(answers: ["I think the urgency is high.", #"{"answer": "Reboot", "urgency": "HIGH"}"#])
        let original = [ChatMessage(role: "system", content: "You triage tickets."), ChatMessage(role: "user", content: "Wi-Fi drops")]
        let result = try await StructuredGeneration(provider: provider).generate(request(.chat(original)))
        #expect(result.value == .object(["answer": .string("Reboot"), "urgency": .string("high")]))
        #expect(result.attempts == 2)
        #expect(result.completions.map(\.text) == ["I think the urgency is high.", #"{"answer": "Reboot", "urgency": "HIGH"}"#])
        #expect(result.usage == TokenUsage(input: 20, output: 10))
        #expect(result.repairs == [StructuredRepair(.enumCase, at: "urgency")])
        #expect(result.failures == [[StructuredFailure(.notJSON, at: "(root)", "the answer holds no JSON object or list")]])
        let sent = provider.requests
        #expect(sent.count == 2)
        guard case .chat(let retry) = sent[1].prompt else {
            Issue.record("the retry is not a chat")
            return
        }
        #expect(Array(retry.prefix(2)) == original)
        #expect(retry[2] == ChatMessage(role: "assistant", content: "I think the urgency is high."))
        #expect(retry[3].role == "user")
        #expect(retry[3].content.contains("(root): the answer holds no JSON object or list"))
        #expect(retry[3].content.contains("only the corrected JSON"))
        #expect(sent[1].schema == schema)
    }

    @Test func aTextPromptGetsACorrectionNote() async throws {
        let provider = ScriptedProvider(answers: [#"{"answer": "x", "urgency": "soon"}"#, #"{"answer": "x", "urgency": "low"}"#])
        let result = try await StructuredGeneration(provider: provider).generate(request(.text("Ticket: printer jams\nJSON:")))
        #expect(result.attempts == 2)
        let sent = provider.requests
        guard case .text(let retry) = sent[1].prompt else {
            Issue.record("the retry is not a text prompt")
            return
        }
        #expect(retry.hasPrefix("Ticket: printer jams\nJSON:"))
        #expect(retry.contains("urgency: 'urgency' must be one of low, high; got 'soon'"))
    }

    @Test func attemptsStopAtTheLimitWithTheFailuresOfEach() async throws {
        let provider = ScriptedProvider(answers: ["no", "still no", "never", "unused"])
        let result = try await StructuredGeneration(provider: provider, maxAttempts: 3).generate(request(.text("Q:")))
        #expect(result.value == nil)
        #expect(result.attempts == 3)
        #expect(result.failures.count == 3)
        #expect(provider.requests.count == 3)
    }

    @Test func providerErrorsPropagate() async {
        let provider = ScriptedProvider(answers: [])
        await #expect(throws: ProviderFailure.self) {
            _ = try await StructuredGeneration(provider: provider).generate(request(.text("Q:")))
        }
    }

    @Test func aRequestWithoutASchemaIsRefused() async {
        let provider = ScriptedProvider(answers: ["{}"])
        await #expect(throws: SynthError.self) {
            _ = try await StructuredGeneration(provider: provider).generate(CompletionRequest(model: "fake", prompt: .text("Q:")))
        }
    }

    @Test func theTallyCountsRecordsPerFieldAndReason() async throws {
        let answers = [
            ["```json\n{\"answer\": \"a\", \"urgency\": \"low\"}\n```"],
            [#"{"answer": "b", "urgency": "urgent"}"#, #"{"answer": "b", "urgency": "high"}"#],
            [#"{"urgency": "low"}"#, #"{"urgency": "low"}"#, #"{"urgency": "low"}"#],
            [#"{"answer": "d", "urgency": "Low",}"#],
            [#"{"answer": "e", "urgency": "high"}"#],
        ]
        var tally = StructuredTally()
        for script in answers {
            let provider = ScriptedProvider(answers: script)
            tally.add(try await StructuredGeneration(provider: provider).generate(request(.text("Q:"))))
        }
        #expect(tally.records == 5)
        #expect(tally.valid == 4)
        #expect(tally.failed == 1)
        #expect(tally.retried == 2)
        #expect(tally.repaired == 2)
        #expect(
            tally.report == [
                "structured output: 5 records, 4 valid (2 repaired, 2 retried), 1 failed",
                "  failed   urgency: not-allowed in 1 records, 1 fixed by a retry (e.g. 'urgency' must be one of low, high; got 'urgent')",
                "  failed   answer: missing in 1 records (e.g. missing required property 'answer')",
                "  repaired (root): code-fence in 1 records",
                "  repaired (root): trailing-comma in 1 records",
                "  repaired urgency: enum-case in 1 records",
            ])
        let summary = JSONWriter.string(tally.reportValue)
        #expect(
            summary.hasPrefix(
                #"{"records":5,"valid":4,"repaired":2,"retried":2,"failed":1,"failures":[{"path":"urgency","reason":"not-allowed""#))
    }

    @Test func theTallyGathersListElementsUnderOneField() {
        let chat = OutputSchema.object(
            properties: [
                .init("messages", .array(items: .object(properties: [.init("role", .oneOf(["user", "assistant"]))], required: ["role"])))
            ],
            required: ["messages"])
        let parse = StructuredOutput.parse(#"{"messages": [{"role": "bot"}, {"role": "narrator"}, {}]}"#, as: chat)
        var tally = StructuredTally()
        tally.add(
            StructuredGeneration.Result(
                value: parse.value, attempts: 1, completions: [], repairs: parse.repairs, failures: [parse.failures]))
        #expect(tally.failures.map(\.path) == ["messages[].role", "messages[].role"])
        #expect(tally.failures.map(\.kind) == [.notAllowed, .missing])
        #expect(tally.failures.map(\.records) == [1, 1])
    }
}
