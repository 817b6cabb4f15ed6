import SynthCore

/// A corpus of random-word documents with planted near duplicates: copies of earlier documents
/// with a few words replaced.
struct NearDuplicateCorpus: Sendable {
    /// The documents, planted copies mixed in after their originals.
    var texts: [String] = []
    /// Each planted copy's (original, copy) indices.
    var planted: [(Int, Int)] = []

    init(originals: Int, copies: Int, words: ClosedRange<Int>, maxEdits: Int, seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let vocabulary = (0..<5_000).map { _ in String((0..<(4 + random.below(5))).map { _ in letters[random.below(26)] }) }
        var documents: [[String]] = []
        for n in 0..<(originals + copies) {
            // Copies are spread through the corpus, each after its original.
            if n > 10 && random.below(originals + copies) < copies && planted.count < copies {
                let original = random.below(documents.count)
                var words = documents[original]
                for _ in 0..<(1 + random.below(maxEdits)) { words[random.below(words.count)] = vocabulary[random.below(vocabulary.count)] }
                planted.append((original, documents.count))
                documents.append(words)
            } else {
                let count = words.lowerBound + random.below(words.count)
                documents.append((0..<count).map { _ in vocabulary[random.below(vocabulary.count)] })
            }
        }
        texts = documents.map { $0.joined(separator: " ") }
    }

    /// The true Jaccard index of two documents' shingle sets.
    static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        let shared = a.intersection(b).count
        return Double(shared) / Double(a.count + b.count - shared)
    }
}
