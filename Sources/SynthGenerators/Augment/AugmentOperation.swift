import SynthCore

/// One way to make a new training example from an existing one.
///
/// Offline operations (synonyms, typos, …) live here; operations that ask a model (paraphrase, back-translation)
/// conform in the runtime, which can reach a provider. An operation must return a record of the same shape that
/// still satisfies it, and draw all its randomness from `random`, so a seed and a record give the same copy.
public protocol AugmentOperation: Sendable {
    /// The name on the command line and in provenance (`synonym`, `typo`).
    var name: String { get }
    /// Returns `record` changed; the id and provenance are the caller's to set.
    func augment(_ record: Record, random: inout SeededRandom) async throws -> Record
}

/// Applies a text edit to every text of a record, keeping NER spans and QA answers true to the edited text.
enum RecordText {
    /// Edits the shape's text fields (message contents for a conversation). NER entities and a QA answer are
    /// protected spans: `edit` sees each as one piece, and their offsets (and texts, if `edit` rewrote them)
    /// are read back afterwards. A record whose spans overlap or do not match its text is returned as it is.
    static func edit(_ record: Record, random: inout SeededRandom, _ edit: (inout TextPieces, inout SeededRandom) -> Void) -> Record {
        var out = record
        func edited(_ text: String) -> String {
            var pieces = TextPieces(text)
            edit(&pieces, &random)
            return pieces.text
        }
        switch record.shape {
        case .conversation:
            guard let messages = record.fields["messages"]?.arrayValue else { return record }
            out.fields["messages"] = .array(
                messages.map { message in
                    guard var fields = message.objectValue, let content = fields["content"]?.stringValue else { return message }
                    fields["content"] = .string(edited(content))
                    return .object(fields)
                })
        case .ner:
            guard record.shape.violation(in: record.fields) == nil, let text = record.fields["text"]?.stringValue,
                let entities = record.fields["entities"]?.arrayValue?.compactMap(\.objectValue)
            else { return record }
            let order = entities.indices.sorted { entities[$0]["start"]!.doubleValue! < entities[$1]["start"]!.doubleValue! }
            let ranges = order.map { entities[$0].range }
            guard zip(ranges, ranges.dropFirst()).allSatisfy({ $0.upperBound <= $1.lowerBound }) else { return record }
            var pieces = TextPieces(text, anchors: ranges)
            edit(&pieces, &random)
            let moved = pieces.anchors
            var updated = entities
            for (number, index) in order.enumerated() {
                let (range, text) = moved[number]!
                updated[index]["start"] = .int(range.lowerBound)
                updated[index]["end"] = .int(range.upperBound)
                updated[index]["text"] = .string(text)
            }
            out.fields["text"] = .string(pieces.text)
            out.fields["entities"] = .array(updated.map { .object($0) })
        case .qa:
            guard record.shape.violation(in: record.fields) == nil, let context = record.fields["context"]?.stringValue,
                let answer = record.fields["answer"]?.stringValue, case .int(let start)? = record.fields["answer_start"],
                let question = record.fields["question"]?.stringValue
            else { return record }
            var pieces = TextPieces(context, anchors: [start..<(start + answer.unicodeScalars.count)])
            edit(&pieces, &random)
            let (range, text) = pieces.anchors[0]!
            out.fields["context"] = .string(pieces.text)
            out.fields["question"] = .string(edited(question))
            out.fields["answer"] = .string(text)
            out.fields["answer_start"] = .int(range.lowerBound)
        case .document, .instruction, .classification, .preference:
            for name in record.shape.textFields {
                guard let text = record.fields[name]?.stringValue, !text.isEmpty else { continue }
                out.fields[name] = .string(edited(text))
            }
        }
        return out
    }
}

extension Fields {
    fileprivate var range: Range<Int> {
        guard case .int(let start)? = self["start"], case .int(let end)? = self["end"] else { return 0..<0 }
        return start..<end
    }
}
