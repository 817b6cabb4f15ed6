import SynthCore
import Testing

@testable import SynthServer

/// Paging writes record items straight from the stored JSON; they must be exactly what the
/// parsing way writes.
@Suite struct RecordJSONTests {
    static let bodies = [
        #"{"id":"r1","text":"plain","provenance":{"source":"builtin","judge_score":8}}"#,
        #"{"id":"r2","text":"quotes \" and braces { [ } ] and \\ backslashes","provenance":{"quality":0.75}}"#,
        #"{"id":"r3","messages":[{"role":"user","content":"hi, \"you\""},{"role":"assistant","content":"[ok]"}],"label":"greeting","provenance":{}}"#,
        #"{"id":"r4","n":-1.5e3,"flag":true,"none":null,"nested":{"a":[1,2,{"b":"}"}]},"provenance":{"source":"x"}}"#,
        #"{"id":"r5","text":"ünïcødé — 😀 \u00e9"}"#,
        #"{"text":"no id, no provenance"}"#,
    ]

    @Test(arguments: bodies) func theCopiedItemIsTheParsedItem(body: String) throws {
        let parsed = RecordItem(json: body, status: .rejected, reason: "off topic")
        var out: [UInt8] = []
        RecordJSON.append(body: body, score: parsed.score, label: parsed.label, status: .rejected, reason: "off topic", to: &out)
        #expect(try JSONParser.parse(out) == parsed.json)
    }

    @Test func aBodyTheScanCannotReadGoesTheParsingWay() throws {
        for broken in [#"{"id":"r1","text":"unterminated}"#, "[1,2]", #"{"id" "r1"}"#, ""] {
            #expect(RecordJSON.topLevelMembers(Array(broken.utf8)) == nil, "\(broken)")
            var out: [UInt8] = []
            RecordJSON.append(body: broken, score: nil, label: nil, status: .pending, reason: nil, to: &out)
            #expect((try? JSONParser.parse(out)) != nil, "\(broken)")
        }
    }
}
