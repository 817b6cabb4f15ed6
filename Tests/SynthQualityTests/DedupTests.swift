import SynthCore
import SynthQuality
import Testing

@Suite struct DedupTests {
    private func record(_ text: String, shape: TaskShape = .document) -> Record {
        Record(
            id: text, shape: shape, fields: ["text": .string(text)],
            provenance: Provenance(source: "t", domain: "t", task: "t", generatorVersion: "1", seed: 0, shard: 0, index: 0))
    }

    @Test func fingerprintIgnoresCasePunctuationAndSpacing() {
        let base = TextFingerprint.of("The patient is stable.")
        #expect(TextFingerprint.of("the   patient is STABLE") == base)
        #expect(TextFingerprint.of(" The patient, is stable!\n") == base)
        #expect(TextFingerprint.of("The patient is unstable.") != base)
        #expect(TextFingerprint.of("Thepatient is stable.") != base)
    }

    @Test func exactDedupKeepsTheFirstAndDropsLaterCopies() {
        var stage = ExactDedup()
        var verdicts: [Verdict] = []
        for text in ["Alpha beta.", "alpha  BETA", "Gamma.", "Alpha beta!"] {
            var r = record(text)
            verdicts.append(stage.process(&r))
        }
        #expect(verdicts == [.keep, .drop(reason: "exact duplicate"), .keep, .drop(reason: "exact duplicate")])
        #expect(stage.report()["dropped"] == 2)
        #expect(stage.report()["distinct"] == 2)
    }

    @Test func conversationsAreComparedByTheirMessages() {
        var stage = ExactDedup()
        func chat(_ a: String, _ b: String) -> Record {
            var r = record("", shape: .conversation)
            r.fields = ["messages": .array([a, b].map { .object(["role": .string("user"), "content": .string($0)]) })]
            return r
        }
        var one = chat("hi", "there")
        var same = chat("Hi", "there.")
        var other = chat("hi", "where")
        #expect(stage.process(&one) == .keep)
        #expect(stage.process(&same) == .drop(reason: "exact duplicate"))
        #expect(stage.process(&other) == .keep)
    }
}
