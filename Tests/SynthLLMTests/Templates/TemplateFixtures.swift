import Foundation
import SynthCore
import SynthLLM

/// A record source that makes numbered classification records, standing in for the built-in engine.
struct NumberedRecords: RecordSource {
    var domain: String
    var task: String

    func records(for shard: Shard) async throws -> [Record] {
        (0..<shard.size).map { offset in
            var random = shard.random(forRecord: offset)
            let n = random.below(1000)
            return Record(
                id: "\(domain)-\(task)-\(shard.position(of: offset))", shape: .classification,
                fields: ["text": .string("\(domain) \(task) record \(n)"), "label": .string("label \(n % 3)")],
                provenance: Provenance(
                    source: "builtin", domain: domain, task: task, generatorVersion: "1", seed: 0, shard: 0, index: offset))
        }
    }
}

/// A provider that answers topic requests from a script: the subtopics of a topic are its name with -1, -2, … appended.
actor ScriptedTopics: LLMProvider {
    nonisolated let name = "scripted"
    private(set) var requests: [CompletionRequest] = []
    /// Topics whose answer is not JSON.
    let broken: Set<String>

    init(broken: Set<String> = []) { self.broken = broken }

    func complete(_ request: CompletionRequest) async throws -> Completion {
        requests.append(request)
        guard case .chat(let messages) = request.prompt, let last = messages.last?.content,
            let open = last.range(of: "of \""), let close = last.range(of: "\". Each")
        else { return Completion(text: "", usage: TokenUsage(), model: request.model) }
        let trail = last[open.upperBound..<close.lowerBound]
        let topic = String(trail.split(separator: "\"").last ?? "")
        if broken.contains(topic) { return Completion(text: "Sure! Here are some subtopics:", usage: TokenUsage(), model: request.model) }
        let list = (1...3).map { "\"\(topic)-\($0)\"" }.joined(separator: ", ")
        return Completion(text: "{\"subtopics\": [\(list), \"\(topic)-1\"]}", usage: TokenUsage(), model: request.model)
    }
}

extension PromptTemplate {
    /// Samples variables with numbered engine records and topics expanded by the scripted provider.
    func context(seed: UInt64 = 1) async throws -> SamplerContext {
        try await samplerContext(
            seed: seed, records: { domain, task in NumberedRecords(domain: domain, task: task) },
            topics: (ScriptedTopics(), "fake"))
    }
}
