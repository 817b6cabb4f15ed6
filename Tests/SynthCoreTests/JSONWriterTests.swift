import Foundation
import SynthCore
import Testing

@Suite struct JSONWriterTests {
    @Test func trickyStringsRoundTripThroughFoundationsParser() throws {
        let tricky = "quote \" backslash \\ newline \n tab \t bell \u{07} nul \u{00} emoji 🧪 accents é ñ 中文 \u{2028}"
        let value = Value.object(["s": .string(tricky), "n": .int(-3), "d": .double(2.5), "b": .bool(true), "z": .null])
        let text = JSONWriter.string(value)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        #expect(parsed["s"] as? String == tricky)
        #expect(parsed["n"] as? Int == -3)
        #expect(parsed["d"] as? Double == 2.5)
        #expect(parsed["b"] as? Bool == true)
        #expect(parsed["z"] is NSNull)
    }

    @Test func keysKeepTheirOrder() {
        let value = Value.object(["z": .int(1), "a": .int(2), "m": .array([.int(3), .string("x")])])
        #expect(JSONWriter.string(value) == #"{"z":1,"a":2,"m":[3,"x"]}"#)
    }

    @Test func nonFiniteNumbersBecomeNull() {
        #expect(JSONWriter.string(.array([.double(.nan), .double(.infinity)])) == "[null,null]")
    }
}
