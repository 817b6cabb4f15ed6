import SynthCore
import SynthQuality
import Testing

@Suite struct ToxicityTests {
    @Test(arguments: [
        ("You are a complete 1d10t and a l.o.s.e.r.", ["insult: idiot", "insult: loser"]),
        ("what a stuuuupid idea", ["insult: stupid"]),
        ("s h i t happens", ["obscenity: shit"]),
        ("I will find you. Watch your back.", ["threat: i will find you", "threat: watch your back"]),
        ("Those immigrants are vermin", ["insult: vermin"]),
        ("those muslims are vermin", ["identity_attack: muslims … vermin", "insult: vermin"]),
        ("Kill the process with SIGTERM, then restart it.", []),
        ("Scunthorpe and Essex are towns; the class passed the assessment.", []),
        ("Her daughter was born in Sussex.", []),
    ])
    func findsWhatTheLexiconListsInDisguiseAndNothingElse(text: String, expected: [String]) {
        let found = ToxicityScanner.scan(text).map { "\($0.category.rawValue): \($0.term)" }
        #expect(found == expected)
    }

    @Test func oneLookUpServesToxicityAndBias() {
        let text = "Those muslims are vermin, and the old women are lazy; I will find you."
        let words = LexiconWords(text)
        #expect(ToxicityScanner.scan(words) == ToxicityScanner.scan(text))
        var shared = BiasSummary()
        shared.add(words)
        var own = BiasSummary()
        own.add(text)
        #expect(shared.groups == own.groups && shared.groups.contains { $0.group == "old" && $0.negative == 1 })
    }

    @Test func scoresCombineByCategoryWeight() {
        #expect(ToxicityScanner.score([]) == 0)
        let one = ToxicityScanner.scan("damn")
        #expect(abs(ToxicityScanner.score(one) - 0.35) < 1e-12)
        let two = ToxicityScanner.scan("idiot and moron")
        #expect(abs(ToxicityScanner.score(two) - 0.75) < 1e-12)
        #expect(ToxicityScanner.score(ToxicityScanner.scan("I will kill you")) >= 0.9)
    }

    @Test func theFilterDropsAtItsThresholdAndFlagsBelow() {
        func record(_ text: String) -> Record {
            Record(
                id: "r", shape: .document, fields: ["text": .string(text)],
                provenance: Provenance(source: "t", domain: "t", task: "t", generatorVersion: "1", seed: 0, shard: 0, index: 0))
        }
        var mild = record("well, damn")
        #expect(ToxicityFilter(dropAt: 0.5).process(&mild) == .keep)
        #expect(mild.provenance.extra["toxicity"] == .double(0.35))
        var threat = record("I know where you live")
        #expect(ToxicityFilter(dropAt: 0.5).process(&threat) == .drop(reason: "toxic"))
        var flagged = record("I know where you live")
        #expect(ToxicityFilter(dropAt: nil).process(&flagged) == .keep)
        #expect(flagged.provenance.extra["toxicity_categories"] == .array([.string("threat")]))
    }

    @Test func biasCountsGroupsAndScoresBalance() {
        var bias = BiasSummary()
        bias.add("The women were brilliant. The men were brilliant too.")
        bias.add("She is helpful.")
        let female = bias.groups.first { $0.group == "female" }!
        let male = bias.groups.first { $0.group == "male" }!
        #expect(female.mentions == 2 && male.mentions == 1)
        #expect(female.positive == 2 && male.positive == 1 && female.negative == 0)
        // Shares 2/3 and 1/3: entropy 0.918 bits of a possible 1.
        #expect(abs(bias.balance(of: "gender")! - 0.9182958340544896) < 1e-12)
        #expect(bias.balance(of: "religion") == nil)
    }
}
