import SynthCore
import SynthQuality
import Testing

@Suite struct MemorizationTests {
    static let references = [
        "The patient, a 54-year-old teacher from Leeds, reported three weeks of chest pain on exertion and was referred to cardiology for an exercise test.",
        "Your refund of 42 dollars was issued to the card ending 1881 and should appear on your statement within five to seven working days.",
        "Short reference text.",
    ]

    static func record(_ text: String, index: Int = 0) -> Record {
        Record(
            id: "r\(index)", shape: .document, fields: ["text": .string(text)],
            provenance: Provenance(source: "test", domain: "d", task: "t", generatorVersion: "1", seed: 0, shard: 0, index: index))
    }

    static var index: NGramOverlapIndex {
        var index = NGramOverlapIndex()
        for text in references { index.add(text) }
        return index
    }

    @Test func anExactCopyIsDroppedAsMemorized() {
        let check = MemorizationCheck(index: Self.index)
        var long = Self.record(Self.references[0].uppercased())
        #expect(check.process(&long) == .drop(reason: "memorized"))
        #expect(long.provenance.extra["memorization"] == .double(1))
        var short = Self.record("short reference text")
        #expect(check.process(&short) == .drop(reason: "memorized"))
        #expect(short.provenance.extra["memorization"] == .double(1))
    }

    @Test func aRecordAboveTheLimitIsDroppedAndOneBelowItKeptWithItsOverlap() {
        let check = MemorizationCheck(index: Self.index)
        // 22 words, 10 13-grams, of which the 8 inside the 20 copied words match: 0.8.
        var heavy = Self.record(
            "Note: a 54-year-old teacher from Leeds reported three weeks of chest pain on exertion and was referred to cardiology today.")
        #expect(check.process(&heavy) == .drop(reason: "memorized"))
        #expect(heavy.provenance.extra["memorization"] == .double(0.8))
        // The same 20 words in a record of 100 words: 8 of 88 13-grams, 0.091.
        let filler = (0..<80).map { "filler\($0)" }.joined(separator: " ")
        var light = Self.record(
            "a 54-year-old teacher from Leeds reported three weeks of chest pain on exertion and was referred to cardiology " + filler)
        #expect(check.process(&light) == .keep)
        #expect(light.provenance.extra["memorization"] == .double(0.091))
        var strict = light
        #expect(MemorizationCheck(index: Self.index, limit: 0.05).process(&strict) == .drop(reason: "memorized"))
    }

    @Test func aCleanRecordIsKeptWithNoProvenanceFigure() {
        var clean = Self.record(
            "The committee approved the new budget for the library after a long debate about opening hours and staffing.")
        #expect(MemorizationCheck(index: Self.index).process(&clean) == .keep)
        #expect(clean.provenance.extra["memorization"] == nil)
    }

    @Test func theSummaryCountsRatesAndKeepsTheWorstRecordsWithTheirPassages() {
        let check = MemorizationCheck(index: Self.index)
        let texts = [
            "Nothing here is copied from anywhere at all, it is written fresh for this one test of the summary.",
            Self.references[1],
            "short reference text",
            "Refund: of 42 dollars was issued to the card ending 1881 and should appear on your statement, thanks, from the team at the shop.",
            "A different text that is also fresh and long enough to have several thirteen word grams in it for the test.",
        ]
        var summary = MemorizationSummary(check: check, keep: 2)
        for (i, text) in texts.enumerated() { summary.add(text, record: i) }
        #expect(summary.records == 5 && summary.exactMatches == 2 && summary.memorized == 3)
        #expect(abs(summary.exactMatchRate - 0.4) < 1e-12 && abs(summary.memorizedRate - 0.6) < 1e-12)
        // Record 3 copies 17 words (5 13-grams) and has 24 (12 13-grams).
        #expect(abs(summary.meanOverlap - (1 + 1 + 5.0 / 12.0) / 5) < 1e-12)
        // Two records at fraction 1: the earlier first.
        #expect(summary.worst.map(\.record) == [1, 2])
        #expect(summary.worst[1].overlap.passage == "short reference text")

        var halves = MemorizationSummary(check: check, keep: 2)
        var second = MemorizationSummary(check: check, keep: 2)
        for i in 0..<2 { halves.add(texts[i], record: i) }
        for i in 2..<5 { second.add(texts[i], record: i) }
        halves.merge(second)
        #expect(halves.records == summary.records && halves.memorized == summary.memorized)
        #expect(halves.worst == summary.worst && abs(halves.meanOverlap - summary.meanOverlap) < 1e-12)
        let third = check.index.overlap(of: texts[3])
        #expect(third.passage == "Refund: of 42 dollars was issued to the card ending 1881 and should appear on your statement")
    }

    @Test func theCheckGivesTheSameVerdictsFromManyTasksAtOnce() async {
        let check = MemorizationCheck(index: Self.index)
        let texts = (0..<64).map { i in
            i % 3 == 0 ? Self.references[i % 2] : "fresh text number \(i) with nothing copied in it at all, none."
        }
        let verdicts = await withTaskGroup(of: (Int, Verdict).self) { group in
            for (i, text) in texts.enumerated() {
                group.addTask {
                    var record = Self.record(text, index: i)
                    return (i, check.process(&record))
                }
            }
            var out = [Verdict](repeating: .keep, count: texts.count)
            for await (i, verdict) in group { out[i] = verdict }
            return out
        }
        #expect(verdicts == texts.indices.map { $0 % 3 == 0 ? .drop(reason: "memorized") : .keep })
    }
}
