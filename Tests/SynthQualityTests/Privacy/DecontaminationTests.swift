import SynthCore
import SynthQuality
import Testing

@Suite struct DecontaminationTests {
    static let evaluation = [
        "Question: A train leaves the station at 9 am travelling at 60 miles per hour; a second train leaves at 10 am at 80 miles per hour. When does the second catch up?",
        "Which planet has the most moons?",
    ]

    static var index: NGramOverlapIndex {
        var index = NGramOverlapIndex(n: 13)
        for text in evaluation { index.add(text) }
        return index
    }

    static func record(_ text: String) -> Record {
        Record(
            id: "r", shape: .document, fields: ["text": .string(text)],
            provenance: Provenance(source: "test", domain: "d", task: "t", generatorVersion: "1", seed: 0, shard: 0, index: 0))
    }

    @Test func aPlantedEvaluationPassageIsDroppedAsContaminated() {
        // Fourteen words of the first question (two 13-grams), in another case and with other punctuation.
        var record = Self.record(
            "Practice problem. A TRAIN leaves the station at 9 am, travelling at 60 miles per hour - work out the rest yourself.")
        #expect(Decontamination(index: Self.index).process(&record) == .drop(reason: "contaminated"))
        #expect(record.provenance.extra["contamination"] == .int(2))
    }

    @Test func aCleanRecordIsKeptUnmarked() {
        var record = Self.record(
            "A train left the depot in the morning and reached the coast by noon, where the passengers had lunch by the sea.")
        #expect(Decontamination(index: Self.index).process(&record) == .keep)
        #expect(record.provenance.extra["contamination"] == nil)
    }

    @Test func flaggingKeepsTheRecordAndAShortEvaluationTextMatchesWhole() {
        let flag = Decontamination(index: Self.index, drop: false)
        var copy = Self.record("which planet has the most moons")
        #expect(flag.process(&copy) == .keep)
        #expect(copy.provenance.extra["contamination"] == .int(1))
        // A short evaluation text inside a longer record is below the 13-word rule (documented).
        var inside = Self.record("Which planet has the most moons? Saturn, with well over a hundred confirmed so far.")
        #expect(flag.process(&inside) == .keep)
        #expect(inside.provenance.extra["contamination"] == nil)
    }

    @Test func aWholeCopiedEvaluationItemCountsAllItsNGrams() {
        var record = Self.record("Here is a task for you. " + Self.evaluation[0])
        #expect(Decontamination(index: Self.index).process(&record) == .drop(reason: "contaminated"))
        let words = WordTokens.tokens(in: Self.evaluation[0]).count
        #expect(record.provenance.extra["contamination"] == .int(words - 13 + 1))
    }
}
