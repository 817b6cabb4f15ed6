import PropertyBased
import SynthCore
import Testing

@Suite struct PlanTests {
    @Test func plannedShardsCoverTheCountExactly() async {
        await propertyCheck(input: Gen.int(in: 1...100_000), Gen.int(in: 1...5000)) { count, shardSize in
            let plan = Plan(spec: GenerationSpec(domain: "d", task: "t", count: count, shardSize: shardSize))
            let sizes = (0..<plan.plannedShards).map { plan.shard($0).size }
            #expect(sizes.reduce(0, +) == count)
            #expect(sizes.allSatisfy { $0 > 0 && $0 <= shardSize })
        }
    }

    @Test func shardSeedsDependOnSeedDomainTaskAndIndexOnly() {
        let a = Plan(spec: GenerationSpec(domain: "medical", task: "notes", count: 10, seed: 7))
        let b = Plan(spec: GenerationSpec(domain: "medical", task: "notes", count: 99_999, seed: 7, format: .csv))
        #expect(a.shard(0).seed == b.shard(0).seed)
        #expect(a.shard(3).seed == b.shard(3).seed)
        #expect(a.shard(0).seed != a.shard(1).seed)
        let otherSeed = Plan(spec: GenerationSpec(domain: "medical", task: "notes", count: 10, seed: 8))
        let otherTask = Plan(spec: GenerationSpec(domain: "medical", task: "reports", count: 10, seed: 7))
        #expect(a.shard(0).seed != otherSeed.shard(0).seed)
        #expect(a.shard(0).seed != otherTask.shard(0).seed)
    }

    @Test func topUpShardsAreFullSize() {
        let plan = Plan(spec: GenerationSpec(domain: "d", task: "t", count: 2500, shardSize: 1000))
        #expect(plan.plannedShards == 3)
        #expect(plan.shard(2).size == 500)
        #expect(plan.shard(3).size == 1000)
    }

    @Test func invalidSpecsAreRejectedWithTheField() {
        #expect(throws: SynthError(.invalidSpec, "count must be a positive whole number, got 0")) {
            try GenerationSpec(domain: "d", task: "t", count: 0).validate()
        }
        #expect(throws: SynthError(.invalidSpec, "shard-size must be a positive whole number, got -1")) {
            try GenerationSpec(domain: "d", task: "t", shardSize: -1).validate()
        }
    }
}
