import Foundation
import SynthCore
import SynthLLM
import SynthRuntime
import Testing

@Suite struct ConversationTests {
    /// The number of lines of the transcript in `request` that start with `speaker`.
    static func turns(_ speaker: String, in request: CompletionRequest) -> Int {
        request.userText.components(separatedBy: "\n").filter { $0.hasPrefix(speaker + ":") }.count
    }

    @Test func twoRolesTakeTurnsWithTheirOwnModels() async throws {
        let user = ScriptedProvider("user-sim") { request in
            let n = Self.turns("User", in: request) + 1
            return json(["messages": .array([.object(["role": .string("user"), "content": .string("User message \(n)")])])])
        }
        let assistant = ScriptedProvider("helper") { request in
            let n = Self.turns("User", in: request)
            return json(["messages": .array([.object(["role": .string("assistant"), "content": .string("Reply \(n)")])])])
        }
        var opts = options(user)
        opts.assistant = ModelChoice(assistant, model: "assistant-model")
        opts.turns = 3
        let (records, dropped, _) = try await run("conversations", count: 5, options: opts)
        #expect(records.count == 5 && dropped.isEmpty)
        for record in records {
            #expect(record.shape == .conversation)
            #expect(record.shape.violation(in: record.fields) == nil)
            let messages = (record.fields["messages"]?.arrayValue ?? []).compactMap(\.objectValue)
            let expected = (1...3).flatMap { ["user: User message \($0)", "assistant: Reply \($0)"] }
            #expect(messages.map { "\($0["role"]?.stringValue ?? ""): \($0["content"]?.stringValue ?? "")" } == expected)
            #expect(record.provenance.extra["assistant_model"] == .string("assistant-model"))
            #expect(record.provenance.extra["requests"] == .int(6))
        }
        #expect(user.requests.count == 15 && assistant.requests.count == 15)
        #expect(assistant.requests.allSatisfy { $0.model == "assistant-model" })
        #expect(user.requests.allSatisfy { $0.model == "fake-model" })
        let openers = user.requests.filter { $0.userText.contains("(nothing yet: write the first message)") }
        #expect(openers.count == 5)
        let requests = Set(SeedTasks.builtIn.map(\.request))
        #expect(openers.allSatisfy { request in requests.contains { request.userText.contains("What the person wants: " + $0) } })
    }

    @Test func aRoleThatNeverAnswersDropsTheConversation() async throws {
        let user = ScriptedProvider { _ in json(["messages": .array([])]) }
        var opts = options(user)
        opts.attempts = 1
        let error = await #expect(throws: SynthError.self) { try await run("conversations", count: 1, options: opts, shardSize: 1) }
        #expect(error?.message.contains("no parseable answer from conversation_user_v1") == true)
    }
}
