import Foundation
import SynthCore
import SynthQuality
import Testing

@Suite struct NGramOverlapIndexTests {
    /// Forty distinct words, w0 … w39, with punctuation and capitals here and there.
    static let reference = (0..<40).map { i in i % 7 == 0 ? "W\(i)," : "w\(i)" }.joined(separator: " ")

    @Test func aCopiedPassageOfTwentyWordsMatchesItsEightThirteenGrams() throws {
        var index = NGramOverlapIndex(n: 13)
        index.add(Self.reference)
        // 10 own words, words w5 … w24 of the reference (in other case and punctuation), 10 own words.
        let copied = (5..<25).map { "w\($0)" }.joined(separator: " ")
        let own = (0..<10).map { "own\($0)" }
        let text = own.joined(separator: " ") + " " + copied.uppercased() + ". " + own.joined(separator: " ")
        let overlap = index.overlap(of: text)
        #expect(overlap.ngrams == 40 - 13 + 1)
        #expect(overlap.matched == 20 - 13 + 1)
        #expect(abs(overlap.fraction - 8.0 / 28.0) < 1e-12)
        #expect(!overlap.exact)
        #expect(overlap.passage == copied.uppercased())
        #expect(index.ngramCount == 28 && index.textCount == 1)
    }

    @Test func aWholeCopyMatchesEveryNGramAndIsExact() {
        var index = NGramOverlapIndex(n: 8)
        index.add(Self.reference)
        let overlap = index.overlap(of: Self.reference.lowercased().replacingOccurrences(of: ",", with: ""))
        #expect(overlap.exact && overlap.matched == 33 && overlap.ngrams == 33 && overlap.fraction == 1)
    }

    @Test func theLongestRunOfMatchedNGramsIsThePassage() {
        var index = NGramOverlapIndex(n: 3)
        index.add("alpha beta gamma delta epsilon zeta eta theta")
        let overlap = index.overlap(of: "Alpha beta gamma! x y Delta epsilon zeta eta z")
        // "alpha beta gamma" (1 gram) and "delta epsilon zeta eta" (2 grams).
        #expect(overlap.matched == 3 && overlap.ngrams == 8)
        #expect(overlap.passage == "Delta epsilon zeta eta")
    }

    @Test func textsShorterThanNWordsMatchOnlyWhole() {
        var index = NGramOverlapIndex(n: 13)
        index.add("Thank you for your order.")
        let same = index.overlap(of: "thank you, for your ORDER")
        #expect(same == NGramOverlap(ngrams: 1, matched: 1, exact: true, passage: "thank you, for your ORDER"))
        #expect(index.overlap(of: "Thank you for your order today.") == NGramOverlap(ngrams: 1, matched: 0, exact: false, passage: nil))
        let longer = index.overlap(of: "Thank you for your order. It ships on Monday from our warehouse in the north of the city.")
        #expect(longer.matched == 0 && longer.ngrams == 18 - 13 + 1 && !longer.exact)
        #expect(index.ngramCount == 0)
    }

    @Test func textsWithoutWordsNeitherAddNorMatch() {
        var index = NGramOverlapIndex(n: 2)
        index.add("")
        index.add("?! ...")
        #expect(index.overlap(of: "") == NGramOverlap(ngrams: 0, matched: 0, exact: false, passage: nil))
        #expect(index.overlap(of: "--").fraction == 0)
        #expect(index.textCount == 2 && index.ngramCount == 0)
    }

    @Test func matchedCountsAgreeWithASetOfWordTuplesOnARandomCorpus() {
        // Enough texts that the table grows many times; short vocabulary so n-grams recur.
        var random = SeededRandom(seed: 11)
        func text() -> String {
            (0..<(5 + random.below(60))).map { _ in "v\(random.below(40))" + ["", "", ",", "."][random.below(4)] }.joined(separator: " ")
        }
        let n = 4
        var index = NGramOverlapIndex(n: n)
        var tuples = Set<[String]>()
        for _ in 0..<3000 {
            let reference = text()
            index.add(reference)
            let words = WordTokens.tokens(in: reference)
            if words.count >= n { for i in 0...(words.count - n) { tuples.insert(Array(words[i..<i + n])) } }
        }
        #expect(index.ngramCount == tuples.count)
        for _ in 0..<300 {
            let query = text()
            let words = WordTokens.tokens(in: query)
            let expected = words.count < n ? nil : (0...(words.count - n)).filter { tuples.contains(Array(words[$0..<$0 + n])) }.count
            let overlap = index.overlap(of: query)
            if let expected { #expect(overlap.matched == expected && overlap.ngrams == words.count - n + 1) }
        }
    }

    @Test func wordSpansCutTheTextIntoTheSameTokensAndHashes() {
        let text = "Naïve CAFÉ—crème, 3.5 x-ray  東京は晴れ!end"
        var hashes: [UInt64] = []
        WordTokens.forEachHash(in: text) { hashes.append($0) }
        var spanHashes: [UInt64] = []
        var pieces: [String] = []
        let bytes = Array(text.utf8)
        WordTokens.forEachSpan(in: text) { hash, span in
            spanHashes.append(hash)
            pieces.append(String(decoding: bytes[span], as: UTF8.self).lowercased())
        }
        #expect(spanHashes == hashes)
        #expect(pieces == WordTokens.tokens(in: text).map { $0.lowercased() })
    }
}
