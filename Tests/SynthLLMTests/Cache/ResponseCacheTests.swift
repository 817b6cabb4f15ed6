import Foundation
import SynthCore
import SynthLLM
import SynthTesting
import Testing

private func temporaryPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("synthforge-cache-\(UUID().uuidString)/responses.jsonl").path
}

private func completion(_ n: Int) -> Completion {
    Completion(
        text: "answer \(n) with \"quotes\" and\na newline", usage: TokenUsage(input: n, output: 2 * n), finishReason: "stop", model: "m",
        latency: n.isMultiple(of: 2) ? .milliseconds(7 * n) : nil)
}

@Test func storedAnswersReadBackAfterReopening() throws {
    let path = temporaryPath()
    let cache = try ResponseCache(path: path, batchSize: 3)
    for n in 0..<10 { try cache.store(completion(n), for: "key\(n)") }
    try cache.close()
    #expect(cache.lookup("key3") == completion(3))
    let closed = #expect(throws: SynthError.self) { try cache.store(completion(10), for: "key10") }
    #expect(closed?.message == "the response cache '\(path)' is closed")
    let reopened = try ResponseCache(path: path)
    #expect(reopened.count == 10)
    #expect(!reopened.truncatedTornLine)
    for n in 0..<10 { #expect(reopened.lookup("key\(n)") == completion(n)) }
    #expect(reopened.lookup("key10") == nil)
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 10)
}

@Test func aTornLastLineIsDroppedAndTheRestKept() throws {
    let path = temporaryPath()
    let cache = try ResponseCache(path: path)
    for n in 0..<5 { try cache.store(completion(n), for: "key\(n)") }
    try cache.close()
    let whole = try Data(contentsOf: URL(fileURLWithPath: path))
    // A kill mid-write leaves the start of a sixth line.
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(#"{"key":"key5","text":"ans"#.utf8))
    try handle.close()

    let reopened = try ResponseCache(path: path)
    #expect(reopened.truncatedTornLine)
    #expect(reopened.count == 5)
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == whole)
    // New answers follow the whole lines, and all of them read back.
    try reopened.store(completion(5), for: "key5")
    try reopened.close()
    let again = try ResponseCache(path: path)
    #expect(!again.truncatedTornLine)
    #expect(again.count == 6)
    #expect(again.lookup("key5") == completion(5))
}

@Test func aDamagedLineBeforeTheLastIsAnErrorNamingIt() throws {
    let path = temporaryPath()
    let cache = try ResponseCache(path: path)
    for n in 0..<3 { try cache.store(completion(n), for: "key\(n)") }
    try cache.close()
    var text = try String(contentsOfFile: path, encoding: .utf8)
    text = text.replacingOccurrences(of: #"{"key":"key1""#, with: #"{"key":key1""#)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let error = #expect(throws: SynthError.self) { try ResponseCache(path: path) }
    #expect(error?.message.contains("\(path):2: not a response cache entry") == true)
}

@Test func manyTasksStoreAndLookUpAtOnce() async throws {
    let path = temporaryPath()
    let cache = try ResponseCache(path: path, batchSize: 16)
    try await withThrowingTaskGroup(of: Void.self) { group in
        for n in 0..<500 {
            group.addTask {
                try cache.store(completion(n), for: "key\(n)")
                #expect(cache.lookup("key\(n)") == completion(n))
            }
        }
        try await group.waitForAll()
    }
    try cache.close()
    let reopened = try ResponseCache(path: path)
    #expect(reopened.count == 500)
    #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 500)
}

@Test func unsavedAnswersAreWrittenAfterTheFlushInterval() async throws {
    let path = temporaryPath()
    let cache = try ResponseCache(path: path, batchSize: 100, flushInterval: .milliseconds(1))
    try cache.store(completion(1), for: "key1")
    // The timer writes the lone entry without a flush; wait for it (bounded, in case it never does).
    var attempts = 0
    while (try? String(contentsOfFile: path, encoding: .utf8))?.isEmpty != false, attempts < 2000 {
        try await Task.sleep(for: .milliseconds(5))
        attempts += 1
    }
    #expect(try ResponseCache(path: path).lookup("key1") == completion(1))
    try cache.close()
}

@Test func theKeyChangesWithEveryPartOfTheRequest() throws {
    let schema = try OutputSchema(jsonSchema: .object(["type": .string("string")]))
    let base = CompletionRequest(
        model: "m", prompt: .chat([ChatMessage(role: "user", content: "hi")]),
        parameters: SamplingParameters(temperature: 0.7, maxTokens: 10))
    var variants: [(String, CompletionRequest)] = [("p", base)]
    variants.append(("q", base))
    var r = base
    r.model = "n"
    variants.append(("p", r))
    r = base
    r.parameters.temperature = 0.8
    variants.append(("p", r))
    r = base
    r.parameters.seed = 1
    variants.append(("p", r))
    r = base
    r.parameters.stop = ["\n"]
    variants.append(("p", r))
    r = base
    r.schema = schema
    variants.append(("p", r))
    r = base
    r.prompt = .chat([ChatMessage(role: "system", content: "hi")])
    variants.append(("p", r))
    r = base
    r.prompt = .text("hi")
    variants.append(("p", r))
    let keys = variants.map { ResponseCache.key(provider: $0.0, request: $0.1) }
    #expect(Set(keys).count == variants.count)
    #expect(keys.allSatisfy { $0.count == 64 && $0.allSatisfy(\.isHexDigit) })
    #expect(ResponseCache.key(provider: "p", request: base) == keys[0])
}

@Test func aSecondRunOfTheSameRequestsSendsNothing() async throws {
    let path = temporaryPath()
    let first = ScriptedProvider()
    let cache = try ResponseCache(path: path)
    let scheduler = RequestScheduler(provider: first, price: { _, usage in Double(usage.total) }, cache: cache)
    var answers: [String] = []
    var latencies: [Duration] = []
    for n in 0..<50 {
        let completion = try await scheduler.send(request(n)).completion
        answers.append(completion.text)
        latencies.append(try #require(completion.latency, "the scheduler times every answer"))
    }
    #expect(first.calls == 50)
    try cache.close()

    let second = ScriptedProvider()
    let rerun = RequestScheduler(provider: second, price: { _, usage in Double(usage.total) }, cache: try ResponseCache(path: path))
    for n in 0..<50 {
        let delivery = try await rerun.send(request(n))
        #expect(delivery.cached)
        #expect(delivery.attempts == 0)
        #expect(delivery.cost == 0)
        #expect(delivery.completion.text == answers[n])
        // A cached answer keeps the time it first took, in whole milliseconds.
        let ms = latencies[n].components.seconds * 1000 + latencies[n].components.attoseconds / 1_000_000_000_000_000
        #expect(delivery.completion.latency == .milliseconds(ms))
    }
    #expect(second.calls == 0)
    let stats = await rerun.stats
    #expect(stats.cacheHits == 50)
    #expect(stats.requests == 0)
    #expect(stats.cost == 0)
}
