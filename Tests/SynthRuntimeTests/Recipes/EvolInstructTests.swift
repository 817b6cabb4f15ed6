import Foundation
import SynthCore
import SynthLLM
import SynthRuntime
import Testing

@Suite struct EvolInstructTests {
    /// In-depth rewrites add a constraint; in-breadth rewrites come back unchanged, so the elimination step removes them.
    static let provider = ScriptedProvider { request in
        let given = request.between("#Given Prompt#:\n", "\n\nThen answer") ?? ""
        let seed = request.parameters.seed ?? 0
        let evolved = request.userText.contains("Rewrite the #Given Prompt#") ? given + " Use at most \(seed % 90 + 10) words." : given
        return json(["instruction": .string(evolved), "input": .string(""), "output": .string("Here is a careful answer.")])
    }

    @Test func evolutionsChainOverTheRoundsAndTheEliminationStepStopsThem() async throws {
        var opts = options(Self.provider)
        opts.rounds = 3
        let (records, dropped, summary) = try await run("evol-instruct", count: 12, options: opts)
        #expect(records.count == 12)
        let unchanged = "evolution did not change the instruction"
        for record in records {
            #expect(record.shape.violation(in: record.fields) == nil)
            #expect(record.provenance.extra["recipe"] == .string("evol-instruct"))
            let evolutions = (record.provenance.extra["evolutions"]?.arrayValue ?? []).compactMap(\.stringValue)
            #expect(!evolutions.isEmpty && evolutions.allSatisfy { $0 != "breadth" }, "only in-depth evolutions survive here")
            if evolutions.count < 3 {
                #expect(record.provenance.extra["evol_eliminated"] == .string(unchanged), "a chain stops only at an elimination")
            }
            let seed = try #require(record.fields["metadata"]?.objectValue?["seed_instruction"]?.stringValue)
            let instruction = try #require(record.fields["instruction"]?.stringValue)
            #expect(instruction.hasPrefix(seed))
            #expect(instruction.components(separatedBy: " Use at most ").count == evolutions.count + 1, "one constraint per round")
        }
        #expect(records.contains { $0.provenance.extra["evol_eliminated"] != nil }, "some chains stop early")
        #expect(!dropped.isEmpty && dropped.allSatisfy { $0.1 == unchanged }, "a record whose first evolution fails is dropped")
        #expect(summary.drops == [unchanged: dropped.count])
    }

    @Test(arguments: [
        ("give three tips for staying HEALTHY", "Three tips, each with an example.", "evolution did not change the instruction"),
        ("#Rewritten Prompt#: Give three tips for staying healthy at work.", "Stand up hourly.", "evolution copies the prompt's words"),
        ("Give three tips for the given prompt about health.", "Stand up hourly.", "evolution copies the prompt's words"),
        ("Health tips?", "Stand up hourly.", "evolution is too short"),
        ("Give three tips for staying healthy at a desk job.", "  ", "evolution is too short"),
        ("Give three tips for staying healthy at a desk job.", "I'm sorry, but I cannot answer that.", "answer is a refusal"),
        (
            "Give three tips for staying healthy at a desk job.", "As an AI language model I cannot give medical advice.",
            "answer is a refusal"
        ),
    ])
    func eliminationDropsWhatItShould(instruction: String, output: String, reason: String) {
        let evolved: Fields = ["instruction": .string(instruction), "output": .string(output)]
        #expect(EvolElimination.reason(original: "Give three tips for staying healthy.", evolved: evolved) == reason)
    }

    @Test func eliminationKeepsARealEvolutionEvenWhenALongAnswerSaysSorry() {
        let long =
            "Sorry to hear your back hurts. " + Array(repeating: "Stand up and stretch every hour.", count: 20).joined(separator: " ")
        for output in ["Stand up every hour, drink water, and walk at lunch.", long] {
            let evolved: Fields = ["instruction": .string("Give three tips for staying healthy at a desk job."), "output": .string(output)]
            #expect(EvolElimination.reason(original: "Give three tips for staying healthy.", evolved: evolved) == nil)
        }
    }
}
