import Foundation
import LoopbackLLM
import SynthCore
import SynthRuntime
import SynthTesting
import Testing

/// Model runs through `LLMGeneration` against a model server on loopback.
@Suite struct LLMGenerationTests {
    private func spec(_ folder: String, count: Int, configure: (inout PartialSpec) throws -> Void) throws -> GenerationSpec {
        var partial = PartialSpec()
        partial.count = count
        partial.out = folder + "/out.jsonl"
        try configure(&partial)
        try LLMGeneration.complete(&partial)
        return try partial.resolved()
    }

    @Test func aRecipeRunsThroughTheSamePipelineAndNamesItselfInProvenance() async throws {
        try await LoopbackLLM.withServer { server in
            let folder = try Processes.temporaryFolder()
            let spec = try spec(folder, count: 12) {
                $0.provider = "local"
                $0.baseURL = server.baseURL
                $0.recipe = "self-instruct"
            }
            #expect(spec.domain == "general" && spec.task == "self-instruct" && spec.shardSize == LLMGeneration.shardSize)
            let outcome = try await LLMGeneration.run(spec, arguments: [], runsRoot: folder + "/runs")
            #expect(outcome.summary.written == 12 && !outcome.summary.isPartial)
            let lines = try String(contentsOfFile: spec.out, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 12)
            for line in lines {
                guard case .object(let record) = try JSONParser.parse(Array(line.utf8)) else { continue }
                #expect(TaskShape.instruction.violation(in: record) == nil)
                #expect(record["provenance"]?.objectValue?["recipe"]?.stringValue == "self-instruct")
            }
        }
    }

    @Test func aRecipeAndATemplateTogetherAreRefused() throws {
        var partial = PartialSpec()
        partial.provider = "local"
        partial.recipe = "qa"
        partial.templates = ["tech_support_v1"]
        #expect {
            try LLMGeneration.complete(&partial)
        } throws: { error in
            "\(error)".contains("--recipe brings its own templates")
        }
    }
}
