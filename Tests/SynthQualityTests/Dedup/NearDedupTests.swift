import SynthCore
import SynthQuality
import Testing

@Suite struct NearDedupTests {
    private func record(_ text: String, index: Int = 0) -> Record {
        Record(
            id: "\(index)", shape: .document, fields: ["text": .string(text)],
            provenance: Provenance(source: "t", domain: "t", task: "t", generatorVersion: "1", seed: 0, shard: 0, index: index))
    }

    private func verdicts(_ texts: [String], stage: inout NearDedup) -> [Verdict] {
        texts.enumerated().map { i, text in
            var r = record(text, index: i)
            return stage.process(&r)
        }
    }

    @Test func keepsTheFirstOfEachClusterAndDropsLaterNearCopies() {
        let base = (0..<60).map { "word\($0)" }
        var edited = base
        edited[30] = "changed"
        let other = (0..<60).map { "other\($0)" }
        let texts = [base, other, edited, base.reversed(), edited, other].map { $0.joined(separator: " ") }
        var stage = NearDedup()
        let drop = Verdict.drop(reason: "near duplicate")
        #expect(verdicts(texts, stage: &stage) == [.keep, .keep, drop, .keep, drop, drop])
        #expect(stage.report() == StageReport(stage: "near-dedup", figures: [("dropped", 3), ("clusters", 2)]))
    }

    @Test func textsWithoutWordsAreAlwaysKept() {
        var stage = NearDedup()
        #expect(verdicts(["", "...", ""], stage: &stage) == [.keep, .keep, .keep])
    }

    @Test func dropsWhatTheFinderClustersAndIsDeterministic() async {
        let corpus = NearDuplicateCorpus(originals: 800, copies: 200, words: 100...200, maxEdits: 3, seed: 3)
        let report = await NearDuplicateFinder().find(in: corpus.texts)
        let droppedByFinder = Set(report.clusters.flatMap { $0.dropFirst() })
        var first = NearDedup(expected: corpus.texts.count)
        var second = NearDedup()
        let a = verdicts(corpus.texts, stage: &first)
        let b = verdicts(corpus.texts, stage: &second)
        #expect(a == b)
        #expect(Set(a.indices.filter { a[$0] != .keep }) == droppedByFinder)
        #expect(first.report()["dropped"] == Double(report.dropped))
        #expect(first.report()["clusters"] == Double(report.clusters.count))
        #expect(report.dropped > 100)
    }
}
