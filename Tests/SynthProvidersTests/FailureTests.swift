import LoopbackLLM
import SynthCore
import SynthLLM
import SynthProviders
import Testing

@Suite struct FailureTests {
    let request = CompletionRequest(model: "m", prompt: .chat([ChatMessage(role: "user", content: "hi")]))

    func failure(_ step: LoopbackLLM.Step, timeout: Duration = .seconds(120)) async throws -> ProviderFailure {
        try await LoopbackLLM.withServer(script: [step]) { server in
            let provider = OpenAICompatible(ProviderConfig(name: "fake", kind: .openai, baseURL: server.baseURL, timeout: timeout))
            do {
                _ = try await provider.complete(request)
            } catch let failure as ProviderFailure {
                return failure
            }
            Issue.record("the request did not fail")
            return ProviderFailure(.server, "")
        }
    }

    @Test(arguments: [
        (429, ProviderFailure.Kind.rateLimited), (503, .overloaded), (529, .overloaded), (500, .server), (502, .server),
        (401, .unauthorized), (403, .unauthorized), (400, .badRequest), (404, .badRequest), (422, .badRequest),
    ])
    func eachStatusMapsToItsKind(status: Int, kind: ProviderFailure.Kind) async throws {
        let failure = try await failure(.error(status, message: "the server says no"))
        #expect(failure.kind == kind)
        #expect(failure.status == status)
        #expect(failure.message.hasPrefix("fake: "))
        #expect(failure.message.contains("the server says no"))
    }

    @Test func retryAfterInSeconds() async throws {
        let failure = try await failure(.rateLimited(retryAfter: 7))
        #expect(failure.kind == .rateLimited)
        #expect(failure.retryAfter == .seconds(7))
        #expect(failure.isBackpressure)
    }

    @Test func retryAfterAsAnHTTPDateInThePastMeansNoWait() async throws {
        let failure = try await failure(
            .raw(status: 503, headers: ["Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT"], body: #"{"error":{"message":"busy"}}"#))
        #expect(failure.kind == .overloaded)
        #expect(failure.retryAfter == .zero)
        #expect(failure.message == "fake: server overloaded: busy")
    }

    @Test func anAnswerThatIsNotJSONIsMalformed() async throws {
        let failure = try await failure(.garbage)
        #expect(failure.kind == .malformed)
        #expect(failure.status == nil)
        #expect(failure.message.contains("<html>not an API</html>"))
        #expect(failure.isRetryable)
    }

    @Test func jsonWithoutChoicesIsMalformed() async throws {
        let failure = try await failure(.raw(status: 200, headers: ["Content-Type": "application/json"], body: #"{"id": 1}"#))
        #expect(failure.kind == .malformed)
        #expect(failure.message == #"fake: the answer is not the API's JSON (no choices): {"id": 1}"#)
    }

    @Test func aDroppedConnectionIsATransportFailure() async throws {
        let failure = try await failure(.disconnect)
        #expect(failure.kind == .transport)
        #expect(failure.message.contains("cannot reach http://127.0.0.1:"))
    }

    @Test func aSlowServerTimesOut() async throws {
        // The answer comes far later than the timeout, so even a heavily loaded machine sees the timeout first.
        let failure = try await failure(.slow(ms: 30000), timeout: .milliseconds(300))
        #expect(failure.kind == .transport)
        #expect(failure.message.hasSuffix("within 0.3 s"))
    }

    @Test func nothingListeningIsATransportFailure() async throws {
        let server = try await LoopbackLLM.start()
        let url = server.baseURL
        await server.stop()
        let provider = OpenAICompatible(ProviderConfig(name: "gone", kind: .openai, baseURL: url))
        await #expect {
            _ = try await provider.complete(request)
        } throws: { ($0 as? ProviderFailure)?.kind == .transport }
    }

    @Test func theKeyNeverAppearsInErrorsOrDescriptions() async throws {
        let key = "sk-test-9f8e7d6c5b4a39281706"
        // Servers do echo keys: OpenAI's 401 message quotes the key it was given.
        let echoes: [LoopbackLLM.Step] = [
            .error(401, message: "Incorrect API key provided: \(key)."), .error(400, message: "bad request from \(key)"),
            .error(500, message: "\(key) broke us"), .raw(status: 200, headers: [:], body: "not json \(key)"),
        ]
        try await LoopbackLLM.withServer(script: echoes) { server in
            var config = ProviderConfig(name: "openai", kind: .openai, baseURL: server.baseURL, apiKeyEnv: "MY_KEY")
            let provider = try Providers.make(config, environment: ["MY_KEY": key])
            var messages: [String] = []
            for _ in echoes {
                do {
                    _ = try await provider.complete(request)
                } catch {
                    messages.append(String(describing: error))
                    messages.append(String(reflecting: error))
                }
            }
            #expect(messages.count == 8)
            #expect(messages[0].contains("[redacted]"))
            #expect(messages[0].contains("check the key in MY_KEY"))
            #expect(server.requests.allSatisfy { $0.headers["authorization"] == "Bearer \(key)" })
            var dumped = ""
            dump(provider, to: &dumped)
            config.model = "m"
            for text in messages + [String(describing: provider), String(reflecting: provider), dumped, String(describing: config)] {
                #expect(!text.contains(key), "\(text)")
                #expect(!text.contains("9f8e7d6c5b4a"), "\(text)")
            }
        }
    }

    @Test func anUnsetKeyVariableSendsNoKeyAndTheRefusalNamesIt() async throws {
        try await LoopbackLLM.withServer(script: [.error(401, message: "You didn't provide an API key.")]) { server in
            let config = ProviderConfig(name: "groq", kind: .openai, baseURL: server.baseURL, apiKeyEnv: "GROQ_API_KEY")
            let provider = try Providers.make(config, environment: [:])
            await #expect {
                _ = try await provider.complete(request)
            } throws: {
                ($0 as? ProviderFailure)?.message
                    == "groq: the server refused the API key: You didn't provide an API key. (no key was sent: GROQ_API_KEY is not set)"
            }
            #expect(server.requests.first?.headers["authorization"] == nil)
        }
    }
}

@Suite struct StreamFailureTests {
    @Test func aServerThatIgnoresStreamingGivesAMalformedFailure() async throws {
        let whole = #"{"choices":[{"message":{"content":"hi"}}]}"#
        try await LoopbackLLM.withServer(script: [.raw(status: 200, headers: ["Content-Type": "application/json"], body: whole)]) {
            server in
            let provider = OpenAICompatible(ProviderConfig(name: "s", kind: .openai, baseURL: server.baseURL, stream: true))
            await #expect {
                _ = try await provider.complete(CompletionRequest(model: "m", prompt: .chat([ChatMessage(role: "user", content: "x")])))
            } throws: {
                ($0 as? ProviderFailure)?.kind == .malformed
                    && ($0 as? ProviderFailure)?.message
                        == "s: the answer is not the API's JSON (no server-sent events in a streamed answer): \(whole)"
            }
        }
    }
}
