import PropertyBased
import SynthCore
import Testing

@testable import SynthGenerators

private func document(_ text: String) -> Record {
    Record(
        id: "doc-1", shape: .document, fields: ["text": .string(text), "metadata": .object([:])],
        provenance: Provenance(source: "test", domain: "d", task: "t", generatorVersion: "1", seed: 1, shard: 0, index: 0))
}

private func words(_ record: Record) -> [String] {
    TextPieces(record.fields["text"]!.stringValue!).pieces.filter { $0.kind == .word }.map(\.text)
}

private func augmented(_ operation: any AugmentOperation, _ record: Record, seed: UInt64 = 5) async throws -> Record {
    var random = SeededRandom(seed: seed)
    return try await operation.augment(record, random: &random)
}

/// True when `part` can be had from `whole` by dropping elements.
private func isSubsequence(_ part: [String], of whole: [String]) -> Bool {
    var rest = whole[...]
    for word in part {
        guard let i = rest.firstIndex(of: word) else { return false }
        rest = rest[(i + 1)...]
    }
    return true
}

/// Optimal string alignment distance: edits, with a transposition of neighbours as one edit.
private func typoDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in stride(from: 1, through: a.count, by: 1) {
        for j in stride(from: 1, through: b.count, by: 1) {
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
        }
    }
    return d[a.count][b.count]
}

private let sentence = document("The customer bought a small phone and asked a quick question about the bill, which was 42 dollars.")

@Suite struct AugmentOperationTests {
    @Test func synonymReplacementSwapsWordsForSynonymsInPlace() async throws {
        let before = words(sentence)
        let after = words(try await augmented(SynonymReplacement(alpha: 0.2), sentence))
        #expect(after.count == before.count)
        let changed = zip(before, after).filter { $0 != $1 }
        #expect(changed.count == 3)  // 0.2 × 16 words, rounded
        for (old, new) in changed {
            #expect(Lexicon.builtin.synonyms[old.lowercased()]?.contains(new.lowercased()) == true, "\(old) → \(new)")
        }
    }

    @Test func randomInsertionAddsSynonymsOfTheTextsWords() async throws {
        let before = words(sentence)
        let after = words(try await augmented(RandomInsertion(alpha: 0.1), sentence))
        #expect(after.count == before.count + 2)
        #expect(isSubsequence(before, of: after))
        let pool = Set(before.flatMap { Lexicon.builtin.synonyms[$0.lowercased()] ?? [] })
        var extra = after
        for word in before { extra.remove(at: extra.firstIndex(of: word)!) }
        #expect(extra.allSatisfy { pool.contains($0) }, "\(extra)")
    }

    @Test func randomSwapKeepsTheWordsAndMovesSome() async throws {
        let before = words(sentence)
        let after = words(try await augmented(RandomSwap(alpha: 0.1), sentence))
        #expect(after.sorted() == before.sorted())
        #expect(after != before)
    }

    @Test func randomDeletionDropsWordsAndKeepsTheRestInOrder() async throws {
        let before = words(sentence)
        let text = try await augmented(RandomDeletion(alpha: 0.3), sentence)
        let after = words(text)
        #expect(after.count < before.count && !after.isEmpty)
        #expect(isSubsequence(after, of: before))
        #expect(text.fields["text"]!.stringValue!.contains("42"))
        #expect(!text.fields["text"]!.stringValue!.contains("  "))
        let one = try await augmented(RandomDeletion(alpha: 1), document("Hello world"))
        #expect(words(one).count == 1)
    }

    @Test func typosAreOneKeyboardSlipPerWord() async throws {
        let before = words(sentence)
        let after = words(try await augmented(TypoNoise(alpha: 0.3), sentence))
        #expect(after.count == before.count)
        let changed = zip(before, after).filter { $0 != $1 }
        #expect(!changed.isEmpty)
        for (old, new) in changed { #expect(typoDistance(old, new) == 1, "\(old) → \(new)") }
        #expect(TypoNoise.neighbours["s"]?.sorted() == ["a", "d", "e", "w", "x", "z"])
        #expect(TypoNoise.neighbours["p"]?.sorted() == ["l", "o"])
    }

    @Test func entitySwapRenamesTheSameNameTheSameWayEverywhere() async throws {
        let record = document("Mary met Chen in Chicago. Mary paid, and Chen flew home from Chicago.")
        let text = try await augmented(EntitySwap(), record).fields["text"]!.stringValue!
        let after = TextPieces(text).pieces.filter { $0.kind == .word }.map(\.text)
        let (mary, chen, chicago) = (after[0], after[2], after[4])
        #expect(mary != "Mary" && chen != "Chen" && chicago != "Chicago")
        #expect(text == "\(mary) met \(chen) in \(chicago). \(mary) paid, and \(chen) flew home from \(chicago).")
        #expect(Lexicon.builtin.nameClasses[0].contains(mary))
        #expect(Lexicon.builtin.nameClasses[1].contains(chen))
        #expect(Lexicon.builtin.nameClasses[2].contains(chicago))
    }

    @Test func nerSpansMoveWithEditsAndAreNeverCut() async throws {
        let text = "Yesterday Maria Lopez quickly bought a new car in Denver for her big family."
        let entities: [Value] = [
            .object(["start": .int(10), "end": .int(21), "type": .string("PERSON"), "text": .string("Maria Lopez")]),
            .object(["start": .int(50), "end": .int(56), "type": .string("CITY"), "text": .string("Denver")]),
        ]
        let record = Record(
            id: "n", shape: .ner, fields: ["text": .string(text), "entities": .array(entities), "metadata": .object([:])],
            provenance: sentence.provenance)
        #expect(record.shape.violation(in: record.fields) == nil)
        let inserted = try await augmented(RandomInsertion(alpha: 0.3), record)
        #expect(inserted.shape.violation(in: inserted.fields) == nil)
        #expect(inserted.fields["entities"]!.arrayValue!.map { $0.objectValue!["text"]! } == [.string("Maria Lopez"), .string("Denver")])
        #expect(inserted.fields["text"] != record.fields["text"])
        let swapped = try await augmented(EntitySwap(), record)
        #expect(swapped.shape.violation(in: swapped.fields) == nil)
        #expect(swapped.fields["entities"]!.arrayValue![1].objectValue!["text"] != .string("Denver"))
    }
}
