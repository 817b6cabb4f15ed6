import Synchronization
import SynthLLM
import Testing

/// A provider that answers from a script: a failure kind per call, or its name as the text once the script runs out.
private final class Scripted: LLMProvider {
    let name: String
    private let script: Mutex<[ProviderFailure.Kind?]>
    private let count = Mutex(0)

    init(_ name: String, _ script: [ProviderFailure.Kind?] = []) {
        self.name = name
        self.script = Mutex(script)
    }

    var calls: Int { count.withLock { $0 } }

    func complete(_ request: CompletionRequest) async throws -> Completion {
        count.withLock { $0 += 1 }
        let next: ProviderFailure.Kind?? = script.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        if case .some(.some(let kind)) = next { throw ProviderFailure(kind, "\(name) failed") }
        return Completion(text: name, usage: TokenUsage(input: 1, output: 1), model: "\(name)-model")
    }
}

@Suite struct FallbackProviderTests {
    let request = CompletionRequest(model: "m", prompt: .text("hi"))

    @Test func staysWhileTheFirstAnswers() async throws {
        let a = Scripted("a")
        let b = Scripted("b")
        let chain = FallbackProvider([a, b], failuresBeforeMoving: 2)
        for _ in 0..<3 {
            let answer = try await chain.answer(request)
            #expect(answer.provider == "a")
            #expect(answer.completion.model == "a-model")
        }
        #expect(b.calls == 0)
        #expect(chain.name == "a>b")
    }

    @Test func movesOnAfterConsecutiveRetryableFailures() async throws {
        let a = Scripted("a", [.rateLimited, .server, .overloaded])
        let b = Scripted("b")
        let chain = FallbackProvider([a, b], failuresBeforeMoving: 3)
        // Below the threshold the failure goes to the caller, who backs off and retries.
        await #expect(throws: ProviderFailure.self) { try await chain.complete(request) }
        await #expect(throws: ProviderFailure.self) { try await chain.complete(request) }
        #expect(await chain.current == "a")
        // The third failure moves the chain, and the same request is answered by the next provider.
        let answer = try await chain.answer(request)
        #expect(answer.provider == "b")
        #expect(await chain.current == "b")
        #expect(a.calls == 3)
        _ = try await chain.complete(request)
        #expect(a.calls == 3)
    }

    @Test func aSuccessResetsTheCount() async throws {
        let a = Scripted("a", [.server, nil, .server, nil])
        let chain = FallbackProvider([a, Scripted("b")], failuresBeforeMoving: 2)
        for _ in 0..<2 {
            await #expect(throws: ProviderFailure.self) { try await chain.complete(request) }
            #expect(try await chain.answer(request).provider == "a")
        }
        #expect(await chain.current == "a")
    }

    @Test func aRefusedKeyMovesOnAtOnce() async throws {
        let chain = FallbackProvider([Scripted("a", [.unauthorized]), Scripted("b")], failuresBeforeMoving: 5)
        #expect(try await chain.answer(request).provider == "b")
    }

    @Test func aBadRequestIsTheRequestsFaultAndDoesNotMove() async throws {
        let chain = FallbackProvider([Scripted("a", [.badRequest]), Scripted("b")], failuresBeforeMoving: 1)
        await #expect {
            _ = try await chain.complete(request)
        } throws: { ($0 as? ProviderFailure)?.kind == .badRequest }
        #expect(await chain.current == "a")
    }

    @Test func theLastProviderThrowsItsFailures() async throws {
        let chain = FallbackProvider(
            [Scripted("a", [.unauthorized]), Scripted("b", [.server, .server, .server])], failuresBeforeMoving: 1)
        await #expect {
            _ = try await chain.complete(request)
        } throws: { ($0 as? ProviderFailure)?.message == "b failed" }
        await #expect(throws: ProviderFailure.self) { try await chain.complete(request) }
        #expect(await chain.current == "b")
    }
}
