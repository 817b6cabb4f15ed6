import SynthCore
import SynthLLM
import Testing

/// Each kind of template mistake is reported with the file, the line it is on and the field.
@Suite struct TemplateValidationTests {
    /// A valid instruction template; the cases below change one line of it.
    static let valid = [
        "id: demo",  // 1
        "version: 1",  // 2
        "description: A demo.",  // 3
        "domain: demo",  // 4
        "task: instruction",  // 5
        "system: |",  // 6
        "  You write tasks about {{topic}}.",  // 7
        "user: |",  // 8
        "  Write one task",  // 9
        "  about {{topic}} for {{level}}.",  // 10
        "few_shot:",  // 11
        "  - variables: {topic: maps, level: beginners}",  // 12
        "    output: {instruction: Read a map., input: \"\", output: Find north first.}",  // 13
        "output:",  // 14
        "  type: object",  // 15
        "  properties:",  // 16
        "    instruction: {type: string}",  // 17
        "    input: {type: string}",  // 18
        "    output: {type: string}",  // 19
        "  required: [instruction, input, output]",  // 20
        "parameters: {temperature: 0.5, max_tokens: 100}",  // 21
        "variables:",  // 22
        "  topic: {list: [maps, tides]}",  // 23
        "  level: {weighted: {beginners: 2, experts: 1}}",  // 24
    ]

    static func problems(replacing changes: [Int: String?] = [:], adding extra: [String] = []) -> [TemplateProblem] {
        var lines: [String] = []
        for (index, line) in valid.enumerated() {
            if let change = changes[index + 1] {
                if let change { lines.append(change) }
            } else {
                lines.append(line)
            }
        }
        return PromptTemplate.validate(yaml: (lines + extra).joined(separator: "\n") + "\n", file: "demo.yaml")
    }

    @Test func theValidTemplateHasNoProblems() throws {
        #expect(Self.problems() == [])
        let template = try PromptTemplate.parse(yaml: Self.valid.joined(separator: "\n"), file: "demo.yaml")
        #expect(template.id == "demo" && template.version == "1" && template.task == .instruction && template.mode == .chat)
        #expect(template.user == "Write one task\nabout {{topic}} for {{level}}.\n")
        #expect(template.parameters == SamplingParameters(temperature: 0.5, maxTokens: 100))
        #expect(template.variables.map(\.name) == ["topic", "level"])
        #expect(template.variables[1].sampler == .weighted([.init(.string("beginners"), weight: 2), .init(.string("experts"), weight: 1)]))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var changes: [Int: String?] = [:]
        var extra: [String] = []
        var line: Int?
        var field: String
        var message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "unknown key", extra: ["colour: red"], line: 25, field: "colour", message: "unknown key; a template takes id"),
        Case(name: "missing key", changes: [3: nil], line: 1, field: "description", message: "is missing"),
        Case(name: "bad id", changes: [1: "id: Demo Template"], line: 1, field: "id", message: "may hold only lowercase letters"),
        Case(
            name: "task not a shape", changes: [5: "task: summary"], line: 5, field: "task",
            message: "'summary' is not a task shape; use one of document, instruction"),
        Case(
            name: "bad mode", changes: [5: "task: instruction\nmode: stream"], line: 6, field: "mode", message: "must be chat or completion"
        ),
        Case(
            name: "unknown variable", changes: [10: "  about {{topic}} for {{audience}}."], line: 10, field: "user",
            message: "uses 'audience', which is not declared under variables"),
        Case(
            name: "unknown variable in system", changes: [7: "  You write {{style}} tasks about {{topic}}."], line: 7, field: "system",
            message: "uses 'style'"),
        Case(
            name: "unused variable", extra: ["  extra: {range: [1, 3]}"], line: 25, field: "variables.extra",
            message: "is declared but neither system nor user uses it"),
        Case(
            name: "mustache syntax", changes: [10: "  about {{#topic}}x{{/level}} {{level}}."], line: 10, field: "user",
            message: "closed with a name other than"),
        Case(
            name: "unclosed tag", changes: [10: "  about {{topic}} for {{level."], line: 10, field: "user",
            message: "a tag is not closed with }}"),
        Case(
            name: "unclosed section", changes: [10: "  about {{#topic}} for {{level}}."], line: 10, field: "user",
            message: "section 'topic' is opened but never closed with {{/topic}}"),
        Case(
            name: "partials", changes: [10: "  about {{> topic}} {{topic}} {{level}}."], line: 10, field: "user",
            message: "partials, blocks and delimiter changes are not supported"),
        Case(
            name: "schema type", changes: [18: "    input: {type: text}"], line: 18, field: "output.properties.input.type",
            message: "'text' is not supported"),
        Case(
            name: "schema keyword", changes: [18: "    input: {type: string, pattern: x}"], line: 18,
            field: "output.properties.input.pattern", message: "is not supported"),
        Case(
            name: "schema misses a shape field",
            changes: [18: "    notes: {type: string}", 20: "  required: [instruction, notes, output]"], line: 14, field: "output",
            message: "lacks the property 'input'; instruction records need instruction, input, output"),
        Case(
            name: "shape field not required", changes: [20: "  required: [instruction, output]"], line: 14, field: "output",
            message: "'input' must be listed under required"),
        Case(
            name: "shape field of the wrong kind", changes: [18: "    input: {type: integer}"], line: 14, field: "output",
            message: "properties.input: must be a string"),
        Case(
            name: "few-shot output type", changes: [13: "    output: {instruction: Read a map., input: \"\", output: 3}"], line: 13,
            field: "few_shot[0].output.output", message: "must be a string"),
        Case(
            name: "few-shot output lacks a property", changes: [13: "    output: {instruction: Read a map., input: \"\"}"], line: 13,
            field: "few_shot[0].output", message: "lacks the required property 'output'"),
        Case(
            name: "few-shot unknown variable", changes: [12: "  - variables: {topic: maps, level: beginners, mood: calm}"], line: 12,
            field: "few_shot[0].variables.mood", message: "is not a declared variable"),
        Case(
            name: "few-shot lacks a variable", changes: [12: "  - variables: {topic: maps}"], line: 12, field: "few_shot[0].variables",
            message: "lacks 'level', which the prompts use"),
        Case(
            name: "unknown sampler", changes: [23: "  topic: {choose: [maps, tides]}"], line: 23, field: "variables.topic.choose",
            message: "unknown sampler; use list, weighted, range, records or topics"),
        Case(name: "empty list", changes: [23: "  topic: {list: []}"], line: 23, field: "variables.topic.list", message: "non-empty list"),
        Case(
            name: "zero weight", changes: [24: "  level: {weighted: {beginners: 2, experts: 0}}"], line: 24,
            field: "variables.level.weighted.experts", message: "weight must be positive"),
        Case(
            name: "reversed range", changes: [23: "  topic: {range: [9, 2]}"], line: 23, field: "variables.topic.range",
            message: "low 9 is above high 2"),
        Case(
            name: "range of words", changes: [23: "  topic: {range: [low, high]}"], line: 23, field: "variables.topic.range",
            message: "must be two numbers"),
        Case(
            name: "records without a task", changes: [23: "  topic: {records: {domain: support}}"], line: 23,
            field: "variables.topic.records", message: "needs a domain and a task"),
        Case(
            name: "topics too deep", changes: [23: "  topic: {topics: {root: maps, depth: 9}}"], line: 23,
            field: "variables.topic.topics.depth", message: "from 1 to 4"),
        Case(
            name: "bad parameter", changes: [21: "parameters: {temperature: 5}"], line: 21, field: "parameters.temperature",
            message: "must be a number from 0 to 2"),
        Case(
            name: "unknown parameter", changes: [21: "parameters: {temprature: 0.5}"], line: 21, field: "parameters.temprature",
            message: "unknown parameter"),
        Case(name: "YAML syntax", changes: [17: "    instruction: {type: string"], line: 18, field: "file", message: "not valid YAML"),
    ]

    @Test(arguments: cases) func aMistakeNamesItsLineAndField(_ c: Case) {
        let problems = Self.problems(replacing: c.changes, adding: c.extra)
        let match = problems.first { $0.field == c.field && $0.message.contains(c.message) }
        #expect(match != nil, "\(problems)")
        #expect(match?.line == c.line)
        #expect(match?.file == "demo.yaml")
    }

    @Test func everyProblemIsReportedAtOnceAndLoadingListsThemAll() {
        let changes: [Int: String?] = [5: "task: summary", 21: "parameters: {temperature: 5}", 23: "  topic: {choose: [maps]}"]
        let problems = Self.problems(replacing: changes)
        #expect(problems.map(\.field) == ["task", "parameters.temperature", "variables.topic.choose"])
        #expect(
            problems[0].description
                == "demo.yaml:5: task: 'summary' is not a task shape; use one of document, instruction, conversation, classification, ner, qa, preference"
        )
        var lines = Self.valid
        for (line, text) in changes { lines[line - 1] = text! }
        #expect {
            try PromptTemplate.parse(yaml: lines.joined(separator: "\n"), file: "demo.yaml")
        } throws: { error in
            let message = (error as? SynthError)?.message ?? ""
            return message.hasPrefix("demo.yaml has 3 problems:\n  demo.yaml:5: task:")
                && message.contains("demo.yaml:23: variables.topic.choose")
        }
    }

    @Test func aConversationSchemaNeedsMessagesOfRoleAndContent() {
        let yaml = """
            id: chat
            version: 2
            description: A chat.
            domain: demo
            task: conversation
            user: Talk about {{topic}}.
            output:
              type: object
              properties:
                messages: {type: array, items: {type: object, properties: {speaker: {enum: [user, bot]}, content: {type: string}}, required: [speaker, content]}}
              required: [messages]
            variables:
              topic: {list: [tides]}
            """
        let problems = PromptTemplate.validate(yaml: yaml, file: "chat.yaml")
        #expect(
            problems == [
                TemplateProblem(
                    file: "chat.yaml", line: 7, field: "output",
                    message: "properties.messages: must be an array of objects with required string properties role and content")
            ])
    }

    @Test func aFewShotAnswerMustOccurInItsContext() {
        let yaml = """
            id: quiz
            version: 1
            description: A quiz.
            domain: demo
            task: qa
            user: Ask about {{topic}}.
            few_shot:
              - variables: {topic: tides}
                output: {context: The moon pulls the sea., question: What pulls the sea?, answer: the sun}
            output:
              type: object
              properties: {context: {type: string}, question: {type: string}, answer: {type: string}}
              required: [context, question, answer]
            variables:
              topic: {list: [tides]}
            """
        #expect(
            PromptTemplate.validate(yaml: yaml, file: "quiz.yaml") == [
                TemplateProblem(
                    file: "quiz.yaml", line: 9, field: "few_shot[0].output",
                    message: "the answer does not occur word for word in the context")
            ])
    }

    @Test func aMissingFileIsOneProblem() {
        #expect(
            PromptTemplate.validate(path: "/nonexistent/t.yaml") == [
                TemplateProblem(
                    file: "/nonexistent/t.yaml", line: nil, field: "file",
                    message: "cannot read template '/nonexistent/t.yaml': it does not exist or is not readable")
            ])
    }
}
