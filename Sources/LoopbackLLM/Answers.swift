import SynthCore

/// The replies the fake server writes, in the wire format of the endpoint asked.
enum Answers {
    /// What a reply depends on: the endpoint, the parsed body, the request's number and the server's fixed text.
    struct Request {
        var path: String
        var json: Value?
        var number: Int
        var text: String

        var object: Fields? { json?.objectValue }
        var model: String { object?["model"]?.stringValue ?? "loopback" }
        var isAnthropic: Bool { path.hasPrefix("/v1/messages") }
        var streams: Bool { object?["stream"] == .bool(true) }

        /// The schema of `response_format`, in OpenAI's style or llama.cpp's.
        var schema: Value? {
            guard let format = object?["response_format"]?.objectValue else { return nil }
            return format["json_schema"]?.objectValue?["schema"] ?? format["schema"]
        }

        /// Words in the prompt, standing in for prompt tokens.
        var promptWords: Int {
            var text = object?["prompt"]?.stringValue ?? ""
            for message in object?["messages"]?.arrayValue ?? [] { text += " " + (message.objectValue?["content"]?.stringValue ?? "") }
            if let system = object?["system"]?.stringValue { text += " " + system }
            return Answers.words(text)
        }
    }

    static func words(_ text: String) -> Int { text.split(whereSeparator: \.isWhitespace).count }

    /// The successful answer to `request`, with `text` as the model's output or the default output when nil.
    static func answer(_ request: Request, text: String?) -> Reply {
        let output =
            text ?? request.schema.map { JSONWriter.string(instance(of: $0, name: "text", number: request.number)) } ?? request.text
        let input = request.promptWords
        let outputTokens = max(1, words(output))
        switch request.path {
        case "/v1/chat/completions", "/v1/completions":
            let chat = request.path == "/v1/chat/completions"
            if request.streams { return stream(request, output: output, chat: chat, input: input, outputTokens: outputTokens) }
            let choice: Value =
                chat
                ? .object([
                    "index": .int(0), "message": .object(["role": .string("assistant"), "content": .string(output)]),
                    "finish_reason": .string("stop"),
                ])
                : .object(["index": .int(0), "text": .string(output), "finish_reason": .string("stop")])
            return json([
                "id": .string("loopback-\(request.number)"), "object": .string(chat ? "chat.completion" : "text_completion"),
                "created": .int(0), "model": .string(request.model), "choices": .array([choice]),
                "usage": usage(input, outputTokens),
            ])
        case "/v1/embeddings":
            let inputs = request.object?["input"]
            let texts = inputs?.arrayValue?.map(\.text) ?? [inputs?.text ?? ""]
            let data = texts.enumerated().map { index, text in
                Value.object([
                    "object": .string("embedding"), "index": .int(index), "embedding": .array(embedding(text).map { .double($0) }),
                ])
            }
            return json([
                "object": .string("list"), "data": .array(data), "model": .string(request.model),
                "usage": .object([
                    "prompt_tokens": .int(texts.map(words).reduce(0, +)), "total_tokens": .int(texts.map(words).reduce(0, +)),
                ]),
            ])
        case "/v1/messages":
            return json([
                "id": .string("msg_\(request.number)"), "type": .string("message"), "role": .string("assistant"),
                "model": .string(request.model), "content": .array([.object(["type": .string("text"), "text": .string(output)])]),
                "stop_reason": .string("end_turn"),
                "usage": .object(["input_tokens": .int(input), "output_tokens": .int(outputTokens)]),
            ])
        default:
            return error(request, status: 404, message: "no such endpoint: \(request.path)")
        }
    }

    /// An error reply in the API's own error format.
    static func error(_ request: Request, status: Int, message: String) -> Reply {
        if request.isAnthropic {
            let type = status == 429 ? "rate_limit_error" : status == 529 ? "overloaded_error" : "api_error"
            return json(
                ["type": .string("error"), "error": .object(["type": .string(type), "message": .string(message)])], status: status)
        }
        return json(
            ["error": .object(["message": .string(message), "type": .string("server_error"), "code": .int(status)])], status: status)
    }

    /// The output as server-sent events: pieces of up to 8 characters, a finishing chunk, usage when asked, `[DONE]`.
    static func stream(_ request: Request, output: String, chat: Bool, input: Int, outputTokens: Int) -> Reply {
        var parts: [String] = []
        func event(_ choices: [Value], usage: Value? = nil) {
            var chunk: Fields = [
                "id": .string("loopback-\(request.number)"), "object": .string(chat ? "chat.completion.chunk" : "text_completion"),
                "model": .string(request.model), "choices": .array(choices),
            ]
            if let usage { chunk["usage"] = usage }
            parts.append("data: \(JSONWriter.string(.object(chunk)))\n\n")
        }
        func choice(_ piece: String, finish: String?) -> Value {
            .object([
                "index": .int(0),
                chat ? "delta" : "text": chat ? .object(piece.isEmpty ? [:] : ["content": .string(piece)]) : .string(piece),
                "finish_reason": finish.map { .string($0) } ?? .null,
            ])
        }
        var rest = Substring(output)
        while !rest.isEmpty {
            event([choice(String(rest.prefix(8)), finish: nil)])
            rest = rest.dropFirst(8)
        }
        event([choice("", finish: "stop")])
        if request.object?["stream_options"]?.objectValue?["include_usage"] == .bool(true) { event([], usage: usage(input, outputTokens)) }
        parts.append("data: [DONE]\n\n")
        return Reply(status: 200, headers: [("Content-Type", "text/event-stream")], parts: parts)
    }

    static func usage(_ input: Int, _ output: Int) -> Value {
        .object(["prompt_tokens": .int(input), "completion_tokens": .int(output), "total_tokens": .int(input + output)])
    }

    static func json(_ fields: Fields, status: Int = 200) -> Reply {
        Reply(status: status, headers: [("Content-Type", "application/json")], parts: [JSONWriter.string(.object(fields))])
    }

    /// A value that fits a JSON Schema: every property present, strings naming their property and the request.
    static func instance(of schema: Value, name: String, number: Int) -> Value {
        let object = schema.objectValue
        if let first = object?["enum"]?.arrayValue?.first { return first }
        switch object?["type"]?.stringValue {
        case "object":
            let properties = object?["properties"]?.objectValue ?? Fields()
            return .object(Fields(properties.map { ($0.key, instance(of: $0.value, name: $0.key, number: number)) }))
        case "array": return .array([instance(of: object?["items"] ?? .null, name: name, number: number)])
        case "string": return .string("\(name) \(number)")
        case "number": return .double(Double(number) + 0.5)
        case "integer": return .int(number)
        case "boolean": return .bool(number % 2 == 0)
        default: return .null
        }
    }

    /// Eight numbers in [0, 1] from a hash of the text: the same text always gives the same vector.
    static func embedding(_ text: String) -> [Double] {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return (0..<8).map { Double((hash >> UInt64($0 * 8)) & 0xff) / 255 }
    }
}
