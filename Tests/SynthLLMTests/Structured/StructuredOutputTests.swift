import SynthCore
import SynthLLM
import Testing

/// A support ticket: what a template might ask a small model for.
private let ticket = OutputSchema.object(
    properties: [
        .init("answer", .string), .init("urgency", .oneOf(["low", "high"])), .init("score", .integer),
        .init("tags", .array(items: .string)), .init("resolved", .boolean),
    ],
    required: ["answer", "urgency"])

private let chat = OutputSchema.object(
    properties: [
        .init(
            "messages",
            .array(
                items: .object(
                    properties: [.init("role", .oneOf(["user", "assistant"])), .init("content", .string)], required: ["role", "content"])))
    ],
    required: ["messages"])

private func json(_ text: String) throws -> Value { try JSONParser.parse(Array(text.utf8)) }

@Suite struct StructuredOutputTests {
    /// Answers in the style small models give, the value a user expects from each, and the repairs it needs.
    @Test(arguments: [
        (
            "Sure! Here's the JSON:\n```json\n{\"answer\": \"Restart the router.\", \"urgency\": \"low\"}\n```\nLet me know if you need more.",
            #"{"answer":"Restart the router.","urgency":"low"}"#, ["code-fence"]
        ),
        (
            "Here is the ticket summary you asked for: {\"answer\": \"Reset it\", \"urgency\": \"high\"} I hope this helps!",
            #"{"answer":"Reset it","urgency":"high"}"#, ["prose"]
        ),
        (
            "{\"answer\": \"ok\", \"urgency\": \"low\", \"tags\": [\"wifi\", \"router\",],}",
            #"{"answer":"ok","urgency":"low","tags":["wifi","router"]}"#, ["trailing-comma"]
        ),
        (
            "{\"urgency\": \"high\", \"answer\": \"Unplug the router for thirty sec",
            #"{"answer":"Unplug the router for thirty sec","urgency":"high"}"#, ["truncated"]
        ),
        (
            "{\"answer\": \"Check the cable\", \"urgency\": \"low\", \"tags\": [\"cable\", \"net",
            #"{"answer":"Check the cable","urgency":"low","tags":["cable","net"]}"#, ["truncated"]
        ),
        (
            "{\"answer\": \"Check the cable\", \"urgency\": \"low\", \"score\": 1.",
            #"{"answer":"Check the cable","urgency":"low"}"#, ["truncated"]
        ),
        (
            "{\"answer\": \"Check the cable\", \"urgency\": \"low\", \"resol",
            #"{"answer":"Check the cable","urgency":"low"}"#, ["truncated"]
        ),
        (
            "{'answer': \"It's the cable\", 'urgency': 'low', 'resolved': True}",
            #"{"answer":"It's the cable","urgency":"low","resolved":true}"#, ["single-quotes", "python-literal"]
        ),
        (
            "{'answer': 'It's the cable', 'urgency': 'low'}", #"{"answer":"It's the cable","urgency":"low"}"#,
            ["single-quotes", "unescaped-quote"]
        ),
        ("{\"answer\": \"Replace it\", \"urgency\": \"High\"}", #"{"answer":"Replace it","urgency":"high"}"#, ["enum-case"]),
        (
            "{\"answer\": \"x\", \"urgency\": \" LOW \", \"score\": \"7\"}", #"{"answer":"x","urgency":"low","score":7}"#,
            ["enum-case", "string-to-number"]
        ),
        ("{\"answer\": \"x\", \"urgency\": \"low\", \"score\": 7.0}", #"{"answer":"x","urgency":"low","score":7}"#, ["whole-number"]),
        (
            "{\"answer\": \"x\", \"urgency\": \"low\", \"resolved\": \"true\"}", #"{"answer":"x","urgency":"low","resolved":true}"#,
            ["string-to-boolean"]
        ),
        ("{answer: \"Power-cycle it\", urgency: \"low\"}", #"{"answer":"Power-cycle it","urgency":"low"}"#, ["unquoted-key"]),
        (
            "{\u{201C}answer\u{201D}: \u{201C}Check the fuse\u{201D}, \u{201C}urgency\u{201D}: \u{201C}low\u{201D}}",
            #"{"answer":"Check the fuse","urgency":"low"}"#, ["smart-quotes"]
        ),
        (
            "{\"answer\": \"x\", \"urgency\": \"low\", \"confidence\": 0.9, \"Tags\": [\"a\"]}",
            #"{"answer":"x","urgency":"low","tags":["a"]}"#,
            ["key-case", "extra-property"]
        ),
        (
            "{\"answer\": \"He said \"restart it\" twice\", \"urgency\": \"low\"}",
            #"{"answer":"He said \"restart it\" twice","urgency":"low"}"#,
            ["unescaped-quote"]
        ),
        (
            "{\"answer\": \"Line one\nline two\", \"urgency\": \"low\"}", #"{"answer":"Line one\nline two","urgency":"low"}"#,
            ["control-character"]
        ),
        (
            "{\n  \"answer\": \"x\"\n  \"urgency\": \"low\" // the model's guess\n}", #"{"answer":"x","urgency":"low"}"#,
            ["missing-comma", "comment"]
        ),
        (
            "{\"answer\": \"x\", \"urgency\": \"low\", \"tags\": \"[\\\"a\\\", \\\"b\\\"]\", \"score\": null}",
            #"{"answer":"x","urgency":"low","tags":["a","b"]}"#, ["json-in-string", "null-dropped"]
        ),
        (
            "{\"answer\": 42, \"urgency\": \"low\", \"tags\": \"wifi\"}", #"{"answer":"42","urgency":"low","tags":["wifi"]}"#,
            ["to-string", "wrapped-in-array"]
        ),
        ("I found [2] issues. {\"answer\": \"x\", \"urgency\": \"low\"}", #"{"answer":"x","urgency":"low"}"#, ["prose"]),
    ])
    func aBrokenAnswerParsesToTheValueMeant(text: String, expected: String, repairs: [String]) throws {
        let parse = StructuredOutput.parse(text, as: ticket)
        #expect(parse.failures == [])
        #expect(parse.value == (try json(expected)))
        #expect(Set(parse.repairNames) == Set(repairs))
    }

    @Test func aBareListIsWrappedAndALabelsCaseIsRepairedAtItsPath() throws {
        let parse = StructuredOutput.parse(
            "[{\"role\": \"User\", \"content\": \"My printer jams\"}, {\"role\": \"assistant\", \"content\": \"Open tray 2.\"}]", as: chat)
        #expect(
            parse.value
                == (try json(#"{"messages":[{"role":"user","content":"My printer jams"},{"role":"assistant","content":"Open tray 2."}]}"#)))
        #expect(parse.repairs == [StructuredRepair(.bareArray), StructuredRepair(.enumCase, at: "messages[0].role")])
    }

    @Test func anObjectHoldingTheListIsUnwrapped() throws {
        let parse = StructuredOutput.parse(#"{"questions": ["a?", "b?"]}"#, as: .array(items: .string))
        #expect(parse.value == (try json(#"["a?","b?"]"#)))
        #expect(parse.repairNames == ["unwrapped-array"])
    }

    @Test(arguments: [
        (#"{"urgency": "low"}"#, "answer: missing required property 'answer'"),
        (#"{"answer": "x", "urgency": "urgent!"}"#, "urgency: 'urgency' must be one of low, high; got 'urgent!'"),
        (#"{"answer": "x", "urgency": "low", "score": "seven"}"#, "score: 'score' must be a whole number; got 'seven'"),
        (#"{"answer": "x", "urgency": "low", "score": 7.5}"#, "score: 'score' must be a whole number; got 7.5"),
        (#"{"answer": {"text": "x"}, "urgency": "low"}"#, "answer: 'answer' must be text; got an object"),
        ("I'm sorry, I can't help with that.", "(root): the answer holds no JSON object or list"),
        ("", "(root): the answer is empty"),
        (#"{"answer": <x>}"#, "(root): the answer is not valid JSON: expected a JSON value, found '<' at character 12"),
    ])
    func anUnusableAnswerSaysWhereAndWhy(text: String, expected: String) {
        let parse = StructuredOutput.parse(text, as: ticket)
        #expect(parse.value == nil)
        #expect(parse.failureSummary == expected)
    }

    @Test func everyFailureOfAnAnswerIsListedWithItsPath() {
        let parse = StructuredOutput.parse(
            #"{"messages": [{"role": "user", "content": "hi"}, {"role": "narrator", "content": "..."}, {"role": "assistant"}]}"#, as: chat)
        #expect(parse.value == nil)
        #expect(
            parse.failures == [
                StructuredFailure(.notAllowed, at: "messages[1].role", "'messages[1].role' must be one of user, assistant; got 'narrator'"),
                StructuredFailure(.missing, at: "messages[2].content", "missing required property 'content'"),
            ])
    }

    @Test func theValueFollowsTheSchemasOrder() throws {
        let parse = StructuredOutput.parse(#"{"resolved": false, "urgency": "low", "answer": "x"}"#, as: ticket)
        #expect(parse.value == (try json(#"{"answer":"x","urgency":"low","resolved":false}"#)))
        #expect(parse.repairs == [])
    }
}
