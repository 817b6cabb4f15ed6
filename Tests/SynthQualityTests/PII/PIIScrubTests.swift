import Foundation
import SynthCore
import SynthQuality
import Testing

@Suite struct PIIScrubTests {
    private func record(_ shape: TaskShape, _ fields: Fields) -> Record {
        Record(
            id: "r", shape: shape, fields: fields,
            provenance: Provenance(source: "t", domain: "t", task: "t", generatorVersion: "1", seed: 0, shard: 0, index: 0))
    }

    private func scrubbed(_ text: String, _ action: PIIAction) -> Record {
        var r = record(.document, ["text": .string(text)])
        _ = PIIScrub(defaultAction: action, salt: "s").process(&r)
        return r
    }

    @Test func redactsMasksAndHashes() {
        let text = "Mail bob@example.com or call 555-123-4567."
        #expect(scrubbed(text, .redact).fields["text"] == .string("Mail [EMAIL] or call [PHONE]."))
        #expect(scrubbed(text, .mask).fields["text"] == .string("Mail ***@*******.*** or call ***-***-4567."))
        let hashed = scrubbed(text, .hash).fields["text"]!.stringValue!
        let digests = hashed.split(separator: " ").map { $0.trimmingCharacters(in: .punctuationCharacters) }.filter { $0.count == 12 }
        #expect(digests.count == 2 && digests.allSatisfy { $0.allSatisfy(\.isHexDigit) }, "\(hashed)")
        #expect(scrubbed(text, .hash).fields == scrubbed(text, .hash).fields)
        #expect(scrubbed(text, .report).fields["text"] == .string(text))
        #expect(scrubbed(text, .report).provenance.extra["pii_reported"] == .object(["EMAIL": .int(1), "PHONE": .int(1)]))
        #expect(scrubbed(text, .redact).provenance.extra["pii"] == .object(["EMAIL": .int(1), "PHONE": .int(1)]))
    }

    @Test func pseudonymsAreConsistentValidAndOfTheSameType() {
        let text = "Card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, John Smith (john@corp.io), call (555) 123-4567."
        let a = scrubbed(text, .pseudonymize).fields["text"]!.stringValue!
        let again = scrubbed("Also 555-123-4567 and john@corp.io. " + text, .pseudonymize).fields["text"]!.stringValue!
        #expect(a != text)
        #expect(again.hasSuffix(a))
        let types = PIIScanner.scan(a).map(\.type)
        #expect(types == [.creditCard, .iban, .person, .email, .phone], "\(a)")
        let matches = PIIScanner.scan(a)
        #expect(matches[2].text != "John Smith" && matches[4].text.hasPrefix("("))
        let phones = PIIScanner.scan(again).filter { $0.type == .phone }.map { $0.text.filter(\.isNumber) }
        #expect(phones.count == 2 && phones[0] == phones[1])
    }

    @Test func theSaltChangesDigestsAndPseudonyms() {
        var a = record(.document, ["text": .string("SSN 123-45-6789, mail ann@example.com")])
        var b = a
        var c = a
        _ = PIIScrub(defaultAction: .pseudonymize, salt: "one").process(&a)
        _ = PIIScrub(defaultAction: .pseudonymize, salt: "one").process(&b)
        _ = PIIScrub(defaultAction: .pseudonymize, salt: "two").process(&c)
        #expect(a.fields == b.fields)
        #expect(a.fields != c.fields)
    }

    @Test func nerSpansAndQAAnswersFollowTheText() {
        var ner = record(
            .ner,
            [
                "text": .string("Ask Mary Jones at mary@x.org today"),
                "entities": .array([
                    .object(["start": .int(4), "end": .int(14), "type": .string("PERSON"), "text": .string("Mary Jones")]),
                    .object(["start": .int(28), "end": .int(33), "type": .string("DATE"), "text": .string("today")]),
                ]),
            ])
        _ = PIIScrub(salt: "s").process(&ner)
        #expect(ner.fields["text"] == .string("Ask [PERSON] at [EMAIL] today"))
        #expect(ner.shape.violation(in: ner.fields) == nil)
        var qa = record(
            .qa,
            [
                "context": .string("Contact bob@example.com for the key, which is blue."),
                "question": .string("Which colour?"), "answer": .string("blue"), "answer_start": .int(46),
            ])
        _ = PIIScrub(salt: "s").process(&qa)
        #expect(qa.shape.violation(in: qa.fields) == nil)
        #expect(qa.fields["answer"] == .string("blue"))
    }

    @Test func conversationsAreScrubbedMessageByMessage() {
        var chat = record(
            .conversation, ["messages": .array([.object(["role": .string("user"), "content": .string("I'm at 10.0.0.7")])])])
        _ = PIIScrub(salt: "s").process(&chat)
        #expect(chat.readableText == "I'm at [IPV4]")
    }
}
