import Foundation
import SynthCore
import SynthLLM

/// Multi-turn conversations between two model roles: a user simulator that pursues a goal (a seed
/// task, drawn per record) and an assistant, each with its own template and, optionally, its own model.
///
/// Each of the `turns` exchanges asks the user side for its next message, then the assistant side
/// for its reply; both see the transcript so far. A reply that never parses drops the conversation.
struct ConversationSource: RecordSource {
    let stamp: RecipeStamp
    let user: TemplateCall
    let assistant: TemplateCall
    let seeds: [SeedTask]
    let turns: Int

    func records(for shard: Shard) async throws -> [Record] {
        try await RecipeStamp.records(of: shard) { offset, random in
            var random = random
            let topic = seeds[random.below(seeds.count)].request
            let metadata: Fields = ["topic": .string(topic)]
            var messages: [Value] = []
            var transcript: [String] = []
            var log = CallLog()
            for _ in 0..<max(1, turns) {
                for (call, role, variables) in [
                    (user, "user", ["topic": .string(topic)] as Fields), (assistant, "assistant", [:] as Fields),
                ] {
                    var variables = variables
                    variables["transcript"] = .string(
                        transcript.isEmpty ? "(nothing yet: write the first message)" : transcript.joined(separator: "\n\n"))
                    let answer = try await call.ask(variables, seed: random.next(), log: &log)
                    guard let content = Self.message(in: answer) else {
                        return stamp.record(
                            .conversation, ["messages": .array(messages), "metadata": .object(metadata)], shard: shard, offset: offset,
                            log: log, extra: ["assistant_model": .string(assistant.model.model)],
                            drop: "no parseable answer from \(call.template.id)")
                    }
                    messages.append(.object(["role": .string(role), "content": .string(content)]))
                    transcript.append("\(role == "user" ? "User" : "Assistant"): \(content)")
                }
            }
            return stamp.record(
                .conversation, ["messages": .array(messages), "metadata": .object(metadata)], shard: shard, offset: offset, log: log,
                extra: ["assistant_model": .string(assistant.model.model)])
        }
    }

    /// The content of the first message of an answer's `messages`, when it is non-empty text.
    static func message(in answer: Fields?) -> String? {
        guard let first = answer?["messages"]?.arrayValue?.first?.objectValue,
            let content = first["content"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), !content.isEmpty
        else { return nil }
        return content
    }
}
