import SynthLLM
import Testing

@Suite struct ProviderFailureHTTPTests {
    @Test(arguments: [
        (429, ProviderFailure.Kind.rateLimited), (503, .overloaded), (529, .overloaded), (500, .server), (502, .server),
        (401, .unauthorized), (403, .unauthorized), (400, .badRequest), (404, .badRequest), (422, .badRequest),
    ])
    func statusesMapToKinds(status: Int, kind: ProviderFailure.Kind) {
        let failure = ProviderFailure(status: status, retryAfter: nil, body: Array(#"{"error":{"message":"nope"}}"#.utf8), now: 0)
        #expect(failure.kind == kind)
        #expect(failure.status == status)
        #expect(failure.message.hasSuffix("nope"))
    }

    @Test func retryAfterInSecondsOrAsAnHTTPDate() {
        #expect(ProviderFailure.parseRetryAfter("7", now: 0) == .seconds(7))
        #expect(ProviderFailure.parseRetryAfter(" 1.5 ", now: 0) == .milliseconds(1500))
        // 784111777 is Sun, 06 Nov 1994 08:49:37 GMT (RFC 9110's example date).
        #expect(ProviderFailure.parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now: 784_111_777 - 30) == .seconds(30))
        #expect(ProviderFailure.parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now: 784_111_777 + 5) == .zero)
        #expect(ProviderFailure.parseRetryAfter("Thu, 29 Feb 2024 00:00:00 GMT", now: 1_709_164_800) == .zero)
        #expect(ProviderFailure.parseRetryAfter("soon", now: 0) == nil)
        #expect(ProviderFailure.parseRetryAfter("-3", now: 0) == nil)
    }

    @Test func errorMessagesComeFromEachAPIsErrorShape() {
        func message(_ body: String) -> String { ProviderFailure.errorMessage(in: Array(body.utf8)) }
        #expect(message(#"{"error":{"message":"model not found","type":"invalid_request_error"}}"#) == "model not found")
        #expect(message(#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#) == "Overloaded")
        #expect(message(#"{"error":"bad things"}"#) == "bad things")
        #expect(message(#"{"detail":[{"loc":["body","x"]}]}"#) == #"[{"loc":["body","x"]}]"#)
        #expect(message("<html>502 Bad Gateway</html>") == "<html>502 Bad Gateway</html>")
        #expect(message("") == "(empty body)")
    }
}
