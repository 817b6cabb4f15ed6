import Foundation
import SynthCore
import SynthLLM
import Testing

/// The templates in templates/: built into the binary, valid, renderable, and their examples make valid records.
@Suite struct ShippedTemplateTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyFileInTemplatesIsEmbeddedAndValid() throws {
        let folder = Self.repository.appendingPathComponent("templates")
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".yaml") }
        let shipped = try TemplateCatalog.shipped()
        #expect(Set(shipped.map(\.file)) == Set((files ?? []).map { "templates/\($0)" }))
        for file in files ?? [] {
            #expect(PromptTemplate.validate(path: folder.appendingPathComponent(file).path) == [])
        }
        let domains = Set(shipped.map(\.domain))
        #expect(
            domains == [
                "code", "cybersecurity", "ecommerce", "education", "financial", "hr", "insurance", "legal", "medical", "real-estate",
                "recipes", "support", "travel",
            ])
        #expect(try TemplateCatalog.template("tech_support_v1").file == "templates/support/tech_support_v1.yaml")
        #expect(try TemplateCatalog.template("consultation_v1").task == .conversation)
        #expect(Set(shipped.map(\.id)).count == shipped.count)
    }

    @Test func everyShippedTemplateRendersAndItsExamplesMakeValidRecords() async throws {
        for template in try TemplateCatalog.shipped() {
            let context = try await template.context()
            var random = SeededRandom(seed: 7)
            for _ in 0..<20 {
                let variables = try template.sampleVariables(random: &random, context: context)
                #expect(variables.keys == template.variables.map(\.name))
                let request = try template.request(model: "m", variables: variables)
                #expect(request.schema == template.output)
                let text: String
                switch request.prompt {
                case .chat(let messages):
                    #expect(messages.count == (template.system == nil ? 1 : 2) + 2 * template.fewShot.count)
                    text = messages.last?.content ?? ""
                case .text(let prompt):
                    #expect(prompt.hasSuffix("\n\(PromptTemplate.outputCue)"))
                    text = prompt
                }
                #expect(!text.contains("{{") && !text.contains("&quot;") && !text.contains("&amp;"), "\(template.id): \(text)")
            }
            for example in template.fewShot {
                let fields = try template.record(from: example.output, variables: example.variables)
                #expect(template.task.violation(in: fields) == nil)
                #expect(fields.keys == template.task.payloadFields)
                #expect(fields["metadata"] == .object(example.variables))
            }
        }
    }
}
