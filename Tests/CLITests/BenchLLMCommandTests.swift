import Foundation
import SynthTesting
import Testing

/// `synthforge bench llm-client` and `bench llm-adaptive` as a user runs them: the tables they print. No timing assertions.
@Suite(.serialized) struct BenchLLMCommandTests {
    /// The table's rows that start with one of `names`, split at runs of spaces.
    private func rows(_ output: String, _ names: [String]) -> [String: [String]] {
        var found: [String: [String]] = [:]
        for line in output.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard let name = names.first(where: { trimmed.hasPrefix($0 + " ") }) else { continue }
            found[name] = trimmed.dropFirst(name.count).split(separator: " ").map(String.init)
        }
        return found
    }

    private func number(_ text: String) -> Double? { Double(text.replacingOccurrences(of: ",", with: "")) }

    @Test func llmClientRunsAgainstTheFakeThenFromTheCache() throws {
        let result = try Processes.synthforge("bench", "llm-client", "--requests", "300", "--in-flight", "16")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("LLM client: 300 requests to the loopback fake (zero latency), at most 16 in flight") == true)
        #expect(lines.count == 5)
        let table = rows(result.stdout, ["server", "cache"])
        // Columns: wall s, CPU s, requests/s, records/s, records, cache hits, peak in flight, peak limit, peak RSS (n MB).
        let server = try #require(table["server"])
        let cache = try #require(table["cache"])
        #expect(server.count == 10 && cache.count == 10)
        #expect(server[4] == "300" && server[5] == "0")
        #expect(cache[4] == "300" && cache[5] == "300")
        #expect(server.prefix(4).allSatisfy { (number($0) ?? 0) > 0 })
        #expect(number(cache[3]).map { $0 > 0 } == true)
        let peak = try #require(Int(server[6]))
        #expect(peak >= 1 && peak <= 16)
        #expect(Int(server[7]).map { $0 >= 8 && $0 <= 16 } == true)
        #expect(cache[6] == "0")
        #expect(lines.last?.hasPrefix("  peak RSS of the process: ") == true && lines.last?.hasSuffix(" MB") == true)
    }

    @Test(.enabled(if: LocalLLM.isAvailable, "needs the LLM server environment that ./scripts/test.sh builds"))
    func llmAdaptiveComparesFixedLevelsWithAdaptiveAgainstTheRealServer() throws {
        let server = try LocalLLM()
        defer { server.stop() }
        let result = try Processes.synthforge(
            "bench", "llm-adaptive", "--base-url", server.baseURL, "--requests", "3", "--levels", "1", "--max-tokens", "4")
        #expect(result.status == 0, "\(result.stderr)\n\(server.logTail())")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "LLM adaptive concurrency: 3 requests per pass to \(server.baseURL), at most 4 tokens each, no cache")
        let table = rows(result.stdout, ["fixed 1", "adaptive"])
        // Columns: wall s, requests/s, tokens/s, median latency (n ms), limit end/peak.
        for (name, limits) in [("fixed 1", "1/1")] {
            let row = try #require(table[name])
            #expect(row.count == 6 && row[5] == limits)
            #expect(row.prefix(3).allSatisfy { (number($0) ?? 0) > 0 })
        }
        let adaptive = try #require(table["adaptive"])
        #expect(adaptive.count == 6 && (number(adaptive[1]) ?? 0) > 0)
        #expect(lines.contains("  best fixed: 1 in flight"))
        let percent = try #require(lines.last.flatMap { $0.hasPrefix("  adaptive: ") ? $0 : nil })
        #expect(percent.hasSuffix(" % of the best fixed (requests/s)"))
    }
}
