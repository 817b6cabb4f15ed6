import SynthCore

/// OpenAI chat fine-tuning JSONL: `{"messages":[{"role":…,"content":…},…]}` per line.
public struct OpenAIChatEncoder: RecordEncoder {
    /// The encoder.
    public init() {}

    public func append(_ record: Record, to out: inout [UInt8]) {
        let messages = TrainingForm.turns(of: record).map { turn -> Value in
            .object(["role": .string(turn.role), "content": .string(turn.content)])
        }
        JSONWriter.append(["messages": .array(messages)] as Fields, to: &out)
        out.append(0x0A)
    }
}

/// Prompt/completion JSONL: `{"prompt":…,"completion":…}` per line.
public struct OpenAICompletionEncoder: RecordEncoder {
    /// The encoder.
    public init() {}

    public func append(_ record: Record, to out: inout [UInt8]) {
        let (prompt, reply) = TrainingForm.promptAndReply(of: record)
        JSONWriter.append(["prompt": .string(prompt), "completion": .string(reply)] as Fields, to: &out)
        out.append(0x0A)
    }
}

/// DPO preference JSONL: `{"prompt":…,"chosen":…,"rejected":…}` per line.
public struct DPOEncoder: RecordEncoder {
    /// The encoder.
    public init() {}

    public func append(_ record: Record, to out: inout [UInt8]) {
        var object = Fields()
        for name in ["prompt", "chosen", "rejected"] { object[name] = record.fields[name] ?? .string("") }
        JSONWriter.append(object, to: &out)
        out.append(0x0A)
    }
}

/// The bytes of a JSON array written one element per line: `[`, elements joined by `,`, `]`.
protocol JSONArrayEncoder: RecordEncoder {
    /// The array element for `record`.
    func element(for record: Record) -> Fields
}

extension JSONArrayEncoder {
    public func header(for first: Record) -> [UInt8] { Array("[\n".utf8) }
    public var separator: [UInt8] { Array(",\n".utf8) }
    public func footer(empty: Bool) -> [UInt8] { Array((empty ? "[]\n" : "\n]\n").utf8) }

    public func append(_ record: Record, to out: inout [UInt8]) {
        JSONWriter.append(element(for: record), to: &out)
    }
}

/// Alpaca JSON: one array of `{"instruction","input","output"}`.
public struct AlpacaEncoder: JSONArrayEncoder {
    /// The encoder.
    public init() {}

    func element(for record: Record) -> Fields {
        let (instruction, input, output) = TrainingForm.alpaca(of: record)
        return ["instruction": .string(instruction), "input": .string(input), "output": .string(output)]
    }
}

/// ShareGPT JSON: one array of `{"conversations":[{"from":"system|human|gpt","value":…},…]}`.
public struct ShareGPTEncoder: JSONArrayEncoder {
    /// The encoder.
    public init() {}

    private static let speakers = ["system": "system", "user": "human", "assistant": "gpt"]

    func element(for record: Record) -> Fields {
        let turns = TrainingForm.turns(of: record).map { turn -> Value in
            .object(["from": .string(Self.speakers[turn.role] ?? turn.role), "value": .string(turn.content)])
        }
        return ["conversations": .array(turns)]
    }
}

/// LangChain documents JSONL: `{"page_content":…,"metadata":{id, shape, …, provenance}}` per line.
///
/// The page content is the record's readable text (text fields separated by blank lines, a
/// conversation as "role: content" turns); every other field goes into the metadata by name.
public struct LangChainEncoder: RecordEncoder {
    /// The encoder.
    public init() {}

    public func append(_ record: Record, to out: inout [UInt8]) {
        let content: String
        if record.shape == .conversation {
            content = TrainingForm.transcript(TrainingForm.turns(of: record)[...])
        } else {
            content = record.shape.textFields.compactMap { record.fields[$0]?.stringValue }.filter { !$0.isEmpty }
                .joined(separator: "\n\n")
        }
        var metadata: Fields = ["id": .string(record.id), "shape": .string(record.shape.rawValue)]
        let textFields = Set(record.shape.textFields)
        for (key, value) in record.fields where !textFields.contains(key) { metadata[key] = value }
        metadata["provenance"] = .object(record.provenance.fields)
        JSONWriter.append(["page_content": .string(content), "metadata": .object(metadata)] as Fields, to: &out)
        out.append(0x0A)
    }
}
