import SynthCore

/// Finds personal data in every text field of a record and reports, redacts, masks, hashes or
/// pseudonymizes it, type by type.
///
/// NER spans and QA answers stay consistent: a span that touches a replaced value grows to cover
/// the whole replacement and takes the new text, and the others move with the text. The counts of
/// changed values per type go into provenance `extra["pii"]` (and found-but-kept ones, for the
/// `report` action, into `extra["pii_reported"]`).
public struct PIIScrub: RecordStage {
    public let name = "pii-scrub"
    private let scanner: PIIScanner
    private let actions: [PIIType: PIIAction]
    private let salt: String

    /// The stage: `actions` per type (types not listed get `defaultAction`), and the dataset's `salt`.
    public init(actions: [PIIType: PIIAction] = [:], defaultAction: PIIAction = .redact, salt: String) {
        var all: [PIIType: PIIAction] = [:]
        for type in PIIType.allCases { all[type] = actions[type] ?? defaultAction }
        self.actions = all
        self.scanner = PIIScanner()
        self.salt = salt
    }

    public func process(_ record: inout Record) -> Verdict {
        var changed: [PIIType: Int] = [:]
        var reported: [PIIType: Int] = [:]
        func scrub(_ text: String) -> (text: String, edits: [Edit]) {
            var edits: [Edit] = []
            for m in scanner.scan(text) {
                guard let fresh = actions[m.type]!.replacement(for: m, salt: salt) else {
                    reported[m.type, default: 0] += 1
                    continue
                }
                changed[m.type, default: 0] += 1
                edits.append(Edit(start: m.start, end: m.end, replacement: Array(fresh.unicodeScalars)))
            }
            return (Edit.apply(edits, to: text), edits)
        }
        for field in record.shape.textFields {
            guard let value = record.fields[field] else { continue }
            if let messages = value.arrayValue {
                record.fields[field] = .array(
                    messages.map { message in
                        guard var m = message.objectValue, let content = m["content"]?.stringValue else { return message }
                        m["content"] = .string(scrub(content).text)
                        return .object(m)
                    })
            } else if let text = value.stringValue {
                if record.shape == .qa && field == "answer" { continue }
                let (fresh, edits) = scrub(text)
                record.fields[field] = .string(fresh)
                if record.shape == .ner && field == "text" { Self.moveEntities(&record.fields, edits: edits, text: fresh) }
                if record.shape == .qa && field == "context" { Self.moveAnswer(&record.fields, edits: edits, context: fresh) }
            }
        }
        func counts(_ c: [PIIType: Int]) -> Value {
            .object(Fields(PIIType.allCases.compactMap { t in c[t].map { (t.rawValue, .int($0)) } }))
        }
        if !changed.isEmpty { record.provenance.extra["pii"] = counts(changed) }
        if !reported.isEmpty { record.provenance.extra["pii_reported"] = counts(reported) }
        return .keep
    }

    private static func moveEntities(_ fields: inout Fields, edits: [Edit], text: String) {
        guard !edits.isEmpty, let entities = fields["entities"]?.arrayValue else { return }
        let scalars = Array(text.unicodeScalars)
        fields["entities"] = .array(
            entities.map { entity in
                guard var e = entity.objectValue, case .int(let start)? = e["start"], case .int(let end)? = e["end"] else { return entity }
                let (s, t) = Edit.map(start, end, through: edits)
                e["start"] = .int(s)
                e["end"] = .int(t)
                e["text"] = .string(String(String.UnicodeScalarView(scalars[s..<t])))
                return .object(e)
            })
    }

    private static func moveAnswer(_ fields: inout Fields, edits: [Edit], context: String) {
        guard !edits.isEmpty, case .int(let start)? = fields["answer_start"], let answer = fields["answer"]?.stringValue else { return }
        let (s, t) = Edit.map(start, start + answer.unicodeScalars.count, through: edits)
        let scalars = Array(context.unicodeScalars)
        fields["answer"] = .string(String(String.UnicodeScalarView(scalars[s..<t])))
        fields["answer_start"] = .int(s)
    }
}

/// One replacement of `start..<end` (scalar offsets in the original text).
struct Edit {
    var start: Int
    var end: Int
    var replacement: [Unicode.Scalar]

    /// `text` with `edits` (sorted, not overlapping) applied.
    static func apply(_ edits: [Edit], to text: String) -> String {
        guard !edits.isEmpty else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var at = 0
        for e in edits {
            out.append(contentsOf: scalars[at..<e.start])
            out.append(contentsOf: e.replacement)
            at = e.end
        }
        out.append(contentsOf: scalars[at...])
        return String(out)
    }

    /// The span `start..<end` of the original text in the edited text; a span that overlaps an edit
    /// grows to cover all of it.
    static func map(_ start: Int, _ end: Int, through edits: [Edit]) -> (Int, Int) {
        var s = start
        var t = end
        for e in edits where e.start < t && s < e.end {
            s = min(s, e.start)
            t = max(t, e.end)
        }
        func shifted(_ p: Int, isEnd: Bool) -> Int {
            var delta = 0
            for e in edits {
                if isEnd ? e.end <= p : e.end <= p && e.start < p { delta += e.replacement.count - (e.end - e.start) }
            }
            return p + delta
        }
        return (shifted(s, isEnd: false), shifted(t, isEnd: true))
    }
}
