import SynthCore
import SynthQuality
import Testing

@Suite struct BiasFilterTests {
    private func document(_ text: String) -> Record {
        Record(
            id: "r", shape: .document, fields: ["text": .string(text)],
            provenance: Provenance(source: "test", domain: "", task: "", generatorVersion: "", seed: 0, shard: 0, index: 0))
    }

    @Test func flagsAGroupNearANegativeWordAndKeepsTheRecord() {
        var record = document("Everyone knows the women in that office are lazy and the men are rude.")
        #expect(BiasFilter(drops: false).process(&record) == .keep)
        #expect(record.provenance.extra["bias"] == .array([.string("female"), .string("male")]))
    }

    @Test func dropsWhenAskedAndLeavesNeutralMentionsAlone() {
        var biased = document("Muslims are dangerous, he said.")
        #expect(BiasFilter(drops: true).process(&biased) == .drop(reason: "identity group near negative words"))
        var neutral = document("She booked the flight for her mother and her brother on Tuesday.")
        #expect(BiasFilter(drops: true).process(&neutral) == .keep)
        #expect(neutral.provenance.extra["bias"] == nil)
        // Six or more words apart is not "near".
        var apart = document("The women arrived early and everyone agreed the catering was terrible.")
        #expect(BiasFilter(drops: true).process(&apart) == .keep)
    }
}
