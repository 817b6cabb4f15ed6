import Foundation
import SynthCore
import SynthTesting
import Testing

@testable import SynthQuality

@Suite struct CompressionRatioTests {
    /// Python's gzip on the texts joined by newlines: the compressed size and the ratio.
    static let program = """
        import sys, json, gzip
        texts = json.load(open(sys.argv[1], encoding="utf-8"))
        data = "\\n".join(texts).encode("utf-8")
        out = len(gzip.compress(data, compresslevel=int(sys.argv[2]), mtime=0))
        print(json.dumps({"original": len(data), "compressed": out, "ratio": len(data) / out if data else 0}))
        """

    func expectMatchesPython(_ texts: [String], level: Int32 = 9) throws {
        let folder = try Processes.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/texts.json"
        try JSONSerialization.data(withJSONObject: texts).write(to: URL(fileURLWithPath: path))
        let output = try Processes.python(Self.program, [path, String(level)])
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let measure = try CompressionRatio(level: level)
        for text in texts { measure.add(text) }
        let ratio = measure.finish()
        #expect(measure.originalBytes == reference["original"] as? Int)
        #expect(measure.compressedBytes == reference["compressed"] as? Int)
        #expect(close(ratio, reference["ratio"], 1e-12), "ratio \(ratio) vs \(reference["ratio"] ?? "nil")")
    }

    @Test func matchesPythonGzipOnHandWrittenTexts() throws {
        try expectMatchesPython(MetricsCorpus.hypotheses + MetricsCorpus.references)
        try expectMatchesPython(MetricsCorpus.hypotheses, level: 1)
    }

    @Test func matchesPythonGzipOnMoreOutputThanOneBuffer() throws {
        // About 1 MB of text from a 5,000-word vocabulary: well over the 64 KB output buffer.
        var random = SeededRandom(seed: 3)
        let texts = (0..<8000).map { _ in (0..<(5 + random.below(40))).map { _ in "w\(random.below(5000))" }.joined(separator: " ") }
        try expectMatchesPython(texts)
    }

    @Test func emptyInputIsTwentyBytesOfGzipAndRatioZero() throws {
        let measure = try CompressionRatio()
        #expect(measure.finish() == 0 && measure.compressedBytes == 20 && measure.originalBytes == 0)
        try expectMatchesPython([])
        try expectMatchesPython([""])
    }

    @Test func repetitiveTextsCompressMoreThanVariedOnes() throws {
        var random = SeededRandom(seed: 9)
        let varied = (0..<300).map { _ in (0..<12).map { _ in "w\(random.below(100_000))" }.joined(separator: " ") }
        let repeated = Array(repeating: "the same twelve words said over and over again in every single record", count: 300)
        #expect(try CompressionRatio.of(repeated) > 5 * CompressionRatio.of(varied))
    }

    @Test func aMissingZlibIsNamedInTheError() {
        #expect {
            _ = try Zlib.load("libz-not-installed.so.9")
        } throws: { error in
            (error as? SynthError)?.message.contains("system zlib library (libz-not-installed.so.9)") == true
        }
    }
}
