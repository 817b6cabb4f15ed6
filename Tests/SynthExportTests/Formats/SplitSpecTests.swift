import SynthCore
import SynthExport
import Testing

@Suite struct SplitSpecTests {
    @Test func parsesNamesAndShares() throws {
        let spec = try SplitSpec(parsing: "train=0.8,validation=0.1,test=0.1")
        #expect(spec.names == ["train", "validation", "test"])
        #expect(spec.proportions == [0.8, 0.1, 0.1])
    }

    @Test(arguments: [
        ("train=0.8,test=0.1", "the --split shares must sum to 1, but 0.8 + 0.1 = 0.9"),
        (
            "train=0.8;test=0.2",
            "--split takes name=share pairs separated by commas, such as train=0.8,validation=0.1,test=0.1; got 'train=0.8;test=0.2'"
        ),
        ("train=0.5,train=0.5", "split 'train' is named twice in --split"),
        ("tr-ain=1", "split name 'tr-ain' must be letters, digits and _ only, such as train=0.8,validation=0.1,test=0.1"),
        ("train=0,test=1", "split 'train' needs a share above 0 and at most 1, got '0'"),
        ("train=lots", "split 'train' needs a share above 0 and at most 1, got 'lots'"),
    ])
    func badSpecsNameTheProblem(text: String, message: String) {
        #expect(throws: SynthError(.invalidArgument, message)) { try SplitSpec(parsing: text) }
    }

    @Test(arguments: [0, 1, 2, 7, 10, 99, 1001])
    func countsAreWithinOneOfTheExactShareAndAddUp(n: Int) throws {
        let spec = try SplitSpec(parsing: "train=0.7,validation=0.2,test=0.1")
        let counts = spec.counts(of: n)
        #expect(counts.reduce(0, +) == n)
        for (count, share) in zip(counts, spec.proportions) { #expect(abs(Double(count) - share * Double(n)) < 1) }
    }

    private func hashes(_ n: Int) -> [UInt64] { (0..<n).map { stableHash("record-\($0)") } }

    @Test func theSameIdsAndSeedGiveTheSameSplitsWhateverTheOrder() throws {
        let spec = try SplitSpec(parsing: "train=0.8,validation=0.1,test=0.1")
        let ids = hashes(500)
        let a = spec.assign(idHashes: ids, strata: Array(repeating: 0, count: 500), seed: 1)
        #expect(a == spec.assign(idHashes: ids, strata: Array(repeating: 0, count: 500), seed: 1))
        let reversed = spec.assign(idHashes: ids.reversed(), strata: Array(repeating: 0, count: 500), seed: 1)
        #expect(Array(reversed.reversed()) == a)
        #expect(a != spec.assign(idHashes: ids, strata: Array(repeating: 0, count: 500), seed: 2))
        #expect([0, 1, 2].map { s in a.filter { $0 == s }.count } == [400, 50, 50])
    }

    @Test func eachStratumIsSplitInProportion() throws {
        let spec = try SplitSpec(parsing: "train=0.8,validation=0.1,test=0.1")
        // Three strata of 90, 25 and 7 records.
        let strata = Array(repeating: 0, count: 90) + Array(repeating: 1, count: 25) + Array(repeating: 2, count: 7)
        let assignment = spec.assign(idHashes: hashes(strata.count), strata: strata, seed: 3)
        for stratum in 0..<3 {
            let members = strata.indices.filter { strata[$0] == stratum }
            let counts = (0..<3).map { s in members.filter { assignment[$0] == s }.count }
            #expect(counts == spec.counts(of: members.count), "stratum \(stratum)")
        }
    }
}
