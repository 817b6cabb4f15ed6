import SynthCore

/// A tree of topics a model expands from a root, so prompts can range over many specific subjects.
///
/// The model is asked once per node, with a prompt that depends only on the node's path, so a
/// rerun sends the same requests and the response cache answers them.
public struct TopicTree: Sendable, Hashable {
    /// This node's topic.
    public var topic: String
    /// Its subtopics; none for a leaf.
    public var children: [TopicTree]

    /// Makes a tree.
    public init(topic: String, children: [TopicTree] = []) {
        self.topic = topic
        self.children = children
    }

    /// The leaves' topics, depth first.
    public var leaves: [String] {
        children.isEmpty ? [topic] : children.flatMap(\.leaves)
    }

    /// The shape of the model's answer: `{"subtopics": [string, ...]}`.
    public static let answerSchema = OutputSchema.object(
        properties: [OutputSchema.Property("subtopics", .array(items: .string))], required: ["subtopics"])

    /// Expands `root` into a tree `depth` levels deep with up to `breadth` subtopics per node.
    ///
    /// A node whose answer holds no usable subtopic (not JSON, an empty list) stays a leaf, so a
    /// weak model still gives a tree; failures of the provider itself are thrown.
    public static func expand(
        root: String, depth: Int, breadth: Int, using provider: any LLMProvider, model: String
    ) async throws -> TopicTree {
        try await expand(path: [root], depth: depth, breadth: breadth, using: provider, model: model)
    }

    private static func expand(
        path: [String], depth: Int, breadth: Int, using provider: any LLMProvider, model: String
    ) async throws -> TopicTree {
        let topic = path[path.count - 1]
        guard depth > 0 else { return TopicTree(topic: topic) }
        let answer = try await provider.complete(request(path: path, breadth: breadth, model: model))
        var children: [TopicTree] = []
        for subtopic in subtopics(in: answer.text, of: path, breadth: breadth) {
            children.append(try await expand(path: path + [subtopic], depth: depth - 1, breadth: breadth, using: provider, model: model))
        }
        return TopicTree(topic: topic, children: children)
    }

    /// The request that asks for the subtopics of the last topic of `path`.
    public static func request(path: [String], breadth: Int, model: String) -> CompletionRequest {
        let trail = path.map { "\"\($0)\"" }.joined(separator: " > ")
        let messages = [
            ChatMessage(role: "system", content: "You organise subjects into subtopics. Answer with JSON only."),
            ChatMessage(
                role: "user",
                content: """
                    List \(breadth) distinct, specific subtopics of \(trail). Each is a short phrase of a few words.
                    Answer as {"subtopics": ["...", "..."]}.
                    """),
        ]
        return CompletionRequest(
            model: model, prompt: .chat(messages),
            parameters: SamplingParameters(temperature: 0, maxTokens: 64 + 32 * breadth), schema: answerSchema)
    }

    /// The usable subtopics in a model's answer: distinct, non-empty, not the path's own topics, at most `breadth`.
    static func subtopics(in text: String, of path: [String], breadth: Int) -> [String] {
        var value = try? JSONParser.parse(Array(text.utf8))
        if value == nil, let open = text.firstIndex(of: "{"), let close = text.lastIndex(of: "}"), open < close {
            value = try? JSONParser.parse(Array(text[open...close].utf8))
        }
        var seen = Set(path.map { $0.lowercased() })
        var found: [String] = []
        for item in value?.objectValue?["subtopics"]?.arrayValue ?? [] {
            guard let name = item.stringValue?.trimmingWhitespace, !name.isEmpty, seen.insert(name.lowercased()).inserted else {
                continue
            }
            found.append(name)
            if found.count == breadth { break }
        }
        return found
    }
}

extension String {
    /// The text without leading and trailing whitespace.
    var trimmingWhitespace: String {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return String(self[start..<max(start, end)])
    }
}
