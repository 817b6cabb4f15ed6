import SynthCore
import SynthLLM
import Testing

@Suite struct OutputSchemaTests {
    @Test func aSchemaReadsAndWritesBackTheSameJSONSchema() throws {
        let text = #"""
            {"type":"object","properties":{"question":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},"urgency":{"type":"string","enum":["low","high"]},"score":{"type":"integer"}},"required":["question","urgency"]}
            """#
        let schema = try OutputSchema(jsonSchema: try JSONParser.parse(Array(text.utf8)))
        guard case .object(let properties, let required) = schema else {
            Issue.record("expected an object schema, got \(schema)")
            return
        }
        #expect(properties.map(\.name) == ["question", "tags", "urgency", "score"])
        #expect(required == ["question", "urgency"])
        #expect(properties[2].schema == .oneOf(["low", "high"]))
        #expect(try OutputSchema(jsonSchema: schema.jsonSchema) == schema)
    }

    @Test(arguments: [
        (#"{"type":"object","properties":{"a":{"type":"strng"}}}"#, "properties.a.type 'strng' is not supported"),
        (#"{"type":"object","properties":{"a":{"type":"string"}},"required":["b"]}"#, "required names 'b'"),
        (#"{"type":"array"}"#, "items is missing"),
        (#"{"type":"string","pattern":"x"}"#, "pattern is not supported"),
        (#"{"enum":[1,2]}"#, "enum must be a non-empty list of strings"),
    ])
    func aMistakeIsNamedByItsPath(text: String, expected: String) throws {
        #expect {
            _ = try OutputSchema(jsonSchema: try JSONParser.parse(Array(text.utf8)))
        } throws: { error in
            (error as? SynthError)?.message.contains(expected) == true
        }
    }
}
