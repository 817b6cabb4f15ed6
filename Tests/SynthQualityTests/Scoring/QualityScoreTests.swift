import SynthCore
import SynthQuality
import Testing

@Suite struct QualityScoreTests {
    private func document(_ text: String) -> Record {
        Record(
            id: "r", shape: .document, fields: ["text": .string(text)],
            provenance: Provenance(source: "test", domain: "", task: "", generatorVersion: "", seed: 0, shard: 0, index: 0))
    }

    private let clean = "The patient reported mild chest pain after climbing two flights of stairs and was advised to rest."

    @Test func cleanVariedTextScoresOneWithNoIssues() {
        let score = QualityScore(of: document(clean))
        #expect(score.value == 1)
        #expect(score.issues.isEmpty)
    }

    @Test func shortTextScoresItsShareOfFiveWords() {
        let score = QualityScore(of: document("Pain after stairs."))
        #expect(abs(score.value - 0.6) < 1e-12)
        #expect(score.issues == ["short: 3 words"])
    }

    @Test func aTextStuckInALoopScoresZero() {
        let looped = String(repeating: "I am sorry, I cannot help with that. ", count: 30)
        let score = QualityScore(of: document(looped))
        #expect(score.value == 0)
        #expect(score.issues.count == 1)
        #expect(score.issues[0].hasPrefix("repetitive: 97% of word 3-grams repeat"))
    }

    @Test func garbledCharactersCostTenTimesTheirShare() {
        // 100 scalars, 3 of them replacement characters: 1 − 10 × 0.03 = 0.7.
        let text = String(clean.unicodeScalars.prefix(97)) + "\u{FFFD}\u{FFFD}\u{FFFD}"
        let score = QualityScore(of: document(text))
        #expect(abs(score.value - 0.7) < 1e-9)
        #expect(score.issues == ["garbled: 3% of characters"])
    }

    @Test func factorsMultiply() {
        let score = QualityScore(of: document("Pain after stairs."), toxicity: 0.5)
        #expect(abs(score.value - 0.3) < 1e-12)
        #expect(score.issues == ["short: 3 words", "toxic: 0.50"])
    }

    @Test func anEmptyMessageCostsItsShareOfTheConversation() {
        let messages: [Value] = [
            .object(["role": .string("user"), "content": .string("My card was charged twice for the same order last Tuesday.")]),
            .object(["role": .string("assistant"), "content": .string("")]),
            .object(["role": .string("user"), "content": .string("Can you refund one of the two charges to my card please?")]),
            .object([
                "role": .string("assistant"), "content": .string("I have refunded the duplicate charge; it will show within five days."),
            ]),
        ]
        let record = Record(
            id: "c", shape: .conversation, fields: ["messages": .array(messages)],
            provenance: Provenance(source: "test", domain: "", task: "", generatorVersion: "", seed: 0, shard: 0, index: 0))
        let score = QualityScore(of: record)
        #expect(score.value == 0.75)
        #expect(score.issues == ["empty: messages[1]"])
    }

    @Test func theGateDropsBelowItsThresholdAndRecordsTheScore() {
        var low = document("Pain after stairs.")
        #expect(QualityGate(threshold: 0.85).process(&low) == .drop(reason: "low quality"))
        #expect(low.provenance.extra["quality"] == .double(0.6))
        #expect(low.provenance.extra["quality_issues"] == .array([.string("short: 3 words")]))
        var good = document(clean)
        #expect(QualityGate(threshold: 0.85).process(&good) == .keep)
        #expect(good.provenance.extra["quality"] == .double(1))
        #expect(good.provenance.extra["quality_issues"] == nil)
        // Without a threshold it scores and keeps everything.
        var kept = document("Pain after stairs.")
        #expect(QualityGate().process(&kept) == .keep)
    }

    @Test func theGateUsesTheToxicityStagesScore() {
        var record = document(clean)
        record.provenance.extra["toxicity"] = .double(0.9)
        #expect(QualityGate(threshold: 0.5).process(&record) == .drop(reason: "low quality"))
        #expect(record.provenance.extra["quality"] == .double(0.1))
    }
}
