/// The shape of a record: which fields it has and what they must satisfy.
///
/// Every later stage (exports, metrics, judges) relies on these shapes, so each record is
/// checked against its shape before it is written.
public enum TaskShape: String, Sendable, CaseIterable, Codable {
    /// Free text with metadata: `text`, `metadata`.
    case document
    /// An instruction-tuning triple: `instruction`, `input`, `output`.
    case instruction
    /// A chat: `messages`, each `{role, content}`.
    case conversation
    /// Labelled text: `text`, `label`.
    case classification
    /// Text with entity spans: `text`, `entities`, each `{start, end, type, text}` in Unicode scalar offsets.
    case ner
    /// Extractive question answering: `context`, `question`, `answer`, `answer_start`.
    case qa
    /// A preference pair: `prompt`, `chosen`, `rejected`.
    case preference

    /// The roles a conversation message may have.
    public static let messageRoles: Set<String> = ["system", "user", "assistant"]

    /// The fields that hold the text a person would read, in order (for dedup and diversity).
    public var textFields: [String] {
        switch self {
        case .document, .classification, .ner: return ["text"]
        case .instruction: return ["instruction", "input", "output"]
        case .conversation: return ["messages"]
        case .qa: return ["context", "question", "answer"]
        case .preference: return ["prompt", "chosen", "rejected"]
        }
    }

    /// Every field a record of this shape carries, in output order.
    public var payloadFields: [String] {
        switch self {
        case .document: return ["text", "metadata"]
        case .instruction: return ["instruction", "input", "output", "metadata"]
        case .conversation: return ["messages", "metadata"]
        case .classification: return ["text", "label", "metadata"]
        case .ner: return ["text", "entities", "metadata"]
        case .qa: return ["context", "question", "answer", "answer_start", "metadata"]
        case .preference: return ["prompt", "chosen", "rejected", "metadata"]
        }
    }

    /// Checks `fields` against this shape; returns what is wrong, or nil when the record is valid.
    ///
    /// When `declared` is not empty, a classification label or an NER span type must be one of them.
    public func violation(in fields: Fields, declared: Set<String> = []) -> String? {
        if let problem = structuralViolation(in: fields) { return problem }
        guard !declared.isEmpty else { return nil }
        let list = { declared.sorted().joined(separator: ", ") }
        switch self {
        case .classification:
            let label = fields["label"]!.stringValue!
            return declared.contains(label) ? nil : "label '\(label)' is not one of the task's labels (\(list()))"
        case .ner:
            for entity in fields["entities"]!.arrayValue! {
                let type = entity.objectValue!["type"]!.stringValue!
                if !declared.contains(type) { return "span type '\(type)' is not one of the task's types (\(list()))" }
            }
            return nil
        default:
            return nil
        }
    }

    private func structuralViolation(in fields: Fields) -> String? {
        func nonEmptyString(_ name: String) -> String? {
            guard let value = fields[name] else { return "missing field '\(name)'" }
            guard let s = value.stringValue else { return "field '\(name)' is not a string" }
            return s.allSatisfy(\.isWhitespace) ? "field '\(name)' is empty" : nil
        }
        switch self {
        case .document:
            return nonEmptyString("text")
        case .instruction:
            if let problem = nonEmptyString("instruction") ?? nonEmptyString("output") { return problem }
            if let input = fields["input"], input.stringValue == nil { return "field 'input' is not a string" }
            return nil
        case .classification:
            return nonEmptyString("text") ?? nonEmptyString("label")
        case .conversation:
            guard let messages = fields["messages"]?.arrayValue else { return "missing array field 'messages'" }
            if messages.isEmpty { return "conversation has no messages" }
            for (i, message) in messages.enumerated() {
                guard let m = message.objectValue, let role = m["role"]?.stringValue,
                    let content = m["content"]?.stringValue
                else { return "message \(i) lacks a string 'role' or 'content'" }
                if !Self.messageRoles.contains(role) { return "message \(i) has unknown role '\(role)'" }
                if content.allSatisfy(\.isWhitespace) { return "message \(i) is empty" }
            }
            return nil
        case .ner:
            if let problem = nonEmptyString("text") { return problem }
            let scalars = Array(fields["text"]!.stringValue!.unicodeScalars)
            guard let entities = fields["entities"]?.arrayValue else { return "missing array field 'entities'" }
            for (i, entity) in entities.enumerated() {
                guard let e = entity.objectValue, case .int(let start)? = e["start"], case .int(let end)? = e["end"],
                    let type = e["type"]?.stringValue, let text = e["text"]?.stringValue
                else { return "entity \(i) lacks int 'start'/'end' or string 'type'/'text'" }
                guard 0 <= start, start < end, end <= scalars.count else {
                    return "entity \(i) span \(start)..<\(end) is outside the text"
                }
                if type.isEmpty { return "entity \(i) has an empty type" }
                var covered = String.UnicodeScalarView()
                covered.append(contentsOf: scalars[start..<end])
                if String(covered) != text {
                    return "entity \(i) text '\(text)' differs from text[\(start)..<\(end)]"
                }
            }
            return nil
        case .qa:
            if let problem = nonEmptyString("context") ?? nonEmptyString("question") ?? nonEmptyString("answer") {
                return problem
            }
            let context = fields["context"]!.stringValue!
            let answer = fields["answer"]!.stringValue!
            guard case .int(let start)? = fields["answer_start"] else { return "missing int field 'answer_start'" }
            let scalars = Array(context.unicodeScalars)
            let length = answer.unicodeScalars.count
            guard start >= 0, start + length <= scalars.count else { return "answer_start is outside the context" }
            var covered = String.UnicodeScalarView()
            covered.append(contentsOf: scalars[start..<(start + length)])
            return String(covered) == answer ? nil : "answer does not occur in the context at answer_start"
        case .preference:
            if let problem = nonEmptyString("prompt") ?? nonEmptyString("chosen") ?? nonEmptyString("rejected") {
                return problem
            }
            return fields["chosen"] == fields["rejected"] ? "chosen and rejected are identical" : nil
        }
    }
}
