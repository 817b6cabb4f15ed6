import SynthCore

/// A readable Markdown sample: a heading per record, a section per field, conversations as turns.
///
/// Text is quoted (`> `) line by line, so a `#` or a list inside generated text never breaks
/// the document's structure; nested values other than messages and entities are shown as JSON.
public struct MarkdownEncoder: RecordEncoder {
    /// The encoder.
    public init() {}

    public func header(for first: Record) -> [UInt8] { Array("# Records\n".utf8) }

    public func footer(empty: Bool) -> [UInt8] { empty ? Array("# Records\n\nNo records.\n".utf8) : [] }

    public func append(_ record: Record, to out: inout [UInt8]) {
        var text = "\n## \(record.id)\n\n"
        let p = record.provenance
        let origin = [p.source, p.domain, p.task].filter { !$0.isEmpty }.joined(separator: " · ")
        text += "*\(record.shape.rawValue)\(origin.isEmpty ? "" : " · " + origin) · seed \(p.seed) · index \(p.index)*\n"
        for (name, value) in record.fields {
            text += "\n### \(name)\n\n"
            switch (name, value) {
            case ("messages", .array(let messages)):
                for message in messages {
                    let m = message.objectValue ?? Fields()
                    text += "**\(m["role"]?.stringValue ?? "?")**\n\n" + Self.quoted(m["content"]?.stringValue ?? "") + "\n"
                }
            case ("entities", .array(let entities)):
                for entity in entities {
                    let e = entity.objectValue ?? Fields()
                    let span = "\(e["start"]?.text ?? "?")–\(e["end"]?.text ?? "?")"
                    text += "- **\(e["type"]?.text ?? "?")** `\(e["text"]?.text ?? "")` (\(span))\n"
                }
            case (_, .string(let s)):
                text += Self.quoted(s) + "\n"
            case (_, .array), (_, .object):
                text += "```json\n\(JSONWriter.string(value))\n```\n"
            default:
                text += "`\(value.text)`\n"
            }
        }
        out.append(contentsOf: text.utf8)
    }

    private static func quoted(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n")
    }
}
