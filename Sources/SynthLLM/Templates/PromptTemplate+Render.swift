import SynthCore

extension PromptTemplate {
    /// The line that ends every input of a completion prompt; the model writes the output after it.
    ///
    /// An output is JSON on one line, so the newline after it ends the answer: completion requests stop at `"\n"`.
    public static let outputCue = "Output:"

    /// The prompt for `variables`: chat messages, or one text for a completion model.
    ///
    /// Chat: the system prompt, each few-shot example as a user turn and an assistant turn holding
    /// its output as JSON, then the user prompt. Completion: the system prompt, then each example's
    /// user text followed by `Output: ` and its JSON on one line, each block after a `---` line,
    /// ending with the new user text and `Output:`, for the model to continue.
    public func render(_ variables: Fields) throws(SynthError) -> Prompt {
        for use in (systemText?.uses ?? []) + userText.uses where variables[use.variable] == nil {
            throw SynthError(.invalidArgument, "\(file): the variables lack '\(use.variable)', which the prompts use")
        }
        let system = systemText.map { $0.render(variables) }
        let turns = fewShot.map { (user: userText.render($0.variables), output: JSONWriter.string($0.output)) }
        let user = userText.render(variables)
        switch mode {
        case .chat:
            var messages: [ChatMessage] = []
            if let system { messages.append(ChatMessage(role: "system", content: system)) }
            for turn in turns {
                messages.append(ChatMessage(role: "user", content: turn.user))
                messages.append(ChatMessage(role: "assistant", content: turn.output))
            }
            messages.append(ChatMessage(role: "user", content: user))
            return .chat(messages)
        case .completion:
            var blocks: [String] = []
            if let system { blocks.append(system.trimmingWhitespace) }
            for turn in turns { blocks.append("\(turn.user.trimmingWhitespace)\n\(Self.outputCue) \(turn.output)") }
            blocks.append("\(user.trimmingWhitespace)\n\(Self.outputCue)")
            return .text(blocks.joined(separator: "\n---\n"))
        }
    }

    /// A request for `variables`: the rendered prompt, the template's parameters with the non-nil
    /// ones of `overriding` in their place, and the output schema.
    ///
    /// A completion request also stops at a newline, which ends the one-line JSON output.
    public func request(
        model: String, variables: Fields, overriding: SamplingParameters = SamplingParameters()
    ) throws(SynthError) -> CompletionRequest {
        var sampling = parameters
        if let value = overriding.temperature { sampling.temperature = value }
        if let value = overriding.topP { sampling.topP = value }
        if let value = overriding.topK { sampling.topK = value }
        if let value = overriding.maxTokens { sampling.maxTokens = value }
        if let value = overriding.seed { sampling.seed = value }
        if !overriding.stop.isEmpty { sampling.stop = overriding.stop }
        if mode == .completion, !sampling.stop.contains("\n") { sampling.stop.append("\n") }
        return CompletionRequest(model: model, prompt: try render(variables), parameters: sampling, schema: output)
    }

    /// The record fields for a parsed output: the task shape's fields, and `metadata` holding the
    /// variables (then any further output properties not named like a variable).
    ///
    /// `answer_start` of a QA record and the offsets of NER spans are found in the text. Throws
    /// when the output cannot make a valid record; the message says why.
    public func record(from output: Value, variables: Fields) throws(SynthError) -> Fields {
        try Self.fields(from: output, variables: variables, task: task, schema: self.output)
    }

    static func fields(from output: Value, variables: Fields, task: TaskShape, schema: OutputSchema) throws(SynthError) -> Fields {
        guard let values = output.objectValue else { throw SynthError(.invalidArgument, "the output is not an object") }
        var fields = Fields()
        for name in task.payloadFields where name != "metadata" {
            switch (task, name) {
            case (.qa, "answer_start"):
                let answer = values["answer"]?.stringValue ?? ""
                guard let start = scalarOffset(of: answer, in: values["context"]?.stringValue ?? "", from: 0), !answer.isEmpty else {
                    throw SynthError(.invalidArgument, "the answer does not occur word for word in the context")
                }
                fields[name] = .int(start)
            case (.ner, "entities"):
                fields[name] = .array(try spans(values["entities"]?.arrayValue ?? [], in: values["text"]?.stringValue ?? ""))
            case (.instruction, "input"):
                fields[name] = values[name] ?? .string("")
            default:
                if let value = values[name] { fields[name] = value }
            }
        }
        var metadata = variables
        for (key, value) in values where !task.payloadFields.contains(key) && metadata[key] == nil { metadata[key] = value }
        fields["metadata"] = .object(metadata)
        if let violation = task.violation(in: fields, declared: labels(task: task, schema: schema)) {
            throw SynthError(.invalidArgument, violation)
        }
        return fields
    }

    /// NER spans with offsets: each entity's text is looked up in `text`, after the previous one where it recurs.
    private static func spans(_ entities: [Value], in text: String) throws(SynthError) -> [Value] {
        var spans: [Value] = []
        var from = 0
        for (index, entity) in entities.enumerated() {
            let piece = entity.objectValue?["text"]?.stringValue ?? ""
            let type = entity.objectValue?["type"] ?? .string("")
            guard !piece.isEmpty, let start = scalarOffset(of: piece, in: text, from: from) ?? scalarOffset(of: piece, in: text, from: 0)
            else {
                throw SynthError(.invalidArgument, "entity \(index) '\(piece)' does not occur in the text")
            }
            let end = start + piece.unicodeScalars.count
            spans.append(.object(["start": .int(start), "end": .int(end), "type": type, "text": .string(piece)]))
            from = end
        }
        return spans
    }

    /// The offset, in Unicode scalars, of the first occurrence of `piece` in `text` at or after `from`.
    private static func scalarOffset(of piece: String, in text: String, from: Int) -> Int? {
        let haystack = Array(text.unicodeScalars)
        let needle = Array(piece.unicodeScalars)
        guard !needle.isEmpty, needle.count <= haystack.count, from <= haystack.count - needle.count else { return nil }
        for start in from...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }

    /// The labels or span types the schema allows, when it lists them as an enum.
    private static func labels(task: TaskShape, schema: OutputSchema) -> Set<String> {
        guard case .object(let properties, _) = schema else { return [] }
        var options: OutputSchema?
        switch task {
        case .classification: options = properties.first { $0.name == "label" }?.schema
        case .ner:
            if case .array(.object(let items, _))? = properties.first(where: { $0.name == "entities" })?.schema {
                options = items.first { $0.name == "type" }?.schema
            }
        default: break
        }
        if case .oneOf(let values)? = options { return Set(values) }
        return []
    }
}
