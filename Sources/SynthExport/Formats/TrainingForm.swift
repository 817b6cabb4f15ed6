import SynthCore

/// How a record reads as training data: the chat turns, prompt and reply, and instruction triple
/// that the fine-tuning formats are built from. docs/exports.md tabulates these mappings.
enum TrainingForm {
    /// One turn of a chat.
    struct Turn: Equatable {
        var role: String
        var content: String
    }

    /// The shapes that read as a chat: a user turn and an assistant reply at least.
    static let chatShapes: [TaskShape] = [.instruction, .conversation, .classification, .qa, .preference]
    /// The shapes Alpaca takes: those with something to instruct and an answer.
    static let alpacaShapes: [TaskShape] = [.instruction, .conversation, .qa, .preference]

    /// The record as chat turns: a conversation's messages; for other shapes a user turn and the
    /// assistant's reply (instruction+input → output, context+question → answer, text → label,
    /// prompt → chosen).
    static func turns(of record: Record) -> [Turn] {
        let f = record.fields
        func s(_ name: String) -> String { f[name]?.stringValue ?? "" }
        switch record.shape {
        case .conversation:
            return (f["messages"]?.arrayValue ?? []).map { message in
                let m = message.objectValue ?? Fields()
                return Turn(role: m["role"]?.stringValue ?? "", content: m["content"]?.stringValue ?? "")
            }
        case .instruction:
            return [Turn(role: "user", content: joined(s("instruction"), s("input"))), Turn(role: "assistant", content: s("output"))]
        case .qa:
            return [Turn(role: "user", content: joined(s("context"), s("question"))), Turn(role: "assistant", content: s("answer"))]
        case .classification:
            return [Turn(role: "user", content: s("text")), Turn(role: "assistant", content: s("label"))]
        case .preference:
            return [Turn(role: "user", content: s("prompt")), Turn(role: "assistant", content: s("chosen"))]
        case .document, .ner:
            return []
        }
    }

    /// Why the record's turns break the chat fine-tuning rules (a system turn only first, at least
    /// one assistant turn), or nil.
    @Sendable static func chatProblem(_ record: Record) -> String? {
        let turns = turns(of: record)
        if let late = turns.indices.dropFirst().first(where: { turns[$0].role == "system" }) {
            return "message \(late) is a system message; only the first message may be one"
        }
        return turns.contains { $0.role == "assistant" } ? nil : "the conversation has no assistant message"
    }

    /// Why the record has no prompt followed by a final assistant reply, or nil.
    @Sendable static func replyProblem(_ record: Record) -> String? {
        let turns = turns(of: record)
        guard turns.last?.role == "assistant" else { return "the conversation does not end with an assistant message" }
        return turns.count < 2 ? "the conversation has nothing before the assistant's reply" : nil
    }

    /// The text before the final reply and the reply: for a conversation, the earlier turns as a
    /// transcript ("user: …" blocks); otherwise the user turn.
    static func promptAndReply(of record: Record) -> (prompt: String, reply: String) {
        let turns = turns(of: record)
        return (transcript(turns.dropLast()), turns.last?.content ?? "")
    }

    /// Alpaca's triple. A conversation gives the turn before the reply as the instruction and the
    /// turns before that, as a transcript, as the input.
    static func alpaca(of record: Record) -> (instruction: String, input: String, output: String) {
        let f = record.fields
        func s(_ name: String) -> String { f[name]?.stringValue ?? "" }
        switch record.shape {
        case .instruction: return (s("instruction"), s("input"), s("output"))
        case .qa: return (s("question"), s("context"), s("answer"))
        case .preference: return (s("prompt"), "", s("chosen"))
        default:
            let turns = turns(of: record)
            let history = turns.dropLast(2)
            return (turns.dropLast().last?.content ?? "", transcript(history), turns.last?.content ?? "")
        }
    }

    /// Turns as "role: content" blocks separated by blank lines; a lone user turn as its content.
    static func transcript(_ turns: ArraySlice<Turn>) -> String {
        if turns.count == 1, turns.first!.role == "user" { return turns.first!.content }
        return turns.map { "\($0.role): \($0.content)" }.joined(separator: "\n\n")
    }

    /// The non-empty parts, separated by a blank line.
    static func joined(_ parts: String...) -> String {
        parts.filter { !$0.isEmpty }.joined(separator: "\n\n")
    }
}
