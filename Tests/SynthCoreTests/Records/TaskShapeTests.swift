import SynthCore
import Testing

@Suite struct TaskShapeTests {
    @Test func validRecordsOfEveryShapePass() {
        let valid: [(TaskShape, Fields)] = [
            (.document, ["text": .string("A note.")]),
            (.instruction, ["instruction": .string("Do it."), "input": .string(""), "output": .string("Done.")]),
            (.conversation, ["messages": .array([message("user", "Hi"), message("assistant", "Hello")])]),
            (.classification, ["text": .string("Great!"), "label": .string("positive")]),
            (
                .ner,
                [
                    "text": .string("Ann visited Zürich."),
                    "entities": .array([span(0, 3, "PERSON", "Ann"), span(12, 18, "CITY", "Zürich")]),
                ]
            ),
            (
                .qa,
                [
                    "context": .string("The dose is 5 mg."), "question": .string("Dose?"), "answer": .string("5 mg"),
                    "answer_start": .int(12),
                ]
            ),
            (.preference, ["prompt": .string("Q"), "chosen": .string("good"), "rejected": .string("bad")]),
        ]
        for (shape, fields) in valid { #expect(shape.violation(in: fields) == nil, "\(shape)") }
    }

    struct Case: Sendable {
        var shape: TaskShape
        var fields: Fields
        var problem: String
        init(_ shape: TaskShape, _ fields: Fields, _ problem: String) {
            self.shape = shape
            self.fields = fields
            self.problem = problem
        }
    }

    @Test(arguments: [
        Case(.document, Fields(), "missing field 'text'"),
        Case(.document, ["text": .string("  ")], "field 'text' is empty"),
        Case(.instruction, ["instruction": .string("x")], "missing field 'output'"),
        Case(.conversation, ["messages": .array([])], "conversation has no messages"),
        Case(.conversation, ["messages": .array([message("bot", "hi")])], "message 0 has unknown role 'bot'"),
        Case(
            .ner, ["text": .string("Ann"), "entities": .array([span(0, 2, "PERSON", "Ann")])],
            "entity 0 text 'Ann' differs from text[0..<2]"
        ),
        Case(.ner, ["text": .string("Ann"), "entities": .array([span(1, 9, "PERSON", "nn")])], "entity 0 span 1..<9 is outside the text"),
        Case(
            .qa,
            ["context": .string("abc"), "question": .string("q"), "answer": .string("x"), "answer_start": .int(0)],
            "answer does not occur in the context at answer_start"
        ),
        Case(.preference, ["prompt": .string("p"), "chosen": .string("s"), "rejected": .string("s")], "chosen and rejected are identical"),
    ])
    func invalidRecordsNameTheProblem(_ c: Case) {
        #expect(c.shape.violation(in: c.fields) == c.problem)
    }
}

private func message(_ role: String, _ content: String) -> Value {
    .object(["role": .string(role), "content": .string(content)])
}

private func span(_ start: Int, _ end: Int, _ type: String, _ text: String) -> Value {
    .object(["start": .int(start), "end": .int(end), "type": .string(type), "text": .string(text)])
}
