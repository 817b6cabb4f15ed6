import Foundation
import SynthCore
import SynthLLM
import SynthRuntime
import SynthTesting
import Testing

@Suite struct DocumentQATests {
    @Test func chunksPackWholeParagraphsAndOverlapByTrailingParagraphs() {
        let p = (1...5).map { n in String(repeating: Character(String(n)), count: [40, 40, 40, 90, 30][n - 1]) }
        let text = p.joined(separator: "\n\n  \n") + "\n"
        #expect(
            DocumentChunker.split(text, characters: 100, overlap: 45) == [
                p[0] + "\n\n" + p[1], p[1] + "\n\n" + p[2], p[3], p[4],
            ])
        #expect(DocumentChunker.split(text, characters: 100, overlap: 0) == [p[0] + "\n\n" + p[1], p[2], p[3], p[4]])
    }

    @Test func answersAreFoundIgnoringCaseAndSpacingAndTakenVerbatim() throws {
        let context = "Café au lait 🎉 costs\n  3 euros in Zürich.\nThe Eiffel Tower was completed in 1889."
        let span = try #require(AnswerSpan.locate("COSTS 3 euros in zürich", in: context))
        #expect(span.text == "costs\n  3 euros in Zürich")
        #expect(span.start == 15, "offsets count Unicode scalars: é and 🎉 are one each")
        let fields: Fields = [
            "context": .string(context), "question": .string("q"), "answer": .string(span.text), "answer_start": .int(span.start),
        ]
        #expect(TaskShape.qa.violation(in: fields) == nil)
        #expect(AnswerSpan.locate(" eiffel   tower ", in: context)?.text == "Eiffel Tower")
        #expect(AnswerSpan.locate("Berlin", in: context) == nil)
        #expect(AnswerSpan.locate("   ", in: context) == nil)
    }

    /// A folder with two documents and a file that is not one.
    func documents() throws -> String {
        let folder = try Processes.temporaryFolder()
        let a = """
            # Tides

            The Moon pulls the oceans toward it, which raises two bulges of water on opposite sides of the Earth.

            Most coasts see two high tides and two low tides every lunar day of about 24 hours and 50 minutes.
            """
        let b = "Honey never spoils when it is sealed, because its sugar content is high and its water content is low."
        try a.write(toFile: folder + "/a.md", atomically: true, encoding: .utf8)
        try b.write(toFile: folder + "/b.txt", atomically: true, encoding: .utf8)
        try "not a document".write(toFile: folder + "/c.pdf", atomically: true, encoding: .utf8)
        return folder
    }

    /// Answers with the chunk's last three words: verbatim, in upper case with doubled spaces, or a phrase the chunk lacks.
    static let provider = ScriptedProvider { request in
        let chunk = request.between("\"\"\"\n", "\n\"\"\"") ?? ""
        let words = chunk.split(whereSeparator: \.isWhitespace).suffix(3).map(String.init)
        let seed = request.parameters.seed ?? 0
        let answer =
            switch seed % 3 {
            case 0: "the colour of the sky on Mars"
            case 1: words.joined(separator: "  ").uppercased()
            default: words.joined(separator: " ")
            }
        return json(["context": .string(chunk), "question": .string("What is said last?"), "answer": .string(answer)])
    }

    @Test func answersAreVerbatimSpansOfTheirChunkAndOthersAreDropped() async throws {
        var opts = options(Self.provider)
        opts.documents = try documents()
        opts.chunkCharacters = 120
        opts.chunkOverlap = 0
        opts.questionsPerChunk = 2
        let chunks = try DocumentChunker.chunks(folder: opts.documents!, characters: 120, overlap: 0)
        #expect(chunks.map(\.file) == ["a.md", "a.md", "b.txt"], "the heading joins the first paragraph")
        let (records, dropped, summary) = try await run("qa", count: 10, options: opts)
        #expect(records.count == 10)
        for record in records {
            #expect(record.shape == .qa)
            #expect(record.shape.violation(in: record.fields) == nil)
            let context = try #require(record.fields["context"]?.stringValue)
            let answer = try #require(record.fields["answer"]?.stringValue)
            #expect(context.hasSuffix(answer), "the answer is the chunk's own text, in its own case")
            let chunk = chunks[record.provenance.index / 2 % chunks.count]
            #expect(context == chunk.text)
            #expect(record.fields["metadata"]?.objectValue?["file"] == .string(chunk.file))
        }
        #expect(!dropped.isEmpty && dropped.allSatisfy { $0.1 == "answer not in chunk" })
        #expect(summary.drops["answer not in chunk"] == dropped.count)
        #expect(
            Self.provider.requests.contains { ($0.parameters.seed ?? 0) % 3 == 1 }, "some answers differ from the chunk in case and spacing"
        )
    }

    @Test func qaNeedsADocumentsFolderWithDocuments() throws {
        let spec = GenerationSpec(domain: "recipes", task: "qa", count: 1)
        let recipe = try Recipes.named("qa")
        #expect(throws: SynthError.self) { try recipe.parts(for: spec, options: options(Self.provider)) }
        var opts = options(Self.provider)
        opts.documents = try Processes.temporaryFolder()
        let error = #expect(throws: SynthError.self) { try recipe.parts(for: spec, options: opts) }
        #expect(error?.message.contains("holds no non-empty .txt or .md file") == true)
    }
}
