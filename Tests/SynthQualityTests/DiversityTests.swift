import Foundation
import SynthCore
import SynthQuality
import SynthTesting
import Testing

@Suite struct DiversityTests {
    @Test func distinctCounterIsExactWhileSmall() {
        var counter = DistinctCounter(exactLimit: 1000)
        for i in 0..<500 { counter.insert(UInt64(i % 300) &* 0x9E37_79B9_7F4A_7C15) }
        #expect(counter.isExact && counter.count == 300)
    }

    @Test(arguments: [5_000, 100_000, 1_000_000])
    func distinctCounterEstimatesLargeCountsWithinTwoPercent(distinct: Int) {
        var counter = DistinctCounter(exactLimit: 1000)
        var random = SeededRandom(seed: 5)
        var values: [UInt64] = (0..<distinct).map { _ in random.next() }
        values += values.prefix(distinct / 2)  // repeats must not count
        for v in values { counter.insert(v) }
        #expect(!counter.isExact)
        #expect(abs(Double(counter.count) / Double(distinct) - 1) < 0.02)
    }

    @Test(arguments: [100, 1000, 5000])
    func mergedCountersCountTheUnion(split: Int) {
        var random = SeededRandom(seed: 9)
        let values: [UInt64] = (0..<6000).map { _ in random.next() % 4000 &* 0x9E37_79B9_7F4A_7C15 }
        var whole = DistinctCounter(exactLimit: 1000)
        for v in values { whole.insert(v) }
        var first = DistinctCounter(exactLimit: 1000)
        var second = DistinctCounter(exactLimit: 1000)
        for v in values[..<split] { first.insert(v) }
        for v in values[split...] { second.insert(v) }
        first.merge(second)
        #expect(first.isExact == whole.isExact && first.count == whole.count)
    }

    @Test func mergedSummariesReportWhatOneSummaryOfAllRecordsReports() {
        let texts = (0..<300).map { "Record \($0 % 37): the cat sat on mat \($0 % 11), naïve café \($0)." }
        var whole = DiversitySummary()
        for text in texts { whole.add(text) }
        var merged = DiversitySummary()
        for start in stride(from: 0, to: texts.count, by: 70) {
            var part = DiversitySummary()
            for text in texts[start..<min(texts.count, start + 70)] { part.add(text) }
            merged.merge(part)
        }
        #expect(merged.report().figures.map(\.name) == whole.report().figures.map(\.name))
        #expect(merged.report().figures.map(\.value) == whole.report().figures.map(\.value))
    }

    @Test func mergedWordCountsKeepTheFirstWordsUpToTheLimit() {
        let texts = ["a b c", "d a e", "a f b"]
        var whole = WordCounts(limit: 3)
        for text in texts { whole.add(text) }
        var merged = WordCounts(limit: 3)
        for part in [texts[..<1], texts[1...]] {
            var counts = WordCounts(limit: .max)
            for text in part { counts.add(text) }
            merged.merge(counts)
        }
        // d, e and f come after the limit of three words, so only a, b and c are counted.
        #expect(whole.top(10).map { "\($0.0)=\($0.1)" } == ["a=3", "b=2", "c=1"])
        #expect(merged.top(10).map { "\($0.0)=\($0.1)" } == ["a=3", "b=2", "c=1"])
    }

    @Test func distinctNMatchesAPythonReference() throws {
        let texts = [
            "The cat sat on the mat.", "The dog sat on the log!", "A cat, a dog; the MAT.", "naïve café — crème brûlée",
            "numbers 12 12 and 3.5", "the cat sat on the mat and the cat sat",
        ]
        var stage = DiversitySummary()
        for (i, text) in texts.enumerated() {
            var r = Record(
                id: "\(i)", shape: .document, fields: ["text": .string(text)],
                provenance: Provenance(source: "t", domain: "t", task: "t", generatorVersion: "1", seed: 0, shard: 0, index: i))
            _ = stage.process(&r)
        }
        // The reference: tokens are runs of ASCII letters/digits or non-ASCII characters, lower-cased;
        // bigrams do not cross records.
        let reference = try Processes.python(
            """
            import re, sys, json
            texts = json.loads(sys.argv[1])
            toks = [re.findall(r"[a-z0-9\\u0080-\\U0010ffff]+", t.lower()) for t in texts]
            uni = [w for t in toks for w in t]
            bi = [(t[i], t[i+1]) for t in toks for i in range(len(t) - 1)]
            tri = [(t[i], t[i+1], t[i+2]) for t in toks for i in range(len(t) - 2)]
            print(len(set(uni)) / len(uni), len(set(bi)) / len(bi), len(set(tri)) / len(tri))
            """, [String(decoding: try JSONSerialization.data(withJSONObject: texts), as: UTF8.self)])
        let figures = reference.split(separator: " ").map { Double($0.trimmingCharacters(in: .whitespacesAndNewlines))! }
        #expect(abs(stage.distinct1 - figures[0]) < 1e-12)
        #expect(abs(stage.distinct2 - figures[1]) < 1e-12)
        #expect(abs(stage.distinct3 - figures[2]) < 1e-12)
    }
}
