import Foundation
import SynthCore
import SynthRuntime
import Testing

/// The recipe templates follow the template schema: its keys, a task shape, and every variable
/// used in the prompts declared with a sampler (and none declared but unused).
@Suite struct RecipeTemplateFileTests {
    static let files = ((try? FileManager.default.contentsOfDirectory(atPath: recipeTemplates)) ?? []).filter { $0.hasSuffix(".yaml") }
        .sorted()

    @Test func everyRecipeTemplateIsShipped() {
        let used = Set(Recipes.all.flatMap(\.templates) + ["judge_rubric_v1"])
        #expect(Set(Self.files.map { String($0.dropLast(5)) }) == used)
    }

    @Test(arguments: files)
    func templateFollowsTheSchema(file: String) throws {
        let text = try String(contentsOfFile: recipeTemplates + "/" + file, encoding: .utf8)
        let lines = text.components(separatedBy: "\n").filter { !$0.hasPrefix("#") }
        let keys = lines.compactMap { line -> String? in
            guard let first = line.first, first.isLetter, let colon = line.firstIndex(of: ":") else { return nil }
            return String(line[..<colon])
        }
        let allowed: Set = [
            "id", "version", "description", "domain", "task", "mode", "system", "user", "few_shot", "output", "parameters", "variables",
        ]
        #expect(Set(keys).isSubset(of: allowed), "\(file): unknown keys \(Set(keys).subtracting(allowed))")
        for required in ["id", "version", "description", "domain", "task", "user", "output"] {
            #expect(keys.contains(required), "\(file): no \(required)")
        }
        #expect(lines.contains("id: \(file.dropLast(5))"))
        let task = lines.first { $0.hasPrefix("task: ") }.map { String($0.dropFirst(6)) }
        #expect(task.flatMap(TaskShape.init(rawValue:)) != nil, "\(file): task \(task ?? "none")")
        let variablesStart = try #require(lines.firstIndex(of: "variables:"))
        let declared = Set(
            lines[(variablesStart + 1)...].prefix { $0.hasPrefix(" ") || $0.isEmpty }.compactMap { line -> String? in
                guard line.hasPrefix("  "), !line.hasPrefix("   "), let colon = line.firstIndex(of: ":") else { return nil }
                return line[..<colon].trimmingCharacters(in: .whitespaces)
            })
        let prompts = lines[..<variablesStart].joined(separator: "\n")
        var used: Set<String> = []
        var rest = Substring(prompts)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            used.insert(rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        #expect(!used.isEmpty && used == declared, "\(file): uses \(used.sorted()), declares \(declared.sorted())")
    }
}
