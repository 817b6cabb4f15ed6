import SynthCore
import SynthLLM
import Testing

/// Prompts as the model receives them, requests, and records made from outputs.
@Suite struct TemplateRenderTests {
    static func template(mode: String = "chat", task: String = "classification", output: String? = nil) throws -> PromptTemplate {
        try PromptTemplate.parse(
            yaml: """
                id: reviews
                version: 3
                description: Reviews.
                domain: ecommerce
                task: \(task)
                mode: \(mode)
                system: |
                  Reviews from a shop, as JSON.
                user: |
                  A {{stars}}-star review of a {{product}}.
                few_shot:
                  - variables: {stars: 5, product: kettle}
                    output: {text: "Boils fast & quietly, \\"great\\".", label: positive}
                  - variables: {stars: 1, product: lamp}
                    output: {text: Broke in a week., label: negative}
                output: \(output ?? "{type: object, properties: {text: {type: string}, label: {enum: [positive, negative]}}, required: [text, label]}")
                parameters: {temperature: 0.9, max_tokens: 200, stop: ["###"]}
                variables:
                  stars: {range: [1, 5]}
                  product: {list: ["<b>lamp</b> & \\"kettle\\""]}
                """, file: "reviews.yaml")
    }

    @Test func chatModeSendsExamplesAsTurnsAndTextIsNotHTMLEscaped() throws {
        let prompt = try Self.template().render(["stars": .int(4), "product": .string("<b>lamp</b> & \"kettle\"")])
        #expect(
            prompt
                == .chat([
                    ChatMessage(role: "system", content: "Reviews from a shop, as JSON.\n"),
                    ChatMessage(role: "user", content: "A 5-star review of a kettle.\n"),
                    ChatMessage(role: "assistant", content: #"{"text":"Boils fast & quietly, \"great\".","label":"positive"}"#),
                    ChatMessage(role: "user", content: "A 1-star review of a lamp.\n"),
                    ChatMessage(role: "assistant", content: #"{"text":"Broke in a week.","label":"negative"}"#),
                    ChatMessage(role: "user", content: "A 4-star review of a <b>lamp</b> & \"kettle\".\n"),
                ]))
    }

    @Test func completionModeIsOneTextEndingWhereTheOutputGoes() throws {
        let template = try Self.template(mode: "completion")
        let prompt = try template.render(["stars": .int(2), "product": .string("fan")])
        #expect(
            prompt
                == .text(
                    """
                    Reviews from a shop, as JSON.
                    ---
                    A 5-star review of a kettle.
                    Output: {"text":"Boils fast & quietly, \\"great\\".","label":"positive"}
                    ---
                    A 1-star review of a lamp.
                    Output: {"text":"Broke in a week.","label":"negative"}
                    ---
                    A 2-star review of a fan.
                    Output:
                    """))
        let request = try template.request(model: "base", variables: ["stars": .int(2), "product": .string("fan")])
        #expect(request.parameters.stop == ["###", "\n"])
        #expect(request.prompt == prompt)
    }

    @Test func aRequestCarriesTheSchemaAndParametersWithOverrides() throws {
        let template = try Self.template()
        let variables: Fields = ["stars": .int(3), "product": .string("fan")]
        let request = try template.request(model: "m", variables: variables)
        #expect(request.model == "m" && request.schema == template.output)
        #expect(request.parameters == SamplingParameters(temperature: 0.9, maxTokens: 200, stop: ["###"]))
        let overridden = try template.request(model: "m", variables: variables, overriding: SamplingParameters(temperature: 0.1, seed: 9))
        #expect(overridden.parameters == SamplingParameters(temperature: 0.1, maxTokens: 200, stop: ["###"], seed: 9))
    }

    @Test func renderingWithoutAVariableThePromptUsesFails() throws {
        #expect {
            try Self.template().render(["stars": .int(3)])
        } throws: { error in
            (error as? SynthError)?.message == "reviews.yaml: the variables lack 'product', which the prompts use"
        }
    }

    @Test func anOutputBecomesTheTaskFieldsWithTheVariablesAsMetadata() throws {
        let template = try Self.template()
        let variables: Fields = ["stars": .int(3), "product": .string("fan")]
        let fields = try template.record(
            from: .object(["label": .string("negative"), "text": .string("Too loud."), "mood": .string("grumpy")]), variables: variables)
        #expect(
            fields == [
                "text": .string("Too loud."), "label": .string("negative"),
                "metadata": .object(["stars": .int(3), "product": .string("fan"), "mood": .string("grumpy")]),
            ])
        #expect(TaskShape.classification.violation(in: fields) == nil)
        #expect {
            try template.record(from: .object(["text": .string("  "), "label": .string("positive")]), variables: variables)
        } throws: { error in
            (error as? SynthError)?.message == "field 'text' is empty"
        }
    }

    @Test func qaAndNEROffsetsAreFoundInTheText() throws {
        let qa = try PromptTemplate.parse(
            yaml: """
                id: qa
                version: 1
                description: QA.
                domain: demo
                task: qa
                user: Ask.
                output: {type: object, properties: {context: {type: string}, question: {type: string}, answer: {type: string}}, required: [context, question, answer]}
                """, file: "qa.yaml")
        let fields = try qa.record(
            from: .object(["context": .string("Café crème costs €3 at noon."), "question": .string("Cost?"), "answer": .string("€3")]),
            variables: [:])
        #expect(fields["answer_start"] == .int(17))
        #expect(TaskShape.qa.violation(in: fields) == nil)

        let ner = try PromptTemplate.parse(
            yaml: """
                id: ner
                version: 1
                description: NER.
                domain: demo
                task: ner
                user: Write.
                output: {type: object, properties: {text: {type: string}, entities: {type: array, items: {type: object, properties: {text: {type: string}, type: {enum: [PERSON, CITY]}}, required: [text, type]}}}, required: [text, entities]}
                """, file: "ner.yaml")
        let spans = try ner.record(
            from: .object([
                "text": .string("Ana met Ana in Oslo."),
                "entities": .array([
                    .object(["text": .string("Ana"), "type": .string("PERSON")]),
                    .object(["text": .string("Ana"), "type": .string("PERSON")]),
                    .object(["text": .string("Oslo"), "type": .string("CITY")]),
                ]),
            ]), variables: [:])
        #expect(spans["entities"]?.arrayValue?.compactMap { $0.objectValue?["start"] } == [.int(0), .int(8), .int(15)])
        #expect(TaskShape.ner.violation(in: spans) == nil)
        #expect {
            try ner.record(
                from: .object(["text": .string("Ana"), "entities": .array([.object(["text": .string("Bo"), "type": .string("PERSON")])])]),
                variables: [:])
        } throws: { error in
            (error as? SynthError)?.message == "entity 0 'Bo' does not occur in the text"
        }
    }

    @Test func anInstructionWithoutInputGetsAnEmptyOne() throws {
        let template = try TemplateCatalog.template("code_instruction_v1")
        let fields = try template.record(
            from: .object(["instruction": .string("Sort a list."), "output": .string("sorted(xs)")]),
            variables: ["language": .string("Python")])
        #expect(fields["input"] == .string(""))
        #expect(TaskShape.instruction.violation(in: fields) == nil)
    }
}
