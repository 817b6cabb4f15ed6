import LoopbackLLM
import SynthCore
import SynthGenerators
import SynthRuntime
import Testing

/// Paraphrase and back-translation against a model server on loopback.
@Suite struct ModelRewriteTests {
    private func records(_ domain: String, _ task: String, count: Int = 3) async throws -> [Record] {
        let source = try DomainCatalog.load(adding: []).source(domain: domain, task: task, specSeed: 5)
        return try await source.records(for: Plan(spec: GenerationSpec(domain: domain, task: task, count: count, seed: 5)).shard(0))
    }

    @Test func paraphraseRewritesEveryMessageAndKeepsTheShape() async throws {
        try await LoopbackLLM.withServer { server in
            let operations = try Augmentation.operations(
                ["paraphrase"], alpha: 0.1, llm: LLMSettings(provider: "local", baseURL: server.baseURL))
            for record in try await records("support", "conversations") {
                guard case .changed(let copy) = try await Augmentation.augment(record, copy: 1, operations: operations, seed: 9) else {
                    Issue.record("no copy of \(record.id)")
                    continue
                }
                let before = record.fields["messages"]!.arrayValue!.map { $0.objectValue!["content"]!.stringValue! }
                let after = copy.fields["messages"]!.arrayValue!.map { $0.objectValue!["content"]!.stringValue! }
                #expect(after.count == before.count)
                #expect(zip(before, after).allSatisfy { $0 != $1 })
                #expect(
                    copy.fields["messages"]!.arrayValue!.map { $0.objectValue!["role"] }
                        == record.fields["messages"]!.arrayValue!.map { $0.objectValue!["role"] })
                #expect(copy.shape.violation(in: copy.fields) == nil)
            }
            // Each message was one request, asking for the schema's JSON.
            let sent = server.requests
            #expect(sent.allSatisfy { $0.path == "/v1/chat/completions" && $0.json?.objectValue?["response_format"] != nil })
        }
    }

    @Test func backTranslationGoesThroughThePivotAndKeepsAQAAnswerInItsContext() async throws {
        try await LoopbackLLM.withServer { server in
            let operations = try Augmentation.operations(
                ["back-translate"], alpha: 0.1, llm: LLMSettings(provider: "local", baseURL: server.baseURL), pivot: "German")
            let record = try await records("medical", "chart-qa", count: 1)[0]
            guard case .changed(let copy) = try await Augmentation.augment(record, copy: 1, operations: operations, seed: 9) else {
                Issue.record("no copy")
                return
            }
            #expect(copy.fields["question"] != record.fields["question"])
            for field in ["context", "answer", "answer_start"] { #expect(copy.fields[field] == record.fields[field]) }
            let prompts = server.requests.compactMap {
                $0.json?.objectValue?["messages"]?.arrayValue?.last?.objectValue?["content"]?.stringValue
            }
            #expect(prompts.count == 2)
            #expect(prompts.first?.hasPrefix("Translate the text into German.") == true)
            #expect(prompts.last?.hasPrefix("Translate the text into English.") == true)
        }
    }

    @Test func modelOperationsNeedAProviderAndRefuseNER() async throws {
        #expect(throws: SynthError.self) { try Augmentation.operations(["paraphrase"], alpha: 0.1, llm: nil) }
        #expect {
            try Augmentation.operations(["synonym", "rephrase"], alpha: 0.1, llm: nil)
        } throws: { error in
            "\(error)".contains("unknown augmentation 'rephrase'") && "\(error)".contains("back-translate")
        }
        try await LoopbackLLM.withServer { server in
            let operations = try Augmentation.operations(
                ["paraphrase"], alpha: 0.1, llm: LLMSettings(provider: "local", baseURL: server.baseURL))
            let ner = try await records("medical", "clinical-entities", count: 1)[0]
            await #expect {
                _ = try await Augmentation.augment(ner, copy: 1, operations: operations, seed: 1)
            } throws: { error in
                "\(error)".contains("cannot keep NER entity offsets true")
            }
        }
    }
}
