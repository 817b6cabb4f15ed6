import Testing

@testable import SynthProviders

@Suite struct ServerSentEventsTests {
    let stream = "event: message\r\ndata: {\"a\":1}\r\n\r\n: a comment\ndata: first line\ndata:second line\n\ndata: [DONE]"

    func events(splitEvery size: Int) -> [String] {
        var parser = ServerSentEvents()
        var out: [String] = []
        let bytes = Array(stream.utf8)
        var i = 0
        while i < bytes.count {
            out += parser.feed(bytes[i..<min(i + size, bytes.count)])
            i += size
        }
        return out + parser.finish()
    }

    @Test(arguments: [1, 2, 7, 1000])
    func eventsAreTheSameWhereverChunksSplit(size: Int) {
        #expect(events(splitEvery: size) == ["{\"a\":1}", "first line\nsecond line", "[DONE]"])
    }
}
