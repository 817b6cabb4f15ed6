import SynthCore
import SynthQuality
import Testing

@Suite struct RougeLPoolTests {
    @Test func highestFIsTheBestRougeLOfThePoolWhateverItSkips() {
        var random = SeededRandom(seed: 3)
        let words = ["the", "cat", "sat", "on", "a", "mat", "Dog", "ran", "İt", "2024", "—", "cat's"]
        func text() -> String { (0..<random.int(in: 0, 9)).map { _ in words[random.below(words.count)] }.joined(separator: " ") }
        var texts: [String] = []
        var pool = RougeLPool()
        for _ in 0..<300 {
            let query = text()
            let expected = texts.map { Rouge().score(target: $0, prediction: query).rougeL.fMeasure }.max() ?? 0
            #expect(pool.highestF(query) == expected, "\(query.debugDescription)")
            texts.append(query)
            pool.append(query)
        }
        #expect(pool.count == 300)
    }
}
