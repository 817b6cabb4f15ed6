import SynthCore
import SynthLLM
import SynthRuntime
import Testing

@Suite struct PreferenceTests {
    static let good = "A careful, correct answer."
    static let poor = "whatever"

    /// Answers well at the template's temperature (0.8) and carelessly at a higher one.
    static func responder() -> ScriptedProvider {
        ScriptedProvider { request in json(["text": .string((request.parameters.temperature ?? 0) > 1 ? poor : good)]) }
    }

    /// A judge answering `label(responseA, responseB)`.
    static func judge(_ label: @escaping @Sendable (String, String) -> String) -> ScriptedProvider {
        ScriptedProvider("judge") { request in
            let a = request.between("[Response A]\n", "\n\n[Response B]") ?? ""
            let b = request.between("[Response B]\n", "\n\nWhich") ?? ""
            return json(["text": .string("Because."), "label": .string(label(a, b))])
        }
    }

    @Test func aFairJudgePicksTheBetterResponseInBothOrders() async throws {
        var opts = options(Self.responder())
        let judge = Self.judge { a, _ in a == Self.good ? "A" : "B" }
        opts.judge = ModelChoice(judge, model: "judge-model")
        let (records, dropped, _) = try await run("preference", count: 4, options: opts)
        #expect(records.count == 4 && dropped.isEmpty)
        for record in records {
            #expect(record.shape.violation(in: record.fields) == nil)
            #expect(record.fields["chosen"] == .string(Self.good))
            #expect(record.fields["rejected"] == .string(Self.poor))
            #expect(record.provenance.extra["chosen_response"] == .string("first"))
            #expect(record.provenance.extra["judge_reason"] == .string("Because."))
            #expect(record.provenance.extra["requests"] == .int(4))
        }
        let firstShown = judge.requests.map { $0.between("[Response A]\n", "\n\n[Response B]") }
        #expect(
            firstShown.filter { $0 == Self.good }.count == 4 && firstShown.filter { $0 == Self.poor }.count == 4,
            "each pair is judged in both orders")
        #expect(judge.requests.allSatisfy { $0.model == "judge-model" })
    }

    @Test(arguments: [("A", "judge verdict flips with the order"), ("tie", "judge found a tie")])
    func aJudgeThatFollowsThePositionOrTiesKeepsNothing(label: String, reason: String) async throws {
        var opts = options(Self.responder())
        opts.judge = ModelChoice(Self.judge { _, _ in label }, model: "judge-model")
        let error = await #expect(throws: SynthError.self) { try await run("preference", count: 2, options: opts, shardSize: 2) }
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
    }

    @Test func aRivalModelGivesTheSecondResponseAndCanWin() async throws {
        let rival = ScriptedProvider("rival") { _ in json(["text": .string(Self.good)]) }
        var opts = options(ScriptedProvider { _ in json(["text": .string(Self.poor)]) })
        opts.rival = ModelChoice(rival, model: "rival-model")
        opts.judge = ModelChoice(Self.judge { a, _ in a == Self.good ? "A" : "B" }, model: "judge-model")
        let (records, _, _) = try await run("preference", count: 2, options: opts, shardSize: 2)
        #expect(records.map { $0.fields["chosen"] } == [.string(Self.good), .string(Self.good)])
        #expect(records.map { $0.fields["rejected"] } == [.string(Self.poor), .string(Self.poor)])
        #expect(records.allSatisfy { $0.provenance.extra["chosen_response"] == .string("second") })
        #expect(records.allSatisfy { $0.provenance.extra["rival_model"] == .string("rival-model") })
        #expect(rival.requests.count == 2 && rival.requests.allSatisfy { $0.parameters.temperature == 0.8 })
    }
}
